/**
 * Testsigma test plans (API.md "Testsigma") behind the Provider seam: the calls are in api.ts,
 * how an answer reads in run.ts, the failed tests in junit.ts.
 */
import type { HttpClient } from '../../http/http.js'
import { GateError } from '../../model/errors.js'
import type { RunSnapshot } from '../../model/run.js'
import type { TestsigmaSettings } from '../../settings/settings.js'
import type { CallOptions, Provider, ReportText } from '../provider.js'
import { getRun, postRun, readReport, rerunBody, stopRun, triggerBody } from './api.js'
import { type RunReport, rerunFlakyTests } from './flaky.js'
import { junitFailedTests } from './junit.js'
import { normalize, planOfRun } from './run.js'

/** `origin`: the API's, where the server's own run pages are (/ui/td/runs/{id}). */
const textOf = (report: ReportText): Promise<string> =>
  typeof report === 'string' ? Promise.resolve(report) : report()

export function createTestsigma(
  settings: TestsigmaSettings,
  http: HttpClient,
  origin?: string
): Provider {
  /** The test plan (executionId) of runs we have seen, for reruns. */
  const planOf = new Map<string, number>()

  const snapshot = (raw: unknown, what: string): RunSnapshot => {
    const run = normalize(raw, what, origin)
    const plan = planOfRun(raw)
    if (plan !== undefined) planOf.set(run.id, plan)
    return run
  }

  const planId = async (runId: string, opts?: CallOptions): Promise<number> => {
    const known = settings.testPlanId ?? planOf.get(runId)
    if (known !== undefined) return known
    await provider.get(runId, opts)
    const plan = planOf.get(runId)
    if (plan === undefined)
      throw new GateError(
        'bad-response',
        `Testsigma run ${runId} has no executionId (test plan id); pass test-plan-id`
      )
    return plan
  }

  const provider: Provider = {
    name: 'testsigma' as const,
    label: 'Testsigma',
    describe: (runId: string) => `Testsigma run ${runId}`,

    startSubject: () => ({
      what: `test plan ${settings.testPlanId}`,
      where: "the test plan's runs in Testsigma before running this job again"
    }),

    async start(opts) {
      const plan = settings.testPlanId as number
      const what = `trigger test plan ${plan}`
      const start = { what, body: triggerBody(settings), subject: `test plan ${plan}` }
      return postRun(http, start, answer => snapshot(answer, what), opts)
    },

    async rerun(runId, type, items = [], opts) {
      const plan = await planId(runId, opts)
      const what = `rerun (${type}) of Testsigma run ${runId}`
      const body = rerunBody(plan, runId, type, items)
      const start = { what, body, subject: `run ${runId}`, rerunOf: `run ${runId}` }
      return postRun(http, start, answer => snapshot(answer, what), opts)
    },

    async get(runId, opts) {
      const what = `read Testsigma run ${runId}`
      const run = snapshot(await getRun(http, runId, what, opts), what)
      // The run we stop, report and gate on is the one we asked about, never another.
      if (run.id !== runId) {
        throw new GateError('bad-response', `${what}: the answer is about run ${run.id}`)
      }
      return run
    },

    cancel: (runId, opts) => stopRun(http, runId, opts),

    readReport: (runId, opts) => readReport(http, runId, opts),

    async flakyTests(runs, opts) {
      // Only a rerun can turn a failure into a pass: one run alone costs no request.
      if (runs.length < 2) return { tests: [], found: 0 }
      const reports: RunReport[] = []
      for (const [i, run] of runs.entries()) {
        const last = i === runs.length - 1
        const report =
          last && opts?.report !== undefined
            ? await textOf(opts.report)
            : await readReport(http, run.id, opts)
        reports.push({ report, what: `The JUnit report of Testsigma run ${run.id}`, url: run.url })
      }
      return rerunFlakyTests(reports, opts?.signal)
    },

    async failedTests(run, opts) {
      const report =
        opts?.report !== undefined
          ? await textOf(opts.report)
          : await readReport(http, run.id, opts)
      return junitFailedTests(
        report,
        `The JUnit report of Testsigma run ${run.id}`,
        run.url,
        opts?.signal
      )
    }
  }
  return provider
}
