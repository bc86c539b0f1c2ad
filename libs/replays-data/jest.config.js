module.exports = {
  displayName: 'replays-data',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
