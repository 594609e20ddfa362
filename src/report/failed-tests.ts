/**
 * The failed tests of a gate's run wherever a reviewer looks (SPEC.md "What failed"): a job
 * summary section, the `failed-tests` output, and the entries that annotations (the step's and
 * the check run's, in github/) are made of. Failed items whose tests were not read (Currents specs past the
 * first 10) follow the tests, by file.
 */
import { plural } from '../model/words.js'
import type { Outcome } from '../model/outcome.js'
import {
  type FailedTest,
  type FailedTests,
  MAX_FAILED_TESTS,
  type RunFailure
} from '../model/run.js'
import { detailsBlock, md, mdLink } from './text.js'
import type { RunStatus } from '../model/run.js'
import type { Settings } from '../settings/settings.js'
import { isGate } from '../settings/gate.js'

/** An item (a spec file) whose tests were not read, as an entry of the list. */
export function itemEntry(f: RunFailure): FailedTest {
  const entry: FailedTest = { name: f.file ?? f.title }
  if (f.file !== undefined) entry.file = f.file
  entry.message =
    f.failures !== undefined
      ? `${plural(f.failures, 'failed test')}; not read one by one`
      : 'failed'
  if (f.url !== undefined) entry.url = f.url
  return entry
}

/** Tests first, then the items not read, at most MAX_FAILED_TESTS in all. */
export function failedEntries(failed: FailedTests | undefined): FailedTest[] {
  if (!failed) return []
  const room = Math.max(0, MAX_FAILED_TESTS - failed.tests.length)
  return [...failed.tests, ...failed.unread.slice(0, room).map(itemEntry)]
}

export type FailedTestEntry = Pick<FailedTest, 'name' | 'file' | 'line' | 'message' | 'url'> & {
  known?: boolean
}

/** A test as the `failed-tests` and `flaky-tests` outputs list it: what a script needs. */
export function testEntry({ name, file, line, message, url }: FailedTest): FailedTestEntry {
  return { name, file, line, message, url }
}

export type QuarantinedTestEntry = Pick<FailedTest, 'name' | 'file' | 'line' | 'message'> & {
  reason: string
  until: string
  owner?: string
}

/**
 * The `failed-tests` output: the list of {name, file?, line?, message?, url?, known?}; `[]` when the
 * run has none; undefined when no run is known, or when its failed tests are not (the run did
 * not pass and they were not read: a `status` read, a cancelled run, an unreadable report).
 */
export function failedTestsList(outcome: Outcome): FailedTestEntry[] | undefined {
  const run = outcome.run
  if (!run) return undefined
  if (!outcome.failed) return run.state === 'finished' && run.status === 'passed' ? [] : undefined
  // With a baseline, each failure that was compared says whether it fails there too.
  const t = outcome.triage?.baseline !== undefined ? outcome.triage : undefined
  const known = (test: FailedTest) =>
    t?.known.includes(test) ? true : t?.fresh.includes(test) ? false : undefined
  return failedEntries(outcome.failed).map(test => ({ ...testEntry(test), known: known(test) }))
}

/**
 * GitHub shows at most 10 error annotations per step; the verdict's own line is one of them,
 * so failed tests get the other 9 (and the CLI logs as many), and the summary lists the rest.
 */
export const MAX_FAILURE_LINES = 9

/** Whether a step shows its failed tests one by one: a gate (run, rerun) on a failed run. */
export function showsFailedTests(
  settings: Settings,
  outcome: Outcome,
  status: RunStatus | ''
): boolean {
  return (
    isGate(settings.command) &&
    settings.annotations &&
    outcome.run?.state === 'finished' &&
    outcome.run.status === 'failed' &&
    status === 'failed'
  )
}

/** The CLI's log of what failed: one line per failed test, as the action's annotations. */
export function failedTestLines(outcome: Outcome): string[] {
  const failed = outcome.failed
  const lines =
    failed && failed.tests.length > 0
      ? failedEntries(failed).map(t => {
          const where = t.file ? ` (${t.file}${t.line !== undefined ? `:${t.line}` : ''})` : ''
          return `failed: ${t.name}${where}${t.message ? `: ${t.message}` : ''}`
        })
      : (outcome.run?.failures ?? []).map(f => {
          const count = f.failures ? ` (${plural(f.failures, 'failed test')})` : ''
          return `failed: ${f.file ?? f.title}${count}${f.detail ? `: ${f.detail}` : ''}`
        })
  const total =
    failed && failed.tests.length > 0 ? failed.found + failed.unread.length : lines.length
  const shown = lines.slice(0, MAX_FAILURE_LINES)
  if (total > shown.length)
    shown.push(`…and ${total - shown.length} more (see --summary or --json)`)
  return shown
}

/**
 * The `quarantined-tests` output: the failures that the quarantine let pass, each with its
 * entry's reason, until and owner; `[]` when none; empty when no quarantine was asked, or the
 * run's failures were not triaged.
 */
export function quarantinedTestsList(outcome: Outcome): QuarantinedTestEntry[] | undefined {
  const t = outcome.triage
  if (!t)
    return outcome.run?.state === 'finished' && outcome.run.status === 'passed' ? [] : undefined
  return t.quarantined.map(({ test, entry }) => ({
    name: test.name,
    file: test.file,
    line: test.line,
    message: test.message,
    reason: entry.reason,
    until: entry.until,
    owner: entry.owner
  }))
}

/**
 * The summary's "Failed tests" section (markdown lines, each block followed by an empty line),
 * grouped when the tests have groups.
 */
export function failedTestsSection(failed: FailedTests): string[] {
  if (failed.found === 0 && failed.unread.length === 0) return []
  const out = [`#### Failed tests (${failed.found})`, '']
  const unread = failed.unread.length
  const withLines = failed.tests.some(t => t.line !== undefined)
  const header = withLines
    ? ['| Test | Line | Message |', '|---|---:|---|']
    : ['| Test | Message |', '|---|---|']
  const row = (t: FailedTest) =>
    withLines
      ? `| ${mdLink(t.name, t.url)} | ${t.line ?? ''} | ${md(t.message)} |`
      : `| ${mdLink(t.name, t.url)} | ${md(t.message)} |`
  let group: string | undefined
  let open = false
  for (const t of failed.tests) {
    if (!open || t.group !== group) {
      if (open) out.push('')
      if (t.group !== undefined) out.push(`**${md(t.group)}**`, '')
      out.push(...header)
      group = t.group
      open = true
    }
    out.push(row(t))
  }
  if (open) out.push('')
  out.push(...detailsBlocks(failed.tests))
  const more = failed.found - failed.tests.length
  if (more > 0) out.push(`…and ${more} more, not listed.`, '')
  if (unread > 0) {
    const which =
      failed.tests.length > 0 ? plural(unread, 'more failed file') : plural(unread, 'failed file')
    out.push(`The tests of ${which} were not read one by one: see the files below.`, '')
  }
  return out
}

/** The rest of each error, folded, for the first DETAILED_TESTS tests that have one. */
export const DETAILED_TESTS = 20

function detailsBlocks(tests: readonly FailedTest[]): string[] {
  const blocks = tests
    .filter(t => t.details !== undefined)
    .slice(0, DETAILED_TESTS)
    .map(t => detailsBlock(`${t.name}: the whole error`, t.details))
    .filter(Boolean)
  return blocks.flatMap(b => [b, ''])
}
