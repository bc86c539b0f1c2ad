module.exports = {
  displayName: 'alerts-data',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
