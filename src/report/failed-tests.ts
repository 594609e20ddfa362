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

/**
 * The `failed-tests` output: a JSON array of {name, file?, line?, message?, url?}; `[]` when
 * the run has none; empty when no run is known, or when its failed tests are not (the run did
 * not pass and they were not read: a `status` read, a cancelled run, an unreadable report).
 */
export function failedTestsOutput(outcome: Outcome): string {
  const run = outcome.run
  if (!run) return ''
  if (!outcome.failed) return run.state === 'finished' && run.status === 'passed' ? '[]' : ''
  const entries = failedEntries(outcome.failed).map(({ name, file, line, message, url }) => ({
    name,
    file,
    line,
    message,
    url
  }))
  return JSON.stringify(entries)
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
