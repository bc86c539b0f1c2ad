module.exports = {
  displayName: 'ingest-outcomes',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
