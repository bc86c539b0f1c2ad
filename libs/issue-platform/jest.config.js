module.exports = {
  displayName: 'issue-platform',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
