/**
 * Currents (`/currents/v1`): get, find (with pwLastRun=true: Playwright's last run), cancel,
 * cancel by GitHub run, reset, delete, spec instances and a project, in the
 * `{status: 'OK', data}` / `{status: 'FAILED', error}` envelope, with a run that exists only
 * once recorded (find and get answer 404 before), 422 on a repeated cancel, and an optional
 * read-only key (403 on writes).
 */
import type { Handler, RecordedRequest, SimResponse } from '../http.js'
import { credential, iso, isObject, json, queryAll, queryOne } from '../http.js'
import type { CurrentsOutcome, CurrentsRunOptions, CurrentsRunState } from './run.js'
import { renderInstance } from './instance.js'
import {
  completionState,
  createRunState,
  isFinished,
  isRecorded,
  renderCurrentsRun
} from './run.js'
import { renderFindLastRun, renderLastRun } from './last-run.js'

export type {
  CompletionState,
  CurrentsOutcome,
  CurrentsRunOptions,
  CurrentsRunState,
  CurrentsSpecOptions,
  SpecSeed
} from './run.js'

const ok = (data: unknown, status = 200) => json(status, { status: 'OK', data })
const failed = (status: number, error: string) => json(status, { status: 'FAILED', error })

const ACTOR = 'api:simulator'
const BRANCH = /^[!-)+-~]+\*?$/

export class CurrentsSim {
  /** Let find answer only completed runs (the docs: "the most recent completed run"). */
  findCompletedOnly = false
  private readonly byId = new Map<string, CurrentsRunState>()
  /** instanceId → its run and the spec's index there. */
  private readonly instances = new Map<string, [CurrentsRunState, number]>()
  /** Projects of the key's organization: those of added runs, and those added by addProject. */
  private readonly projects = new Set<string>()
  private readonly apiKey: string
  private readonly readOnlyKey: string | undefined
  /** The record key the director takes (the test jobs' key). */
  readonly recordKey: string

  constructor(apiKey: string, readOnlyKey?: string, recordKey = 'sim-record-key') {
    this.apiKey = apiKey
    this.readOnlyKey = readOnlyKey
    this.recordKey = recordKey
  }

  /** Adds a run (recorded after `recordAfterMs`); returns its id. */
  addRun(opts: CurrentsRunOptions): string {
    if (opts.runId !== undefined && this.byId.has(opts.runId)) {
      throw new Error(`Currents run ${opts.runId} already exists`)
    }
    const run = createRunState(opts, Date.now())
    this.byId.set(run.runId, run)
    run.specs.forEach((s, i) => this.instances.set(s.instanceId, [run, i]))
    this.projects.add(run.projectId)
    return run.runId
  }

  /** Adds a project with no runs yet (GET /projects/{id} answers it; find still 404s). */
  addProject(projectId: string): void {
    this.projects.add(projectId)
  }

  /** A big run (default 10,000 specs, 10 machines, some failures), for size and speed tests. */
  makeBigRun(opts: Partial<CurrentsRunOptions> = {}): string {
    return this.addRun({
      projectId: 'big-project',
      specCount: 10_000,
      machines: 10,
      groups: 2,
      outcome: 'FAILED',
      failedSpecs: 25,
      ...opts
    })
  }

  get runs(): CurrentsRunState[] {
    return [...this.byId.values()]
  }

  /** The stored state (cancel and delete flags, resets received, ...). */
  getRun(runId: string): CurrentsRunState | undefined {
    return this.byId.get(runId)
  }

  /** The run as GET /runs/{runId} would answer it now (undefined when that is a 404). */
  view(runId: string): Record<string, unknown> | undefined {
    const run = this.byId.get(runId)
    const now = Date.now()
    return run && isRecorded(run, now) ? renderCurrentsRun(run, now) : undefined
  }

  /**
   * Ends a run now. PASSED/FAILED: every spec completes now and the status is the outcome;
   * CANCELED/TIMEOUT: open specs stay open. Throws if the run already finished.
   */
  complete(runId: string, outcome: CurrentsOutcome = 'PASSED'): CurrentsRunState {
    const run = this.mustGet(runId)
    const now = Date.now()
    if (isFinished(run, now)) throw new Error(`Currents run ${runId} already finished`)
    run.endedAt = Math.max(now, run.recordedAt)
    run.endState = outcome === 'CANCELED' || outcome === 'TIMEOUT' ? outcome : 'COMPLETE'
    if (run.endState === 'COMPLETE') {
      run.forceComplete = true
      run.endStatus = outcome === 'FAILED' ? 'FAILED' : 'PASSED'
    }
    return run
  }

  /** What find with pwLastRun=true answers for the run: Playwright's `.last-run.json`. */
  lastRun(runId: string): unknown {
    return renderLastRun(this.mustGet(runId))
  }

  /** Forces that answer (any JSON, for answers of the wrong shape too). */
  setLastRun(runId: string, data: unknown): void {
    this.mustGet(runId).lastRun = data
  }

  /** Forces a field of the rendered run JSON (odd enum words, hostile values). */
  setRunField(runId: string, field: string, value: unknown): void {
    this.mustGet(runId).overrides[field] = value
  }

  handle: Handler = req => {
    const key = credential(req, ['bearer'])
    if (key === '' || (key !== this.apiKey && key !== this.readOnlyKey)) {
      return failed(401, 'Unauthorized: missing or invalid API key')
    }
    if (key !== this.apiKey && req.method !== 'GET' && req.method !== 'HEAD') {
      return failed(403, 'Forbidden: this API key is read-only')
    }
    const now = Date.now()
    const p = req.path.replace(/\/+$/, '')
    if (p === '/runs/find') {
      return req.method === 'GET' ? this.find(req, now) : failed(405, 'Method not allowed')
    }
    if (p === '/runs/cancel-ci/github') {
      return req.method === 'PUT' ? this.cancelCi(req, now) : failed(405, 'Method not allowed')
    }
    const instance = /^\/instances\/([^/]+)$/.exec(p)
    if (instance) {
      return req.method === 'GET'
        ? this.instance(decodeURIComponent(instance[1]), now)
        : failed(405, 'Method not allowed')
    }
    const project = /^\/projects\/([^/]+)$/.exec(p)
    if (project) {
      if (req.method !== 'GET') return failed(405, 'Method not allowed')
      const projectId = decodeURIComponent(project[1])
      return this.projects.has(projectId)
        ? ok({ projectId, name: `Project ${projectId}`, createdAt: iso(0) })
        : failed(404, 'Project not found')
    }
    const m = /^\/runs\/([^/]+)(\/cancel|\/reset)?$/.exec(p)
    if (!m) return failed(404, 'Not found')
    const run = this.byId.get(decodeURIComponent(m[1]))
    if (!run || !isRecorded(run, now)) return failed(404, 'Run not found')
    const route = `${req.method} ${m[2] ?? ''}`
    if (route === 'GET ') return ok(renderCurrentsRun(run, now))
    if (route === 'DELETE ') {
      run.deleted = true
      return ok({ runId: run.runId, actor: 'API Request' })
    }
    if (route === 'PUT /cancel') return this.cancel(run, now)
    if (route === 'PUT /reset') return this.reset(req, run)
    return failed(405, 'Method not allowed')
  }

  /** The spec's tests (GET /instances/{id}); 404 before its run is recorded. */
  private instance(instanceId: string, now: number): SimResponse {
    const hit = this.instances.get(instanceId)
    if (!hit || !isRecorded(hit[0], now)) return failed(404, 'Instance not found')
    return ok(renderInstance(hit[0], hit[0].specs[hit[1]]))
  }

  private mustGet(runId: string): CurrentsRunState {
    const run = this.byId.get(runId)
    if (!run) throw new Error(`no Currents run ${runId}`)
    return run
  }

  private find(req: RecordedRequest, now: number): SimResponse {
    const projectId = queryOne(req, 'projectId')
    if (!projectId) return failed(400, '"projectId" is required')
    const ciBuildId = queryOne(req, 'ciBuildId')
    const branch = queryOne(req, 'branch')
    if (branch !== undefined && (branch.length > 250 || !BRANCH.test(branch))) {
      return failed(400, '"branch" must be a branch name or a prefix followed by *')
    }
    const tags = [...queryAll(req, 'tags[]'), ...queryAll(req, 'tag[]')]
    let best: CurrentsRunState | undefined
    for (const run of this.byId.values()) {
      if (!isRecorded(run, now) || run.projectId !== projectId) continue
      if (ciBuildId !== undefined && run.ciBuildId !== ciBuildId) continue
      if (branch !== undefined && !branchMatches(run.branch, branch)) continue
      if (!tags.every(t => run.tags.includes(t))) continue
      if (this.findCompletedOnly && !isFinished(run, now)) continue
      if (!best || run.recordedAt >= best.recordedAt) best = run
    }
    if (!best) return failed(404, 'Run not found')
    return ok(
      queryOne(req, 'pwLastRun') === 'true'
        ? renderFindLastRun(best, now)
        : renderCurrentsRun(best, now)
    )
  }

  private cancelRun(run: CurrentsRunState, now: number, via: string) {
    const c = { actor: ACTOR, canceledAt: iso(now), reason: 'apiRequest', via }
    run.endedAt = now
    run.endState = 'CANCELED'
    run.canceled = c
    return { actor: c.actor, canceledAt: c.canceledAt, reason: c.reason, runId: run.runId }
  }

  private cancel(run: CurrentsRunState, now: number): SimResponse {
    if (isFinished(run, now)) {
      return completionState(run, now) === 'CANCELED'
        ? failed(422, 'Run is already cancelled')
        : failed(422, 'Run is already completed and cannot be cancelled')
    }
    return ok(this.cancelRun(run, now, 'cancel'))
  }

  private cancelCi(req: RecordedRequest, now: number): SimResponse {
    const b = req.body
    if (!isObject(b)) return failed(400, 'Request body must be a JSON object')
    const { githubRunId, githubRunAttempt, projectId, ciBuildId } = b
    if (typeof githubRunId !== 'string' || githubRunId === '') {
      return failed(400, '"githubRunId" must be a string')
    }
    // Both as strings, as Currents' own action sends them; the server decodes the attempt's
    // integer from the string (API.md): a bare number is refused here.
    if (typeof githubRunAttempt !== 'string' || !/^[1-9]\d*$/.test(githubRunAttempt)) {
      return failed(400, '"githubRunAttempt" must be a string of digits')
    }
    if (projectId !== undefined && typeof projectId !== 'string') {
      return failed(400, '"projectId" must be a string')
    }
    if (ciBuildId !== undefined && typeof ciBuildId !== 'string') {
      return failed(400, '"ciBuildId" must be a string')
    }
    const matching = this.runs.filter(
      r =>
        isRecorded(r, now) &&
        r.githubRunId === githubRunId &&
        r.githubRunAttempt === Number(githubRunAttempt) &&
        (projectId === undefined || r.projectId === projectId) &&
        (ciBuildId === undefined || r.ciBuildId === ciBuildId)
    )
    const hits = matching.filter(r => !isFinished(r, now))
    if (hits.length === 0) {
      // Every job of a parallel run cancels the same run: all but the first get this.
      return matching.some(r => completionState(r, now) === 'CANCELED')
        ? failed(422, 'Run is cancelled')
        : failed(404, 'No runs in progress match this GitHub run')
    }
    const canceled = hits.map(r => this.cancelRun(r, now, 'cancel-ci/github'))
    return ok({
      ...canceled[0],
      githubRunId,
      githubRunAttempt,
      runIds: canceled.map(c => c.runId)
    })
  }

  /**
   * The reporting service ("director"): `POST /v1/runs/cancel` `{recordKey, projectId,
   * ciBuildId | runId}`, no Authorization header (Currents' cancel action, `src/api.ts`):
   * `data.runId` is the cancelled run, null when none was recorded with that name.
   */
  handleDirector: Handler = req => {
    if (req.path.replace(/\/+$/, '') !== '/v1/runs/cancel') return failed(404, 'Not found')
    if (req.method !== 'POST') return failed(405, 'Method not allowed')
    const b = req.body
    if (!isObject(b)) return failed(400, 'Request body must be a JSON object')
    const { recordKey, projectId, ciBuildId, runId } = b
    if (typeof recordKey !== 'string' || recordKey !== this.recordKey) {
      return failed(401, 'Invalid record key')
    }
    if (typeof projectId !== 'string' || projectId === '') {
      return failed(400, '"projectId" is required')
    }
    if (typeof ciBuildId !== 'string' && typeof runId !== 'string') {
      return failed(400, '"ciBuildId" or "runId" is required')
    }
    const now = Date.now()
    const run = this.runs
      .filter(
        r =>
          isRecorded(r, now) &&
          r.projectId === projectId &&
          (typeof runId === 'string' ? r.runId === runId : r.ciBuildId === ciBuildId)
      )
      .at(-1)
    if (!run) return ok({ runId: null })
    if (!isFinished(run, now)) this.cancelRun(run, now, 'director')
    return ok({ runId: run.runId })
  }

  private reset(req: RecordedRequest, run: CurrentsRunState): SimResponse {
    const b = req.body
    if (!isObject(b)) return failed(400, 'Request body must be a JSON object')
    const ids = b['machineId']
    if (
      !Array.isArray(ids) ||
      ids.length < 1 ||
      ids.length > 63 ||
      !ids.every(id => typeof id === 'string' && id !== '')
    ) {
      return failed(400, '"machineId" must be an array of 1 to 63 non-empty strings')
    }
    const batched = b['isBatchedOr8n']
    if (batched !== undefined && typeof batched !== 'boolean') {
      return failed(400, '"isBatchedOr8n" must be a boolean')
    }
    const machineId = ids as string[]
    run.resets.push({ machineId, isBatchedOr8n: batched, at: req.at })
    const resetSpecs = run.specs.filter(
      s => s.failures > 0 && machineId.includes(s.machineId)
    ).length
    return ok({ runId: run.runId, machineId, isBatchedOr8n: batched ?? false, resetSpecs })
  }
}

function branchMatches(actual: string | null, wanted: string): boolean {
  if (actual === null) return false
  return wanted.endsWith('*') ? actual.startsWith(wanted.slice(0, -1)) : actual === wanted
}
