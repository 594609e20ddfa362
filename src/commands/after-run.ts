/**
 * What a gate does once its last run has finished: save the run's JUnit report when
 * `junit-path` asks for it, and, when the run failed, learn its failed tests (SPEC.md "What
 * failed"). One fetch of the report serves both; a service with no report to fetch (Currents)
 * gets one written from the run and the tests read, after they are read. Learning the failed tests is best effort: what
 * cannot be read is one warning, and the verdict never depends on it.
 */
import { plural } from '../model/words.js'
import { describeError, isGateError } from '../model/errors.js'
import type { FailedTest, FailedTests, RunSnapshot } from '../model/run.js'
import type { Context } from './context.js'
import type { ReportText } from '../providers/provider.js'
import type { Outcome } from '../model/outcome.js'
import { writeReport } from '../files/report-file.js'
import { junitXml } from '../files/junit-xml.js'
import { readsFor, triageFailures, triaging } from './triage.js'

/** The report may be written a moment after the run completes: a few tries, 2 s apart. */
const REPORT_TRIES = 3

export async function afterRun(ctx: Context, outcome: Outcome, run: RunSnapshot): Promise<void> {
  const { settings, provider } = ctx
  const download = provider.readReport?.bind(provider, run.id, { signal: ctx.signal })
  let report: string | undefined
  const junitPath = settings.junitPath
  if (junitPath !== undefined && download) {
    report = await withRetries(ctx, REPORT_TRIES, download)
    outcome.junitPath = await writeReport(
      junitPath,
      report,
      `the JUnit report of ${provider.describe(run.id)}`
    )
    ctx.log.info(`Saved the JUnit report to ${outcome.junitPath}`)
  }
  // The last run's report, downloaded at most once for its failed and its flaky tests (it is
  // kept while the step reads them, as it is with junit-path).
  const lastReport: ReportText | undefined =
    report ?? (download ? async () => (report ??= await download()) : undefined)
  await readFailed(ctx, outcome, run, lastReport)
  await readFlaky(ctx, outcome, lastReport)
  if (junitPath !== undefined && !provider.readReport) {
    const xml = junitXml({
      name: provider.describe(run.id),
      run,
      failed: outcome.failed,
      flaky: outcome.flaky
    })
    outcome.junitPath = await writeReport(
      junitPath,
      xml,
      `the JUnit report of ${provider.describe(run.id)}`
    )
    ctx.log.info(`Wrote the JUnit report to ${outcome.junitPath}`)
  }
}

/** The failed tests of a run that failed. */
async function readFailed(
  ctx: Context,
  outcome: Outcome,
  run: RunSnapshot,
  report: ReportText | undefined
): Promise<void> {
  const { settings, provider } = ctx
  // A run that passed costs no request here (SPEC.md); nor does one cancelled or timed out.
  if (run.status !== 'failed' || !provider.failedTests) return
  const failedTests = provider.failedTests.bind(provider, run, {
    signal: ctx.signal,
    report,
    reads: readsFor(ctx)
  })
  // Only a report not yet written is worth another try; instance reads retry by themselves
  // and must stay at most 10.
  const tries = provider.readReport && typeof report !== 'string' ? REPORT_TRIES : 1
  let failed: FailedTests
  try {
    failed = await withRetries(ctx, tries, failedTests)
  } catch (e) {
    // Cancelled meanwhile: the run had finished already, so the verdict stands as it is.
    if (isGateError(e, 'aborted')) return
    ctx.log.warn(
      `Could not read the failed tests of ${provider.describe(run.id)}: ${describeError(e)}`
    )
    // Nothing can be quarantined or known now, and the triage says why.
    if (triaging(ctx)) await triageFailures(ctx, outcome, run)
    return
  }
  outcome.failed = withoutKey(failed, settings.apiKey)
  if (failed.problem) ctx.log.warn(outcome.failed.problem as string)
  if (failed.found > 0)
    ctx.log.info(`${provider.describe(run.id)}: ${plural(failed.found, 'failed test')}`)
  if (triaging(ctx)) await triageFailures(ctx, outcome, run)
}

/**
 * The tests that passed only after failing (a retry, a rerun), whatever the verdict; the
 * provider makes no request when the runs say there are none.
 */
async function readFlaky(
  ctx: Context,
  outcome: Outcome,
  report: ReportText | undefined
): Promise<void> {
  const { settings, provider } = ctx
  const run = outcome.run
  if (!provider.flakyTests || !run || (run.status !== 'passed' && run.status !== 'failed')) return
  // The report in hand is the last run's: a rerun's flaky tests need the earlier ones' too.
  const flakyTests = provider.flakyTests.bind(provider, outcome.history, {
    signal: ctx.signal,
    report
  })
  try {
    const flaky = await flakyTests()
    const clean = withoutKey({ ...flaky, unread: [] }, settings.apiKey)
    outcome.flaky = { tests: clean.tests, found: flaky.found, problem: clean.problem }
    if (flaky.problem) ctx.log.warn(clean.problem as string)
    if (flaky.found > 0)
      ctx.log.info(`${provider.describe(run.id)}: ${plural(flaky.found, 'flaky test')}`)
  } catch (e) {
    if (!isGateError(e, 'aborted'))
      ctx.log.warn(
        `Could not read the flaky tests of ${provider.describe(run.id)}: ${describeError(e)}`
      )
  }
}

async function withRetries<T>(ctx: Context, tries: number, fn: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (e) {
      if (i >= tries || !isGateError(e, 'transient')) throw e
      ctx.log.info(`${describeError(e)}; trying again in 2s`)
      await ctx.clock.sleep(2000, ctx.signal)
    }
  }
}

/**
 * Test names and messages go to outputs, the summary and the check run, which are not masked
 * like the log: should a service echo the key into a message, it is removed here.
 */
function withoutKey(failed: FailedTests, key: string): FailedTests {
  if (!key) return failed
  const clean = (s: string | undefined) => (s === undefined ? s : s.split(key).join('***'))
  const test = (t: FailedTest): FailedTest => {
    const out: FailedTest = { ...t, name: clean(t.name) as string }
    for (const k of ['title', 'file', 'message', 'details', 'group'] as const)
      if (t[k] !== undefined) out[k] = clean(t[k])
    return out
  }
  return { ...failed, tests: failed.tests.map(test), problem: clean(failed.problem) }
}
