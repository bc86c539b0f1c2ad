module.exports = {
  displayName: 'issue-search',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
