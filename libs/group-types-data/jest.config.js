module.exports = {
  displayName: 'group-types-data',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
