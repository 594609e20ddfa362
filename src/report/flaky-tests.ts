/**
 * The tests that passed only after failing (a retry in the run, or a rerun of the failed
 * tests), by name: the summary's "Flaky tests" section and the `flaky-tests` output. Never an
 * error annotation: a flaky test did not fail the run.
 */
import type { Outcome } from '../model/outcome.js'
import type { FailedTest, FlakyTests } from '../model/run.js'
import { type FailedTestEntry, testEntry } from './failed-tests.js'
import { md, mdLink } from './text.js'

/** `file:line`, or the file alone, or ''. */
export function whereOf(t: FailedTest): string {
  if (t.file === undefined) return ''
  return t.line !== undefined ? `${t.file}:${t.line}` : t.file
}

/** Like failed-tests; undefined when the flaky tests were not read (no run, or not finished). */
export function flakyTestsList(outcome: Outcome): FailedTestEntry[] | undefined {
  const flaky = outcome.flaky
  if (!flaky) return undefined
  return flaky.tests.map(testEntry)
}

/** The summary's section (markdown lines, ending with an empty line); none when there are none. */
export function flakyTestsSection(flaky: FlakyTests | undefined): string[] {
  if (!flaky || flaky.found === 0) return []
  const out = [
    `#### Flaky tests (${flaky.found})`,
    '',
    'Passed only after failing; they did not fail the run.',
    '',
    '| Test | File | First failed with |',
    '|---|---|---|',
    ...flaky.tests.map(t => `| ${mdLink(t.name, t.url)} | ${md(whereOf(t))} | ${md(t.message)} |`),
    ''
  ]
  const more = flaky.found - flaky.tests.length
  if (more > 0) out.push(`…and ${more} more, not read one by one.`, '')
  return out
}
