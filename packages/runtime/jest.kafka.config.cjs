/**
 * Specs of the kafkajs producer and consumer against a real broker (`*.kafka.spec.ts`).
 * tools/kafka's global setup starts a local single-node broker (or uses KAFKA_BROKERS) and
 * exports its address; one worker, because the fault specs kill and restart that shared broker.
 * Run: npx jest -c packages/runtime/jest.kafka.config.cjs (or `npm run test:kafka`).
 */
const base = require('./jest.config.cjs');

module.exports = {
  ...base,
  displayName: `${base.displayName} (kafka)`,
  testMatch: ['**/*.kafka.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  globalSetup: '<rootDir>/../../tools/kafka/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/../../tools/kafka/jest-global-teardown.cjs',
  maxWorkers: 1,
  testTimeout: 120_000,
  slowTestThreshold: 30,
};
