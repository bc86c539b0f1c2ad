module.exports = {
  displayName: 'blob-store',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
