// Loaded before every test file (jest.config.js setupFilesAfterEnv), in the file's own module
// registry: the temp folders its tests and the e2e harness made are removed once it ends.
import { afterAll } from '@jest/globals'
import { removeTempDirs } from './temp-dirs.js'

afterAll(() => {
  removeTempDirs()
})
