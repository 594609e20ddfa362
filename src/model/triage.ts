/**
 * A gate that tells failures apart (SPEC.md "Quarantine and known failures"): an entry of the
 * quarantine file, what became of each failed test of a run, and the rules that decide it:
 * quarantined first (an entry in force matches), then known (failing in the baseline too),
 * then new. Pure: the entries, the baseline's failed tests and today's date come in.
 */
import { posix } from 'node:path'
import type { FailedTest, FailedTests } from './run.js'

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

export interface Baseline {
  /** In words: "main", "run 1234". */
  name: string
  /** Its failed tests; undefined with `problem` when they could not be read. */
  failed?: FailedTests
  problem?: string
}

/** Today in UTC as YYYY-MM-DD: an entry applies until the end of its `until` day. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10)
}

/** A test name pattern: the text itself, where `*` stands for any text. */
export function nameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name
  const parts = pattern.split('*').map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${parts.join('[\\s\\S]*')}$`).test(name)
}

/** A file glob against a repository path; an entry with a file never matches a test without. */
export function fileMatches(glob: string | undefined, file: string | undefined): boolean {
  if (glob === undefined) return true
  return file !== undefined && posix.matchesGlob(file, glob)
}

export function entryMatches(entry: QuarantineEntry, test: FailedTest): boolean {
  return nameMatches(entry.test, test.name) && fileMatches(entry.file, test.file)
}

/**
 * Known: the baseline has a failed test of the same name, and of the same file where both
 * name one.
 */
function knownIn(baseline: FailedTests, test: FailedTest): boolean {
  return baseline.tests.some(
    b =>
      b.name === test.name &&
      (b.file === undefined || test.file === undefined || b.file === test.file)
  )
}

/**
 * Why the failures can't all be told apart test by test, if they can't: items not read, more
 * failures found than listed, a count above what was read, or nothing read at all.
 */
export function uncheckedReason(
  failed: FailedTests | undefined,
  countedFailures: number | undefined
): string | undefined {
  if (!failed) return 'the failed tests could not be read'
  if (failed.unread.length > 0)
    return `${failed.unread.length === 1 ? 'a failed file was' : `${failed.unread.length} failed files were`} not read test by test`
  if (failed.found > failed.tests.length)
    return `only ${failed.tests.length} of ${failed.found} failed tests are listed`
  if (failed.found === 0) return 'the run failed without a failed test to check'
  if (countedFailures !== undefined && countedFailures > failed.found)
    return `the run counts ${countedFailures} failed tests, and ${failed.found} ${failed.found === 1 ? 'was' : 'were'} read`
  return undefined
}

export function triage(
  failed: FailedTests | undefined,
  entries: readonly QuarantineEntry[],
  today: string,
  options: { countedFailures?: number; baseline?: Baseline } = {}
): Triage {
  const result: Triage = { quarantined: [], expired: [], known: [], fresh: [], unused: [] }
  const unchecked = uncheckedReason(failed, options.countedFailures)
  if (unchecked !== undefined) result.unchecked = unchecked
  const baseline = options.baseline
  if (baseline) {
    result.baseline = baseline.name
    if (baseline.problem !== undefined) result.baselineProblem = baseline.problem
  }
  const used = new Set<QuarantineEntry>()
  for (const test of failed?.tests ?? []) {
    const matching = entries.filter(e => entryMatches(e, test))
    matching.forEach(e => used.add(e))
    const inForce = matching.find(e => e.until >= today)
    if (inForce) {
      result.quarantined.push({ test, entry: inForce })
      continue
    }
    if (matching[0]) result.expired.push({ test, entry: matching[0] })
    if (baseline?.failed && knownIn(baseline.failed, test)) result.known.push(test)
    else result.fresh.push(test)
  }
  result.unused = entries.filter(e => !used.has(e))
  return result
}

/**
 * Whether the failures gate: every failure must have been checked one by one for the gate to
 * let any pass; then `any` gates on what the quarantine did not let pass, `new` only on new
 * failures (known ones are reported, not gated on).
 */
export function failuresGate(t: Triage, failOn: 'any' | 'new'): boolean {
  if (t.unchecked !== undefined) return true
  return failOn === 'new' ? t.fresh.length > 0 : t.fresh.length + t.known.length > 0
}

/** The failed tests that do not gate: quarantined ones, and known ones with fail-on new. */
export function notGating(t: Triage | undefined, failOn: 'any' | 'new'): Set<FailedTest> {
  if (!t) return new Set()
  return new Set([...t.quarantined.map(q => q.test), ...(failOn === 'new' ? t.known : [])])
}
