/**
 * Specs of this package that render pages in a real headless Chromium (`*.browser.spec.ts`):
 * Debian's chromium package, installed by tools/chromium/install.sh, driven by playwright-core.
 * Run: bash tools/chromium/install.sh && npx jest -c packages/kafka-events/jest.browser.config.cjs
 */
const base = require('./jest.config.cjs');

module.exports = {
  ...base,
  displayName: `${base.displayName} (browser)`,
  testMatch: ['**/*.browser.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  maxWorkers: 1,
  testTimeout: 120_000,
};
