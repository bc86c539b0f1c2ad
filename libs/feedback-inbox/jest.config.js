module.exports = {
  displayName: 'feedback-inbox',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
