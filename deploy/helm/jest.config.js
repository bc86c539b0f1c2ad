module.exports = {
  displayName: 'deploy-helm',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
