/**
 * The seam between the generic gate (commands, waiting, reporting) and one test service.
 * Everything provider-specific (wire words, endpoints, body fields) stays behind it; the rest
 * of the code speaks of runs, statuses and counts.
 */

/** SPEC.md's status words. */
export type RunStatus = 'queued' | 'running' | 'passed' | 'failed' | 'cancelled' | 'timed-out'

/** Where a run is in its life; only `finished` ends a wait. */
export type RunState = 'queued' | 'running' | 'finished'

export interface RunCounts {
  total?: number
  passed?: number
  failed?: number
  skipped?: number
  flaky?: number
}

/** One failed item (a Currents spec file, a Testsigma run) for annotations and the summary. */
export interface RunFailure {
  /** The provider's id of the item, where its tests can be read (Currents instanceId). */
  id?: string
  /** Repository-relative file, when the item is a file (Currents spec path). */
  file?: string
  title: string
  failures?: number
  detail?: string
  url?: string
}

/** One failed test (SPEC.md "What failed"): the `failed-tests` output's entry, and a bit more. */
export interface FailedTest {
  name: string
  /** The test's own name when `name` also carries its suite's: the annotation's title. */
  title?: string
  /** Repository-relative file, when known (so an annotation shows on the diff). */
  file?: string
  line?: number
  /** One line, colour codes stripped. */
  message?: string
  url?: string
  /** The item the test belongs to, for grouping (Currents: its spec's file in the repository). */
  group?: string
}

/** What was learnt about the failed tests of a finished run; reading them is best effort. */
export interface FailedTests {
  /** In the run's order, at most MAX_FAILED_TESTS of them. */
  tests: FailedTest[]
  /** Failed tests found in all (more than `tests` holds when the list was cut). */
  found: number
  /** Failed items whose tests were not read (Currents: specs past the first 10, or unreadable). */
  unread: RunFailure[]
  /** What could not be read, in words, for one warning; the verdict never depends on it. */
  problem?: string
}

/** The failed-tests output, the summary and the check run list at most this many tests. */
export const MAX_FAILED_TESTS = 100

/** A normalized view of one run at one moment. */
export interface RunSnapshot {
  id: string
  url?: string
  state: RunState
  status: RunStatus
  /** The provider's own result word, as it sent it (e.g. SUCCESS, FAILED). */
  result: string
  counts: RunCounts
  durationMs?: number
  message?: string
  /** Failed items, known once the run is finished (may be partial while running). */
  failures: RunFailure[]
  /** One short line of provider-specific progress for the log (specs claimed, child run...). */
  progress?: string
  /** Extra rows for the job summary, provider-specific but already in words (name, value). */
  details?: Array<[string, string]>
}

/** The outcome of asking a service to stop or cancel a run. */
export type CancelOutcome =
  | 'cancelled' // the request was accepted
  | 'already-finished' // nothing was running any more (Testsigma 500 on stop, Currents 422)
  | 'not-found' // nothing matched (Currents cancel-ci/github 404)

export interface CallOptions {
  signal?: AbortSignal
  /** Ends waits between tries only (for writes that must not be cut off: trigger, rerun). */
  sleepSignal?: AbortSignal
  /** Fewer, faster retries: the cancellation paths run inside the runner's short grace. */
  urgent?: boolean
}

/** One item of a picked rerun (a Testsigma test case result) and, when data-driven, its iterations. */
export interface RerunItem {
  id: number
  /** All, the failed or the passed iterations, or these iteration result ids. */
  iterations?: 'all' | 'failed' | 'passed' | readonly number[]
}

/**
 * Playwright's `.last-run.json` of an earlier run: what `playwright test --last-failed` reads
 * ({status, failedTests: [test ids]}).
 */
export interface LastRun {
  failedTests: readonly string[]
  /** The file's content as the service sent it, to be written unchanged. */
  file: Readonly<Record<string, unknown>>
}

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
   */
  failedTests?(run: RunSnapshot, opts?: CallOptions & { report?: string }): Promise<FailedTests>
  /** Cancel the runs of this GitHub workflow run and attempt (Currents cancel-ci/github). */
  cancelByCi?(opts?: CallOptions): Promise<CancelOutcome>
  /** Make failed work of a run re-executable (Currents reset); answers how many machines. */
  reset?(runId: string, machineIds: readonly string[], opts?: CallOptions): Promise<number>
  /** Playwright's last run of the run recorded with `ciBuildId`; undefined when there is none. */
  lastRun?(ciBuildId: string, opts?: CallOptions): Promise<LastRun | undefined>
  /** Delete a run and its data. */
  remove?(runId: string, opts?: CallOptions): Promise<void>
}
