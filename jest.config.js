/** Jest: TypeScript through ts-jest without type checks (tsc --noEmit runs first in `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/util/global-setup.js',
  testTimeout: 120000,
  cacheDirectory: '<rootDir>/.jest-cache',
};
