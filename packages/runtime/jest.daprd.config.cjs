/**
 * Specs against the real Dapr sidecar (`*.daprd.spec.ts`): daprd built from Dapr's Go module by
 * tools/dapr (first run only) over the real Kafka broker of tools/kafka. One worker: the specs
 * start several sidecars each and kill some of them.
 * Run: npx jest -c packages/runtime/jest.daprd.config.cjs (or `npm run test:dapr`).
 */
const base = require('./jest.config.cjs');

module.exports = {
  ...base,
  displayName: `${base.displayName} (daprd)`,
  testMatch: ['**/*.daprd.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  globalSetup: '<rootDir>/../../tools/dapr/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/../../tools/kafka/jest-global-teardown.cjs',
  maxWorkers: 1,
  testTimeout: 180_000,
  slowTestThreshold: 30,
};
