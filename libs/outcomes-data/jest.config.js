module.exports = {
  displayName: 'outcomes-data',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
