module.exports = {
  displayName: 'api-tokens-data',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
