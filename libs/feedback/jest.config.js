module.exports = {
  displayName: 'feedback',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
