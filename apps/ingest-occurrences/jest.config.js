module.exports = {
  displayName: 'ingest-occurrences',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
