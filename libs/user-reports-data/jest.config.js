module.exports = {
  displayName: 'user-reports-data',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
