/**
 * Specs of this package that need a Kafka broker (`*.kafka.spec.ts`): each starts its own broker
 * through tools/kafka (Java 17+ needed), with auto-creation disabled where the spec is about topics.
 * Run: npx jest -c packages/kafka-events/jest.kafka.config.cjs
 */
const base = require('./jest.config.cjs');

module.exports = {
  ...base,
  displayName: `${base.displayName} (kafka)`,
  testMatch: ['**/*.kafka.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  maxWorkers: 1,
  testTimeout: 180_000,
};
