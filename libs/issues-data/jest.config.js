module.exports = {
  displayName: 'issues-data',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
