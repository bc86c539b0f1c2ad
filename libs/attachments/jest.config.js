module.exports = {
  displayName: 'attachments',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
