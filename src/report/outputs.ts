/** Every SPEC.md output, on every path: empty when unknown, so `if: always()` steps can rely on them. */
import type { Outcome } from '../model/outcome.js'
import type { RunStatus } from '../model/run.js'
import { failedTestsOutput } from './failed-tests.js'
import { flakyTestsOutput } from './flaky-tests.js'
import { finalStatus, outcomeCounts } from './verdict.js'

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
  'failed-tests',
  'flaky-tests',
  'pr-comment-url'
] as const
export type OutputName = (typeof OUTPUT_NAMES)[number]

/** `status`: the verdict's, when it differs from the run's (an error after a passed run). */
export function computeOutputs(
  outcome: Outcome,
  checkRunId?: number,
  status: RunStatus | '' = finalStatus(outcome),
  commentUrl?: string
): Record<OutputName, string> {
  const run = outcome.run
  const counts = outcomeCounts(outcome)
  const n = (v: number | undefined) => (v === undefined ? '' : String(v))
  return {
    'run-id': run?.id ?? '',
    'run-url': run?.url ?? '',
    status,
    result: run?.result ?? '',
    total: n(counts.total),
    passed: n(counts.passed),
    failed: n(counts.failed),
    skipped: n(counts.skipped),
    flaky: n(counts.flaky),
    'duration-ms': n(run?.durationMs),
    reruns: String(outcome.reruns),
    'check-run-id': n(checkRunId),
    'junit-path': outcome.junitPath ?? '',
    'extra-pw-flags': outcome.extraPwFlags ?? '',
    'failed-tests': failedTestsOutput(outcome),
    'flaky-tests': flakyTestsOutput(outcome),
    'pr-comment-url': commentUrl ?? ''
  }
}
