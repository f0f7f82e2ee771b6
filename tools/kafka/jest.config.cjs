/**
 * Tests of the local broker and of kafkajs 2.2.4 against it (real JVM, real network on
 * 127.0.0.1). Run: npx jest -c tools/kafka/jest.config.cjs
 * Serial (maxWorkers 1): the fault tests kill the shared broker.
 */
module.exports = {
  displayName: 'tools-kafka',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.cjs'],
  testPathIgnorePatterns: ['/node_modules/', '/\\.cache/'],
  transform: {},
  globalSetup: '<rootDir>/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/jest-global-teardown.cjs',
  maxWorkers: 1,
  testTimeout: 180_000,
};
