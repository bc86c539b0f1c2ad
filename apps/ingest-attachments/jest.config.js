module.exports = {
  displayName: 'ingest-attachments',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
