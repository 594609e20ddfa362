/**
 * The vocabulary of a run, whatever the service: its status, counts, failed tests, and what a
 * cancel did. Imports nothing: every other room speaks these words.
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
  /** The provider's id of the item, where its tests can be read (a Currents spec's instance). */
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
  /**
   * The rest of the error after `message` (Expected/Received, the code frame): at most
   * MAX_DETAIL_LINES lines, colour codes stripped.
   */
  details?: string
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

/** A failed test's details keep this many lines: enough for Expected/Received and a code frame. */
export const MAX_DETAIL_LINES = 20

/**
 * The tests of a finished run that passed only after failing: on a retry in the same run
 * (Currents), or in a rerun of the failed tests (Testsigma `rerun-failed`). Best effort too.
 */
export interface FlakyTests {
  /** In the run's order, at most MAX_FAILED_TESTS of them; `message` is the error they first failed with. */
  tests: FailedTest[]
  found: number
  problem?: string
}

/** One item of a run (a Currents spec) with the counts of its tests, for a JUnit testsuite. */
export interface RunItem {
  /** As the run names it (a Currents spec path, relative to Playwright's testDir). */
  file: string
  tests: number
  failures: number
  /** Skipped and pending together, as the run's counts have them. */
  skipped: number
  flaky: number
  durationMs?: number
}

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
  /** How a run recorded elsewhere was found, when it could have been named two ways. */
  foundBy?: string
  /** Items with flaky tests (Currents: specs whose stats count some), where they can be read. */
  flakyItems?: RunFailure[]
  /**
   * Every item of the run with its own counts (Currents: each spec, in the run's order), where
   * the service lists them: what a JUnit file of the whole run is built from.
   */
  items?: RunItem[]
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

/**
 * What cancelling by GitHub run (or, with Currents' record key, by ciBuildId) did: a cancel
 * that found something to do, or why there was nothing.
 */
export type CiCancelOutcome =
  | 'cancelled'
  | 'already-cancelled' // another job cancelled it first (Currents 422 "Run is cancelled")
  | 'not-found' // nothing in progress matched (Currents cancel-ci/github 404)
  | 'nothing-recorded' // no run was recorded yet (Currents record-key cancel, runId null)

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
