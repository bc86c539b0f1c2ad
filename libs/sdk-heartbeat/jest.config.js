module.exports = {
  displayName: 'sdk-heartbeat',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
