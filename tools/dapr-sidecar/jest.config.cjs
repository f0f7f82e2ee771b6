/** Unit specs of the stand-in sidecar that need no broker: npx jest -c tools/dapr-sidecar/jest.config.cjs */
module.exports = {
  displayName: 'tools-dapr-sidecar',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.cjs'],
  transform: {},
};
