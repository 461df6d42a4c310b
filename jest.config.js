/** Tests run against real Neo4j instances started by the global setup, one per worker. */
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
  roots: ['<rootDir>/services/api/src'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  globalSetup: '<rootDir>/services/api/src/test-support/global-setup.ts',
  globalTeardown: '<rootDir>/services/api/src/test-support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
};
