/** Every SPEC.md output, on every path: empty when unknown, so `if: always()` steps can rely on them. */
import type { Outcome } from '../commands/context.js'
import { failedTestsOutput } from './failed-tests.js'
import { finalStatus } from './verdict.js'

export const OUTPUT_NAMES = [
  'run-id',
  'run-url',
  'status',
  'result',
  'total',
  'passed',
  'failed',
  'skipped',
  'flaky',
  'duration-ms',
  'reruns',
  'check-run-id',
  'junit-path',
  'extra-pw-flags',
  'failed-tests'
] as const
export type OutputName = (typeof OUTPUT_NAMES)[number]

export function computeOutputs(outcome: Outcome, checkRunId?: number): Record<OutputName, string> {
  const run = outcome.run
  const n = (v: number | undefined) => (v === undefined ? '' : String(v))
  return {
    'run-id': run?.id ?? '',
    'run-url': run?.url ?? '',
    status: finalStatus(outcome),
    result: run?.result ?? '',
    total: n(run?.counts.total),
    passed: n(run?.counts.passed),
    failed: n(run?.counts.failed),
    skipped: n(run?.counts.skipped),
    flaky: n(run?.counts.flaky),
    'duration-ms': n(run?.durationMs),
    reruns: String(outcome.reruns),
    'check-run-id': n(checkRunId),
    'junit-path': outcome.junitPath ?? '',
    'extra-pw-flags': outcome.extraPwFlags ?? '',
    'failed-tests': failedTestsOutput(outcome)
  }
}
