module.exports = {
  displayName: 'post-process',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
