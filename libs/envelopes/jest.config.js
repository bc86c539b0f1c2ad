module.exports = {
  displayName: 'envelopes',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
