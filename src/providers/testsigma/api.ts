/**
 * Testsigma's endpoints (API.md "Testsigma"), one function each: trigger or rerun a test plan
 * (both POST /execution_results), read a run, stop it, download its JUnit report.
 */
import type { HttpClient } from '../../http/http.js'
import { GateError, isGateError } from '../../model/errors.js'
import type { CancelOutcome, RerunItem } from '../../model/run.js'
import type { TestsigmaSettings } from '../../settings/settings.js'
import type { CallOptions } from '../provider.js'
import { urgentRequest, wireId } from '../wire.js'
import { explainStartError, mayHaveStarted } from './errors.js'

/**
 * Start a run (a trigger or a rerun) and read the new run from the answer with `read`. An
 * error before the answer is explained for people; an answer that names no run may mean that
 * a run started all the same.
 */
export async function postRun<T>(
  http: HttpClient,
  start: { what: string; body: unknown; subject: string; rerunOf?: string },
  read: (answer: unknown) => T,
  opts?: CallOptions
): Promise<T> {
  let answer: unknown
  try {
    const res = await http.request({
      what: start.what,
      method: 'POST',
      path: '/execution_results',
      body: start.body,
      signal: opts?.signal,
      sleepSignal: opts?.sleepSignal,
      deadline: opts?.deadline
    })
    answer = res.body
  } catch (e) {
    throw explainStartError(e, start.subject, start.rerunOf)
  }
  try {
    return read(answer)
  } catch (e) {
    // Accepted, but the new run cannot be named: it may well be running.
    throw isGateError(e) ? mayHaveStarted(e, start.subject) : e
  }
}

/** The trigger's body: the plan, and each optional field only when its input is set. */
export function triggerBody(settings: TestsigmaSettings): Record<string, unknown> {
  const body: Record<string, unknown> = { executionId: settings.testPlanId }
  if (settings.environmentId !== undefined) body.environmentId = settings.environmentId
  if (settings.buildNumber !== undefined) body.buildNo = settings.buildNumber
  if (Object.keys(settings.runtimeData).length > 0) body.runtimeData = settings.runtimeData
  if (settings.executionConfig !== undefined) body.executionConfig = settings.executionConfig
  if (Object.keys(settings.uploadVersions).length > 0) body.uploadVersions = settings.uploadVersions
  return body
}

/** A rerun's body: the new run reruns `runId` of `plan` (of the picked items, when given). */
export function rerunBody(
  plan: number,
  runId: string,
  type: string,
  items: readonly RerunItem[]
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    executionId: plan,
    executionResultId: wireId(runId),
    isReRun: true,
    reRunType: type
  }
  if (items.length > 0) body.testCaseResultRequests = items.map(testCaseResultRequest)
  return body
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

export async function getRun(
  http: HttpClient,
  runId: string,
  what: string,
  opts?: CallOptions
): Promise<unknown> {
  const res = await http.request({
    what,
    method: 'GET',
    path: `/execution_results/${runId}`,
    signal: opts?.signal,
    sleepSignal: opts?.sleepSignal,
    deadline: opts?.deadline,
    ...(opts?.urgent ? urgentRequest : {})
  })
  return res.body
}

export async function stopRun(
  http: HttpClient,
  runId: string,
  opts?: CallOptions
): Promise<CancelOutcome> {
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
}

export async function readReport(
  http: HttpClient,
  runId: string,
  opts?: CallOptions
): Promise<string> {
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
    throw new GateError('transient', `${what}: the report is cut off (no closing </testsuite> tag)`)
  }
  return text
}
