/**
 * Tests run against real Neo4j instances started by the global setup, one per worker. The explorer's
 * browser tests (web/e2e) also need its production build and Chromium, which `npm test` provides.
 */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/services/api/src', '<rootDir>/web'],
  testPathIgnorePatterns: ['/node_modules/', '/.next/'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  // type-graphql's decorators need the metadata polyfill in every test that reaches a types module.
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/services/api/src/test-support/global-setup.ts',
  globalTeardown: '<rootDir>/services/api/src/test-support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
};
