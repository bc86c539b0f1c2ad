module.exports = {
  displayName: 'attachments-data',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
