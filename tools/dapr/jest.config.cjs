/**
 * Unit specs of the Dapr tooling that need neither daprd nor a broker (manifest copying, the
 * wrapper module, toolchain errors). The specs against the real daprd live in
 * packages/runtime (*.daprd.spec.ts). Run: npx jest -c tools/dapr/jest.config.cjs
 */
module.exports = {
  displayName: 'tools-dapr',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.cjs'],
  testPathIgnorePatterns: ['/node_modules/', '/\\.cache/'],
  transform: {},
};
