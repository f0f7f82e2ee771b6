/**
 * Specs of the release tooling (nx release's version actions). Run:
 * npx jest -c tools/release/jest.config.cjs
 */
module.exports = {
  displayName: 'tools-release',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.cjs'],
  transform: {},
};
