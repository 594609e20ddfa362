/**
 * Testsigma (`/testsigma/api/v1`): trigger, rerun, status, stop and JUnit report, with the
 * quirks of API.md (401 bare text under a JSON type, 500 for "already running", one rerun per
 * run, 500 for stopping a finished run, a plain sentence for an early JUnit report).
 */
import type { Handler, RecordedRequest, SimResponse } from '../http.js'
import { credential, isObject, json, text } from '../http.js'
import type { TestsigmaOutcome, TestsigmaPlanOptions, TestsigmaRun } from './run.js'
import {
  assignResults,
  casesDone,
  endAt,
  isCompleted,
  junitXml,
  messageAt,
  renderRun
} from './run.js'

export type { TestsigmaOutcome, TestsigmaPlanOptions, TestsigmaRun, TestCaseResult } from './run.js'

interface Plan {
  id: number
  opts: TestsigmaPlanOptions
  autoReruns: number
  runCount: number
}

export const RERUN_TYPES = [
  'ALL_TESTS',
  'ONLY_FAILED_TESTS',
  'ALL_ITERATIONS',
  'ONLY_FAILED_ITERATIONS',
  'USER_PICKED'
]

const NOT_READY =
  'Report is not yet generated. Please try again once the test plan run has completed.'

function tsError(status: number, error: string, code = String(status)): SimResponse {
  return json(status, { error, code, fieldErrors: null, objectErrors: null })
}

/** iterationReRunType of a data-driven test case (the rerun docs, seeds/001). */
export const ITERATION_RERUN_TYPES = ['ALL', 'FAILED', 'PASSED', 'USER_PICKED']

/** Why one testCaseResultRequests entry's iteration fields are refused ('' when they are fine). */
function iterationError(request: unknown): string {
  if (!isObject(request)) return 'testCaseResultRequests entries must be objects'
  const type = request['iterationReRunType']
  const ids = request['iterationResultIds']
  if (type === undefined) {
    return ids === undefined ? '' : 'iterationResultIds needs iterationReRunType USER_PICKED'
  }
  if (typeof type !== 'string' || !ITERATION_RERUN_TYPES.includes(type)) {
    return `Invalid iterationReRunType: ${String(type)}`
  }
  if (type !== 'USER_PICKED') {
    return ids === undefined ? '' : 'iterationResultIds is only used with USER_PICKED'
  }
  const valid = Array.isArray(ids) && ids.length > 0 && ids.every(id => Number.isInteger(id))
  return valid ? '' : 'USER_PICKED iterations need iterationResultIds (integers)'
}

export class TestsigmaSim {
  private readonly plans = new Map<number, Plan>()
  private readonly byId = new Map<number, TestsigmaRun>()
  private nextRunId = 1001
  private nextCaseId = 50001
  private readonly apiKey: string
  /** The simulator's origin, known only once it listens. */
  private readonly origin: () => string

  constructor(apiKey: string, origin: () => string = () => 'https://app.testsigma.com') {
    this.apiKey = apiKey
    this.origin = origin
  }

  addPlan(planId: number, opts: TestsigmaPlanOptions = {}): void {
    const auto =
      opts.autoRerun === true ? 1 : typeof opts.autoRerun === 'number' ? opts.autoRerun : 0
    this.plans.set(planId, { id: planId, opts, autoReruns: auto, runCount: 0 })
  }

  /** All runs, oldest first (automatic reruns due by now included). */
  get runs(): TestsigmaRun[] {
    this.sync(Date.now())
    return [...this.byId.values()]
  }

  runsOf(planId: number): TestsigmaRun[] {
    return this.runs.filter(r => r.planId === planId)
  }

  /** The stored run (trigger body, test cases, stop requests, ...). */
  getRun(id: number): TestsigmaRun | undefined {
    this.sync(Date.now())
    return this.byId.get(id)
  }

  /** The run as GET /execution_results/{id} would answer now. */
  view(id: number): Record<string, unknown> | undefined {
    const run = this.getRun(id)
    return run && this.render(run, Date.now())
  }

  /** Finishes a run now with `result` (for Infinity runs; throws if it already completed). */
  complete(runId: number, result: TestsigmaOutcome = 'SUCCESS'): TestsigmaRun {
    const run = this.mustGet(runId)
    const now = Date.now()
    if (isCompleted(run, now)) throw new Error(`Testsigma run ${runId} already completed`)
    run.endedAt = now
    run.outcome = result
    assignResults(run, result, run.failedCount)
    this.sync(now)
    return run
  }

  /** Forces a field of the rendered run (unknown status words, hostile messages, ...). */
  setRunField(id: number, field: string, value: unknown): void {
    this.mustGet(id).overrides[field] = value
  }

  handle: Handler = req => {
    if (credential(req, ['bearer']) !== this.apiKey) {
      return text(401, 'Unauthorized', 'application/json')
    }
    const now = Date.now()
    this.sync(now)
    const m = /^\/(execution_results|reports\/junit)(?:\/([^/]+))?\/?$/.exec(req.path)
    if (!m) return tsError(404, `No handler found for ${req.method} ${req.path}`)
    const id = m[2] === undefined ? undefined : Number(decodeURIComponent(m[2]))
    if (m[1] === 'reports/junit') {
      if (req.method !== 'GET' || id === undefined) return tsError(405, 'Method not allowed')
      return this.junit(id, now)
    }
    if (req.method === 'POST' && id === undefined) return this.post(req, now)
    if (req.method === 'GET' && id !== undefined) {
      const run = this.byId.get(id)
      return run ? json(200, this.render(run, now)) : this.notFound(id)
    }
    if (req.method === 'PUT') return this.stop(req, id, now)
    return tsError(405, `Request method '${req.method}' not supported`)
  }

  private render(run: TestsigmaRun, now: number): Record<string, unknown> {
    const auto = (this.plans.get(run.planId)?.autoReruns ?? 0) > 0
    return renderRun(run, now, id => this.byId.get(id), auto)
  }

  private mustGet(id: number): TestsigmaRun {
    const run = this.byId.get(id)
    if (!run) throw new Error(`no Testsigma run ${id}`)
    return run
  }

  private notFound(id: number): SimResponse {
    return tsError(404, `ExecutionResult with id ${id} not found`, 'NOT_FOUND')
  }

  /** Creates the automatic reruns that are due by `now`. */
  private sync(now: number): void {
    for (const run of this.byId.values()) {
      const plan = this.plans.get(run.planId)
      if (!plan || run.childId !== null || run.stoppedByUser || run.outcome !== 'FAILURE') continue
      if (run.autoDepth >= plan.autoReruns) continue
      const start = endAt(run) + (plan.opts.autoRerunDelayMs ?? 0)
      if (now < start) continue
      const child = this.createRun(plan, {}, start, run, 'ONLY_FAILED_TESTS', this.failedNames(run))
      child.autoDepth = run.autoDepth + 1
    }
  }

  private failedNames(run: TestsigmaRun): string[] {
    const done = casesDone(run, Infinity)
    return run.testCases.filter((tc, i) => i >= done || tc.result !== 'SUCCESS').map(tc => tc.name)
  }

  private createRun(
    plan: Plan,
    trigger: Record<string, unknown>,
    at: number,
    parent: TestsigmaRun | undefined,
    reRunType: string | null,
    names: string[]
  ): TestsigmaRun {
    const outcomes = plan.opts.outcomes?.length ? plan.opts.outcomes : ['SUCCESS' as const]
    const failedCounts = [plan.opts.failedCount ?? 2].flat()
    const nth = plan.runCount++
    const outcome = outcomes[Math.min(nth, outcomes.length - 1)]
    const run: TestsigmaRun = {
      id: this.nextRunId++,
      planId: plan.id,
      trigger,
      buildNo: trigger['buildNo'] ?? parent?.buildNo ?? null,
      environmentId: trigger['environmentId'] ?? parent?.environmentId ?? null,
      triggeredAt: at,
      durationMs: plan.opts.durationMs ?? 300,
      outcome,
      stoppedByUser: false,
      stopRequests: [],
      reRunParentId: parent?.id ?? null,
      reRunType,
      childId: null,
      autoDepth: 0,
      failedCount: failedCounts[Math.min(nth, failedCounts.length - 1)] ?? 2,
      testCases: names.map(name => ({ id: this.nextCaseId++, name, result: 'SUCCESS' })),
      overrides: {}
    }
    assignResults(run, outcome, run.failedCount)
    if (parent) parent.childId = run.id
    this.byId.set(run.id, run)
    return run
  }

  private planRunning(planId: number, now: number): boolean {
    for (const r of this.byId.values()) if (r.planId === planId && !isCompleted(r, now)) return true
    return false
  }

  private post(req: RecordedRequest, now: number): SimResponse {
    const body = req.body
    if (!isObject(body)) return tsError(400, 'Request body must be a JSON object', 'BAD_REQUEST')
    const planId = Number(body['executionId'])
    if (body['executionId'] === undefined || !Number.isInteger(planId)) {
      return tsError(400, 'executionId is required', 'BAD_REQUEST')
    }
    const plan = this.plans.get(planId)
    if (!plan) return tsError(404, `Execution with id ${planId} not found`, 'NOT_FOUND')
    if (body['isReRun'] === true) return this.rerun(req, body, plan, now)
    if (this.planRunning(planId, now)) return tsError(500, 'Test Plan is already running', '500')
    const count = plan.opts.testCount ?? plan.opts.testCaseNames?.length ?? 5
    const names = Array.from(
      { length: count },
      (_, i) => plan.opts.testCaseNames?.[i] ?? `Test case ${i + 1}`
    )
    const run = this.createRun(plan, body, now, undefined, null, names)
    return json(200, this.render(run, now))
  }

  private rerun(
    _req: RecordedRequest,
    body: Record<string, unknown>,
    plan: Plan,
    now: number
  ): SimResponse {
    const type = body['reRunType']
    if (typeof type !== 'string' || !RERUN_TYPES.includes(type)) {
      return tsError(400, `Invalid reRunType: ${String(type)}`, 'BAD_REQUEST')
    }
    const picked = body['testCaseResultRequests']
    const ids = Array.isArray(picked) ? picked.map(p => (isObject(p) ? Number(p['id']) : NaN)) : []
    if (type === 'USER_PICKED' && (ids.length === 0 || ids.some(id => !Number.isInteger(id)))) {
      return tsError(
        400,
        'testCaseResultRequests with test case result ids are required',
        'BAD_REQUEST'
      )
    }
    const badIterations = Array.isArray(picked) ? picked.map(iterationError).find(Boolean) : ''
    if (badIterations) return tsError(400, badIterations, 'BAD_REQUEST')
    const parentId = Number(body['executionResultId'])
    const parent = this.byId.get(parentId)
    if (!parent || parent.planId !== plan.id) return this.notFound(parentId)
    if (!isCompleted(parent, now)) return tsError(500, 'Test Plan Result is still running', '500')
    if (parent.childId !== null) {
      return tsError(500, 'Test Plan Result has already been re-run', '500')
    }
    if (this.planRunning(plan.id, now)) return tsError(500, 'Test Plan is already running', '500')
    let names: string[]
    if (type === 'USER_PICKED') {
      names = ids.map(
        id => parent.testCases.find(tc => tc.id === id)?.name ?? `Test case result ${id}`
      )
    } else if (type.startsWith('ONLY_FAILED')) names = this.failedNames(parent)
    else names = parent.testCases.map(tc => tc.name)
    const run = this.createRun(plan, body, now, parent, type, names)
    return json(200, this.render(run, now))
  }

  private stop(req: RecordedRequest, urlId: number | undefined, now: number): SimResponse {
    const body = isObject(req.body) ? req.body : {}
    const id = urlId ?? Number(body['id'])
    if (!Number.isInteger(id)) return tsError(400, 'id is required', 'BAD_REQUEST')
    if (body['result'] !== undefined && body['result'] !== 'STOPPED') {
      return tsError(400, `Unsupported result ${String(body['result'])}`, 'BAD_REQUEST')
    }
    const run = this.byId.get(id)
    if (!run) return this.notFound(id)
    let target: TestsigmaRun | undefined = run
    // canStopAll (default true) also stops the run's rerun chain (an automatic child).
    while (target && isCompleted(target, now) && body['canStopAll'] !== false) {
      target = target.childId === null ? undefined : this.byId.get(target.childId)
    }
    if (!target || isCompleted(target, now)) {
      return tsError(500, 'Test Plan is not running; there is nothing to stop', '500')
    }
    target.endedAt = now
    target.stoppedByUser = true
    target.stopRequests.push(req.body)
    return json(200, this.render(run, now))
  }

  private junit(id: number, now: number): SimResponse {
    const run = this.byId.get(id)
    if (!run) return this.notFound(id)
    if (!isCompleted(run, now)) return text(200, NOT_READY)
    const given = this.plans.get(run.planId)?.opts.junitReport
    if (given !== undefined) return text(200, given, 'application/xml; charset=utf-8')
    const opts = this.plans.get(run.planId)?.opts
    const xml = junitXml(
      run,
      now,
      String(this.render(run, now)['message'] ?? messageAt(run, now)),
      {
        origin: this.origin(),
        plan: opts?.planName ?? `Plan ${run.planId}`,
        environment: opts?.environmentName ?? 'Staging',
        suite: 'Regression'
      }
    )
    return text(200, xml, 'application/xml; charset=utf-8')
  }
}
