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
  /** Repository-relative file, when the item is a file (Currents spec path). */
  file?: string
  title: string
  failures?: number
  detail?: string
  url?: string
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
  /** Start a rerun of a finished run; answers the new run. */
  rerun?(
    runId: string,
    type: string,
    itemIds?: readonly number[],
    opts?: CallOptions
  ): Promise<RunSnapshot>
  /** Save the run's JUnit report to a path; answers the absolute path written. */
  saveReport?(runId: string, path: string, opts?: CallOptions): Promise<string>
  /** Cancel the runs of this GitHub workflow run and attempt (Currents cancel-ci/github). */
  cancelByCi?(opts?: CallOptions): Promise<CancelOutcome>
  /** Make failed work of a run re-executable (Currents reset); answers how many machines. */
  reset?(runId: string, machineIds: readonly string[], opts?: CallOptions): Promise<number>
  /** Delete a run and its data. */
  remove?(runId: string, opts?: CallOptions): Promise<void>
}
