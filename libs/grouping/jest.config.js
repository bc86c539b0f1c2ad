module.exports = {
  displayName: 'grouping',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
