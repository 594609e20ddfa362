/**
 * Testsigma test plans (API.md "Testsigma"). Wire words stay in this file: status
 * STATUS_*, result SUCCESS/FAILURE/..., executionId, childResult, consolidated*.
 */
import { GateError, isGateError } from '../../model/errors.js'
import type { HttpClient } from '../../http/http.js'
import { explainStartError, mayHaveStarted } from './errors.js'
import type { TestsigmaSettings } from '../../settings/settings.js'
import type { CallOptions, Provider } from '../provider.js'
import type {
  CancelOutcome,
  RerunItem,
  RunCounts,
  RunSnapshot,
  RunStatus
} from '../../model/run.js'
import { junitFailedTests } from './junit.js'
import { plural } from '../../model/words.js'
import { id as idOf, num, obj, safeUrl, str, urgentRequest, wireId } from '../wire.js'

/** Statuses before STATUS_COMPLETED; any other word also means "keep waiting". */
const QUEUED_STATUSES = new Set(['STATUS_CREATED', 'STATUS_QUEUED', 'STATUS_PRE_FLIGHT'])
const COMPLETED = 'STATUS_COMPLETED'
/** The docs' prose says PASSED/FAILED where the wire says SUCCESS/FAILURE: accept both. */
const PASSED_RESULTS = new Set(['SUCCESS', 'PASSED'])

export function createTestsigma(settings: TestsigmaSettings, http: HttpClient): Provider {
  /** executionId (the plan) of runs we have seen, for reruns. */
  const planOf = new Map<string, number>()

  const snapshot = (raw: unknown, what: string): RunSnapshot => {
    const run = normalize(raw, what)
    const plan = num(obj(raw).executionId)
    if (plan !== undefined) planOf.set(run.id, plan)
    return run
  }

  /** Both a trigger and a rerun POST /execution_results and answer the new run. */
  const startRun = async (
    what: string,
    body: unknown,
    subject: string,
    opts?: CallOptions,
    rerunOf?: string
  ) => {
    let answer: unknown
    try {
      const res = await http.request({
        what,
        method: 'POST',
        path: '/execution_results',
        body,
        signal: opts?.signal,
        sleepSignal: opts?.sleepSignal
      })
      answer = res.body
    } catch (e) {
      throw explainStartError(e, subject, rerunOf)
    }
    try {
      return snapshot(answer, what)
    } catch (e) {
      // Accepted, but the new run cannot be named: it may well be running.
      throw isGateError(e) ? mayHaveStarted(e, subject) : e
    }
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

  const readReport = async (runId: string, opts?: CallOptions): Promise<string> => {
    const what = `download the JUnit report of Testsigma run ${runId}`
    const res = await http.request<string>({
      what,
      method: 'GET',
      path: `/reports/junit/${runId}`,
      accept: 'xml',
      signal: opts?.signal
    })
    const text = String(res.body)
    // Before the report exists the server answers 200 with a plain sentence instead of XML
    // (API.md), and a cut connection leaves half a report: both are worth another try.
    if (!/^\s*(<\?xml|<testsuites?[\s>])/.test(text)) {
      throw new GateError(
        'transient',
        `${what}: the answer is not a JUnit XML report (it starts with "${text.trim().slice(0, 80)}")`
      )
    }
    if (!/<\/testsuites?>\s*$/.test(text)) {
      throw new GateError(
        'transient',
        `${what}: the report is cut off (no closing </testsuite> tag)`
      )
    }
    return text
  }

  const provider: Provider = {
    name: 'testsigma' as const,
    label: 'Testsigma',
    describe: (runId: string) => `Testsigma run ${runId}`,

    startSubject: () => ({
      what: `test plan ${settings.testPlanId}`,
      where: "the test plan's runs in Testsigma before running this job again"
    }),

    async start(opts?: CallOptions) {
      const plan = settings.testPlanId as number
      const body: Record<string, unknown> = { executionId: plan }
      if (settings.environmentId !== undefined) body.environmentId = settings.environmentId
      if (settings.buildNumber !== undefined) body.buildNo = settings.buildNumber
      if (Object.keys(settings.runtimeData).length > 0) body.runtimeData = settings.runtimeData
      if (settings.executionConfig !== undefined) body.executionConfig = settings.executionConfig
      if (Object.keys(settings.uploadVersions).length > 0)
        body.uploadVersions = settings.uploadVersions
      return startRun(`trigger test plan ${plan}`, body, `test plan ${plan}`, opts)
    },

    async rerun(runId: string, type: string, items: readonly RerunItem[] = [], opts?: CallOptions) {
      const plan = await planId(runId, opts)
      const body: Record<string, unknown> = {
        executionId: plan,
        executionResultId: wireId(runId),
        isReRun: true,
        reRunType: type
      }
      if (items.length > 0) body.testCaseResultRequests = items.map(testCaseResultRequest)
      return startRun(
        `rerun (${type}) of Testsigma run ${runId}`,
        body,
        `run ${runId}`,
        opts,
        `run ${runId}`
      )
    },

    async get(runId: string, opts?: CallOptions) {
      const what = `read Testsigma run ${runId}`
      const res = await http.request({
        what,
        method: 'GET',
        path: `/execution_results/${runId}`,
        signal: opts?.signal,
        ...(opts?.urgent ? urgentRequest : {})
      })
      const run = snapshot(res.body, what)
      // The run we stop, report and gate on is the one we asked about, never another.
      if (run.id !== runId) {
        throw new GateError('bad-response', `${what}: the answer is about run ${run.id}`)
      }
      return run
    },

    async cancel(runId: string, opts?: CallOptions): Promise<CancelOutcome> {
      // The docs omit the id from the URL; the open-source server routes by path: send both.
      const res = await http.request({
        what: `stop Testsigma run ${runId}`,
        method: 'PUT',
        path: `/execution_results/${runId}`,
        body: { id: wireId(runId), result: 'STOPPED', canStopAll: true },
        // 500 here means nothing is running any more (API.md): not an error, not retried.
        expect: [404, 500],
        signal: opts?.signal,
        ...(opts?.urgent ? urgentRequest : {})
      })
      if (res.status === 404) return 'not-found'
      if (res.status === 500) return 'already-finished'
      return 'cancelled'
    },

    readReport,

    async failedTests(run: RunSnapshot, opts?: CallOptions & { report?: string }) {
      const report = opts?.report ?? (await readReport(run.id, opts))
      return junitFailedTests(report, `The JUnit report of Testsigma run ${run.id}`, run.url)
    }
  }
  return provider
}

/** The iterations of a data-driven test case, in Testsigma's words (seeds/001, iterationReRunType). */
const ITERATION_RERUN_TYPE = { all: 'ALL', failed: 'FAILED', passed: 'PASSED' } as const

/** `{id}`, plus iterationReRunType and, for picked iterations, iterationResultIds. */
function testCaseResultRequest(item: RerunItem): Record<string, unknown> {
  const { id, iterations } = item
  if (iterations === undefined) return { id }
  if (typeof iterations === 'string') {
    return { id, iterationReRunType: ITERATION_RERUN_TYPE[iterations] }
  }
  return { id, iterationReRunType: 'USER_PICKED', iterationResultIds: [...iterations] }
}

/** Testsigma's run JSON → the normalized snapshot. */
export function normalize(raw: unknown, what = 'Testsigma run'): RunSnapshot {
  const r = obj(raw)
  const id = idOf(r.id)
  if (id === undefined || !/^\d+$/.test(id))
    throw new GateError('bad-response', `${what}: the answer has no run id`)
  const hasChild = r.childResult !== null && r.childResult !== undefined
  const statusWord = upper(hasChild ? (r.consolidatedStatus ?? r.status) : r.status)
  const resultWord = upper(
    hasChild ? (r.consolidatedResult ?? r.result) : (r.result ?? r.consolidatedResult)
  )
  // Finished only on STATUS_COMPLETED, and when the plan reruns by itself, only once the
  // consolidated status of the automatic rerun says so too (API.md).
  const finished = upper(r.status) === COMPLETED && (!hasChild || statusWord === COMPLETED)
  const state = finished ? 'finished' : QUEUED_STATUSES.has(statusWord) ? 'queued' : 'running'
  // A run not started yet answers zeros for every count: not known yet, so left empty (a
  // total is known once the plan's tests are queued).
  const counts: RunCounts =
    state === 'queued'
      ? { total: num(r.totalCount) || undefined }
      : {
          total: num(r.totalCount),
          passed: num(r.passedCount),
          failed: sum(num(r.failedCount), num(r.abortedCount), num(r.preRequisiteFailedCount)),
          skipped: sum(num(r.notExecutedCount), num(r.stoppedCount))
        }
  const status: RunStatus = finished
    ? finishedStatus(resultWord)
    : state === 'queued'
      ? 'queued'
      : 'running'
  const url = safeUrl(r.app_url) ?? safeUrl(r.appUrl)
  const childId = hasChild ? (idOf(obj(r.childResult).id) ?? idOf(r.childResult)) : undefined
  const progress = [
    statusWord
      .replace(/^STATUS_/, '')
      .toLowerCase()
      .replace(/_/g, ' ') || 'unknown status',
    state === 'queued'
      ? counts.total !== undefined
        ? `${plural(counts.total, 'test')} to run`
        : ''
      : `${counts.passed ?? 0} passed, ${counts.failed ?? 0} failed, ${num(r.runningCount) ?? 0} running, ${num(r.queuedCount) ?? 0} queued of ${counts.total ?? 0}`,
    childId !== undefined ? `automatic rerun ${childId}` : ''
  ]
    .filter(Boolean)
    .join('; ')
  const plan = num(r.executionId)
  const details: Array<[string, string]> = []
  if (plan !== undefined) details.push(['Test plan', String(plan)])
  const parent = idOf(r.reRunParentId)
  if (parent !== undefined) details.push(['Rerun of', `run ${parent}`])
  if (childId !== undefined) details.push(['Automatic rerun', `run ${childId}`])
  return {
    id,
    url,
    state,
    status,
    result: resultWord,
    counts,
    // The service's own figure, and only once final.
    durationMs: finished ? (num(r.consolidatedDuration) ?? num(r.duration)) : undefined,
    message: str(r.message),
    // A stopped run is not a failure: its verdict says it was cancelled or timed out.
    failures:
      status === 'failed'
        ? [
            {
              title: `Test plan ${plan ?? '?'} run ${id}: ${resultWord || 'no result'}`,
              failures: counts.failed,
              detail: str(r.message),
              url
            }
          ]
        : [],
    progress,
    details
  }
}

function finishedStatus(result: string): RunStatus {
  if (PASSED_RESULTS.has(result)) return 'passed'
  if (result === 'STOPPED') return 'cancelled'
  // FAILURE, FAILED, ABORTED, NOT_EXECUTED, and any word we don't know: never a pass.
  return 'failed'
}

function upper(v: unknown): string {
  return typeof v === 'string' ? v.trim().toUpperCase() : ''
}

function sum(...values: Array<number | undefined>): number | undefined {
  const known = values.filter((v): v is number => v !== undefined)
  return known.length === 0 ? undefined : known.reduce((a, b) => a + b, 0)
}
