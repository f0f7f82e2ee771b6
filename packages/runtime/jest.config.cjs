/**
 * Unit tests of this package (ts-jest, CommonJS). Specs that need a Kafka broker are named
 * `*.kafka.spec.ts` and run with jest.kafka.config.cjs instead.
 */
module.exports = {
  displayName: require('./package.json').name,
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '/files/',
    '\\.kafka\\.spec\\.ts$',
    '\\.daprd\\.spec\\.ts$',
  ],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
};
