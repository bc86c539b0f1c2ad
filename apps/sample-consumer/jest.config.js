module.exports = {
  displayName: 'sample-consumer',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
