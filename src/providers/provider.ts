/**
 * The seam between the generic gate (commands, waiting, reporting) and one test service.
 * Everything provider-specific (wire words, endpoints, body fields) stays behind it; the rest
 * of the code speaks of runs, statuses and counts.
 */

import type {
  CancelOutcome,
  CiCancelOutcome,
  FailedTests,
  FlakyTests,
  LastRun,
  RerunItem,
  RunSnapshot
} from '../model/run.js'

export interface CallOptions {
  signal?: AbortSignal
  /** Ends waits between tries only (for writes that must not be cut off: trigger, rerun). */
  sleepSignal?: AbortSignal
  /** Fewer, faster retries: the cancellation paths run inside the runner's short grace. */
  urgent?: boolean
  /** Date.now() time that no try may outlast (wait-timeout): each try's timeout ends by it. */
  deadline?: number
}

/**
 * A run's JUnit report: its text, or how to read it (the caller keeps what it read, so that the
 * failed and the flaky tests of one run download it once).
 */
export type ReportText = string | (() => Promise<string>)

/** What every provider can do. Optional members are capabilities only some services have. */
export interface Provider {
  readonly name: 'testsigma' | 'currents'
  /** The service's name for people: Testsigma, Currents. */
  readonly label: string
  /** Human label of the run for logs ("Testsigma run 1165", "Currents run abc"). */
  describe(runId: string): string
  /** Read one run. */
  get(runId: string, opts?: CallOptions): Promise<RunSnapshot>
  /** Stop or cancel one run. */
  cancel(runId: string, opts?: CallOptions): Promise<CancelOutcome>
  /** Start a new run (Testsigma: trigger the test plan). */
  start?(opts?: CallOptions): Promise<RunSnapshot>
  /** What start() starts a run of, for people ("test plan 274"), and where its runs are seen. */
  startSubject?(): { what: string; where: string }
  /**
   * What find() looks for, in words for the log ("the Currents run of project P with ciBuildId
   * B"), and what to check when it is never found.
   */
  findSubject?(): { what: string; hint: string }
  /** Look for a run recorded elsewhere (Currents find); undefined while it does not exist yet. */
  find?(opts?: CallOptions): Promise<RunSnapshot | undefined>
  /** The latest run recorded on a branch (Currents find by branch); undefined when none. */
  findOnBranch?(branch: string, opts?: CallOptions): Promise<RunSnapshot | undefined>
  /** Start a rerun of a finished run (of the picked items only, when given); answers the new run. */
  rerun?(
    runId: string,
    type: string,
    items?: readonly RerunItem[],
    opts?: CallOptions
  ): Promise<RunSnapshot>
  /** The run's JUnit report as the service sent it (checked to be a complete report). */
  readReport?(runId: string, opts?: CallOptions): Promise<string>
  /**
   * The failed tests of a finished run that failed: from its JUnit report (`report`, or read
   * here when not given) or the service's per-item results. Best effort: what cannot be read
   * is told in `problem`, or thrown as a GateError (transient when another try may help).
   * `reads` bounds the items read one by one (Currents instances), when the service reads so.
   */
  failedTests?(
    run: RunSnapshot,
    opts?: CallOptions & { report?: ReportText; reads?: number }
  ): Promise<FailedTests>
  /** Cancel the runs of this GitHub workflow run and attempt (Currents cancel-ci/github). */
  cancelByCi?(opts?: CallOptions): Promise<CiCancelOutcome>
  /** What cancelByCi cancels, in words for the log. */
  ciCancelSubject?(): string
  /**
   * The tests that passed only after failing, in the last of `runs` (the step's runs in order:
   * a rerun's flaky tests failed in an earlier one). `report` is the last run's report (or
   * how to read it). No request when the runs say there are none.
   */
  flakyTests?(
    runs: readonly RunSnapshot[],
    opts?: CallOptions & { report?: ReportText }
  ): Promise<FlakyTests>
  /** Make failed work of a run re-executable (Currents reset); answers how many machines. */
  reset?(runId: string, machineIds: readonly string[], opts?: CallOptions): Promise<number>
  /** Playwright's last run of the run recorded with `ciBuildId`; undefined when there is none. */
  lastRun?(ciBuildId: string, opts?: CallOptions): Promise<LastRun | undefined>
  /** Delete a run and its data. */
  remove?(runId: string, opts?: CallOptions): Promise<void>
}
