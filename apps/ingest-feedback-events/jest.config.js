module.exports = {
  displayName: 'ingest-feedback-events',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
