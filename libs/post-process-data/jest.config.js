module.exports = {
  displayName: 'post-process-data',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
