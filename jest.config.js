// ESM mode: @actions/core 3 and @actions/github 9 ship only ES modules, so jest runs with
// --experimental-vm-modules (see package.json) and ts-jest emits ESM.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  // Removes the temp folders each test file made (__tests__/temp-dirs.ts) when it ends.
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup-after-env.ts'],
  testTimeout: 60000
}
