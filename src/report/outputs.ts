/** Every SPEC.md output, on every path: empty when unknown, so `if: always()` steps can rely on them. */
import type { Outcome } from '../model/outcome.js'
import type { RunStatus } from '../model/run.js'
import {
  type FailedTestEntry,
  type QuarantinedTestEntry,
  failedTestsList,
  quarantinedTestsList
} from './failed-tests.js'
import { flakyTestsList } from './flaky-tests.js'
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
  'quarantined-tests',
  'flaky-tests',
  'pr-comment-url'
] as const
export type OutputName = (typeof OUTPUT_NAMES)[number]

/**
 * Each output as its own type, `null` when unknown: what the CLI's --json prints. Run ids stay
 * strings (Testsigma's are exact past 2^53 only as digits); extra-pw-flags is always a string,
 * so that a script can pass it to playwright as it is.
 */
export type OutputValue = string | number | FailedTestEntry[] | QuarantinedTestEntry[] | null

/** `status`: the verdict's, when it differs from the run's (an error after a passed run). */
export function typedOutputs(
  outcome: Outcome,
  checkRunId?: number,
  status: RunStatus | '' = finalStatus(outcome),
  commentUrl?: string
): Record<OutputName, OutputValue> {
  const run = outcome.run
  const counts = outcomeCounts(outcome)
  return {
    'run-id': run?.id ?? outcome.runId ?? null,
    'run-url': run?.url ?? null,
    status: status || null,
    result: run?.result || null,
    total: counts.total ?? null,
    passed: counts.passed ?? null,
    failed: counts.failed ?? null,
    skipped: counts.skipped ?? null,
    flaky: counts.flaky ?? null,
    'duration-ms': run?.durationMs ?? null,
    reruns: outcome.reruns,
    'check-run-id': checkRunId ?? null,
    'junit-path': outcome.junitPath ?? null,
    'extra-pw-flags': outcome.extraPwFlags ?? '',
    'failed-tests': failedTestsList(outcome) ?? null,
    'quarantined-tests': quarantinedTestsList(outcome) ?? null,
    'flaky-tests': flakyTestsList(outcome) ?? null,
    'pr-comment-url': commentUrl ?? null
  }
}

/** The action's outputs: strings, as GitHub's are; '' when unknown, lists as JSON text. */
export function computeOutputs(
  outcome: Outcome,
  checkRunId?: number,
  status: RunStatus | '' = finalStatus(outcome),
  commentUrl?: string
): Record<OutputName, string> {
  const typed = typedOutputs(outcome, checkRunId, status, commentUrl)
  const text = (v: OutputValue) =>
    v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  return Object.fromEntries(Object.entries(typed).map(([name, v]) => [name, text(v)])) as Record<
    OutputName,
    string
  >
}
