module.exports = {
  displayName: 'error-post-process',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
