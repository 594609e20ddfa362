/**
 * Flaky tests of a plan run with `rerun-failed`: a test case that failed in one run and passed
 * in a later rerun of the failed tests, from the runs' JUnit reports. Matched by the test case's
 * own name: the suite's name may differ between a run and its rerun.
 */
import { type FailedTest, type FlakyTests, MAX_FAILED_TESTS } from '../../model/run.js'
import { junitCases } from './junit.js'

export interface RunReport {
  report: string
  /** Names the report in errors ("the JUnit report of Testsigma run 5"). */
  what: string
  url?: string
}

/** `reports` in the order the runs ran: the first run, then each rerun. */
export async function rerunFlakyTests(
  reports: readonly RunReport[],
  signal?: AbortSignal
): Promise<FlakyTests> {
  const failedBefore = new Map<string, string | undefined>()
  const flaky = new Map<string, FailedTest>()
  for (const r of reports) {
    for (const c of await junitCases(r.report, r.what, signal)) {
      if (c.failed) {
        flaky.delete(c.title)
        failedBefore.set(c.title, c.message)
      } else if (failedBefore.has(c.title) && !flaky.has(c.title)) {
        const test: FailedTest = { name: c.name, title: c.title }
        const message = failedBefore.get(c.title)
        if (message !== undefined) test.message = message
        if (r.url) test.url = r.url
        flaky.set(c.title, test)
      }
    }
  }
  const tests = [...flaky.values()]
  return { tests: tests.slice(0, MAX_FAILED_TESTS), found: tests.length }
}
