/** Entry point of the simulator: everything tests, the demo and the benchmark use. */
export * from './server.js'
export type {
  TestCaseResult,
  TestsigmaOutcome,
  TestsigmaPlanOptions,
  TestsigmaRun
} from './testsigma/service.js'
export type {
  CompletionState,
  CurrentsOutcome,
  CurrentsRunOptions,
  CurrentsRunState,
  CurrentsSpecOptions,
  SpecSeed
} from './currents/service.js'
export type { CheckRunRecord } from './github.js'
