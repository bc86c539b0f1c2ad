module.exports = {
  displayName: 'ingest-events',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
