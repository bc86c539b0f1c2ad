module.exports = {
  displayName: 'prod-build',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
