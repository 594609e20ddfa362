/** What a command did, as the reporting edges read it, and the log it writes to. */
import type { CancelOutcome, FailedTests, FlakyTests, RunSnapshot } from './run.js'
import type { Triage } from './triage.js'

/** Log lines. The edge makes untrusted text inert before printing (see github/log.ts and cli/log.ts). */
export interface Log {
  info(line: string): void
  warn(line: string): void
  debug(line: string): void
}

/** How a run was stopped by us, for the summary and the outputs. */
export interface Stop {
  reason: 'signal' | 'timeout'
  outcome: CancelOutcome | 'not-attempted' | 'failed'
  at: number
  error?: string
  /** What the user should know or check, e.g. that a run may have started. */
  note?: string
  /** After a stop that failed: what happens next (default: the post step tries again). */
  then?: string
}

/**
 * Filled in as a command goes, so that the outputs and the summary can say what is known even
 * when the command ends with an error.
 */
export interface Outcome {
  /** The run the result is about: the last one (after reruns). */
  run?: RunSnapshot
  /** The id of the run the step follows, known from the input before its first read. */
  runId?: string
  /** Every run of this step in order: the first, then each rerun, at their last known state. */
  history: RunSnapshot[]
  reruns: number
  stop?: Stop
  junitPath?: string
  /** last-failed: the flags for `playwright test` (`--last-failed` once the file is written). */
  extraPwFlags?: string
  /** The failed tests of the last run, when it failed and they could be read. */
  failed?: FailedTests
  /** A gate with a quarantine or a baseline: what each failure of the last run is. */
  triage?: Triage
  /** The tests of the last run that passed only after failing, when they could be read. */
  flaky?: FlakyTests
  /** One line saying what a command without a run result did ("cancelled 2 runs", ...). */
  done?: string
  startedAt: number
}

export function newOutcome(now: number): Outcome {
  return { history: [], reruns: 0, startedAt: now }
}

/** Record the latest snapshot of the current run (replacing its older snapshot in history). */
export function record(outcome: Outcome, run: RunSnapshot): void {
  const i = outcome.history.findIndex(r => r.id === run.id)
  if (i >= 0) outcome.history[i] = run
  else outcome.history.push(run)
  outcome.run = run
}
