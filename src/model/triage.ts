/**
 * The words of a gate that tells failures apart (SPEC.md "Quarantine and known failures"): an
 * entry of the quarantine file, and what became of each failed test of a run.
 */
import type { FailedTest } from './run.js'

/** One entry of the quarantine file, as written in the repository. */
export interface QuarantineEntry {
  /** The test's name as the summary shows it; `*` matches any text. */
  test: string
  /** A glob of the repository path (`*` within a folder, `**` across folders). */
  file?: string
  reason: string
  /** The last day (UTC, YYYY-MM-DD) on which the entry applies. */
  until: string
  owner?: string
  /** Where the entry starts in the file, for messages. */
  line: number
}

export interface QuarantinedTest {
  test: FailedTest
  entry: QuarantineEntry
}

/** What each failure of a run is, once the quarantine and the baseline have been asked. */
export interface Triage {
  /** Failures that a quarantine entry in force lets pass. */
  quarantined: QuarantinedTest[]
  /** Failures that only an expired entry matched: they gate again, and the warning says so. */
  expired: QuarantinedTest[]
  /** Failures that fail in the baseline too (same name, same file where both have one). */
  known: FailedTest[]
  /** Every other failure. */
  fresh: FailedTest[]
  /** Entries that matched no failure of this run (told in the debug log only). */
  unused: QuarantineEntry[]
  /**
   * Why some failures could not be told apart test by test (specs not read, a count larger
   * than the tests read): such failures are never quarantined nor known.
   */
  unchecked?: string
  /** The baseline, in words ("main", "run 1234"); undefined when none was asked for. */
  baseline?: string
  /** Why the baseline could not be read: then every failure counts as new. */
  baselineProblem?: string
}
