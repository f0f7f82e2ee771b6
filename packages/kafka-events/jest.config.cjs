/** Unit and integration tests of this package (ts-jest, CommonJS). */
module.exports = {
  displayName: require('./package.json').name,
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  // broker specs: jest.kafka.config.cjs; headless Chromium specs: jest.browser.config.cjs
  testPathIgnorePatterns: [
    '/node_modules/',
    '/files/',
    '\\.kafka\\.spec\\.ts$',
    '\\.browser\\.spec\\.ts$',
  ],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
};
