/**
 * Currents runs (API.md "Currents"): Cypress/Playwright runs recorded by other jobs. Wire words
 * stay here: completionState, status PASSED/FAILED/FAILING, the {status, data} envelope,
 * groups[], specs[], cancel-ci/github.
 */
import { GateError } from '../errors.js'
import type { HttpClient, RequestSpec } from '../http.js'
import { type CurrentsSettings, type GithubContext, defaultCiBuildId } from '../settings.js'
import type {
  CallOptions,
  CancelOutcome,
  LastRun,
  Provider,
  RunFailure,
  RunSnapshot,
  RunStatus
} from './provider.js'
import { readFailedTests } from './currents-instances.js'
import { arr, num, obj, str, urgentRequest } from './wire.js'

/** Currents resets at most 63 machines per call (API.md). */
export const RESET_BATCH = 63
const DASHBOARD = 'https://app.currents.dev'

export function createCurrents(
  settings: CurrentsSettings,
  github: GithubContext,
  http: HttpClient
): Provider {
  /** Calls the API and unwraps its {status: 'OK', data} envelope. */
  const call = async (
    spec: RequestSpec
  ): Promise<{ status: number; data: unknown; attempts: number }> => {
    const res = await http.request(spec)
    if (res.status >= 300) return { status: res.status, data: undefined, attempts: res.attempts }
    const body = obj(res.body)
    if (String(body.status).toUpperCase() !== 'OK' || !('data' in body)) {
      throw new GateError(
        'bad-response',
        `${spec.what}: the answer is not the documented {status: "OK", data} envelope`
      )
    }
    return { status: res.status, data: body.data, attempts: res.attempts }
  }

  const readRaw = async (runId: string, opts?: CallOptions) => {
    const what = `read Currents run ${runId}`
    const { data } = await call({
      what,
      method: 'GET',
      path: `/runs/${encodeURIComponent(runId)}`,
      signal: opts?.signal,
      ...(opts?.urgent ? urgentRequest : {})
    })
    return { raw: data, what }
  }

  return {
    name: 'currents',
    label: 'Currents',
    describe: runId => `Currents run ${runId}`,

    async get(runId, opts) {
      const { raw, what } = await readRaw(runId, opts)
      const run = normalize(raw, what)
      // The run we cancel, report and gate on is the one we asked about, never another.
      if (run.id !== runId) {
        throw new GateError('bad-response', `${what}: the answer is about run ${run.id}`)
      }
      return run
    },

    async failedTests(run, opts) {
      const read = async (instanceId: string, signal: AbortSignal) =>
        (
          await call({
            what: `read Currents instance ${instanceId}`,
            method: 'GET',
            path: `/instances/${encodeURIComponent(instanceId)}`,
            // One spec's tests: kilobytes, where each gzip stream that fetch decodes costs
            // more CPU than the bytes it saves (measured: bench, failed 10,000-spec gate).
            compressed: false,
            signal
          })
        ).data
      // The recording runner's workspace is <work>/<repo>/<repo>/ (SPEC.md "What failed").
      const repo = github.repository.split('/')[1] || undefined
      return readFailedTests(read, run, repo, opts)
    },

    async find(opts) {
      const byFilter = settings.branch !== undefined || settings.tags.length > 0
      const ciBuildId = settings.ciBuildId ?? (byFilter ? undefined : defaultCiBuildId(github))
      const what = `find the Currents run of project ${settings.projectId}${ciBuildId ? ` with ciBuildId ${ciBuildId}` : ''}`
      // 404 means "not recorded yet": the run exists only once its first results arrive.
      const { status, data } = await call({
        what,
        method: 'GET',
        path: '/runs/find',
        query: {
          projectId: settings.projectId,
          ciBuildId,
          branch: settings.branch,
          'tags[]': settings.tags.length ? [...settings.tags] : undefined
        },
        expect: [404],
        signal: opts?.signal
      })
      return status === 404 ? undefined : normalize(data, what)
    },

    async lastRun(ciBuildId, opts) {
      const what = `read the last Playwright run of the Currents run with ciBuildId ${ciBuildId}`
      // pwLastRun=true makes find answer Playwright's .last-run.json as `data` (API.md); 404:
      // no run was recorded with that ciBuildId.
      const { status, data } = await call({
        what,
        method: 'GET',
        path: '/runs/find',
        query: { projectId: settings.projectId, ciBuildId, pwLastRun: true },
        expect: [404],
        signal: opts?.signal
      })
      return status === 404 ? undefined : readLastRun(data, what)
    },

    async cancel(runId, opts): Promise<CancelOutcome> {
      const { status } = await call({
        what: `cancel Currents run ${runId}`,
        method: 'PUT',
        path: `/runs/${encodeURIComponent(runId)}/cancel`,
        // 422: already cancelled or finished (API.md): the goal is reached.
        expect: [404, 422],
        signal: opts?.signal,
        ...(opts?.urgent ? urgentRequest : {})
      })
      return status === 404 ? 'not-found' : status === 422 ? 'already-finished' : 'cancelled'
    },

    async cancelByCi(opts): Promise<CancelOutcome> {
      const body: Record<string, unknown> = {
        githubRunId: github.runId,
        githubRunAttempt: github.runAttempt
      }
      if (settings.projectId !== undefined) body.projectId = settings.projectId
      if (settings.ciBuildId !== undefined) body.ciBuildId = settings.ciBuildId
      const { status } = await call({
        what: `cancel the Currents runs of GitHub run ${github.runId} attempt ${github.runAttempt}`,
        method: 'PUT',
        path: '/runs/cancel-ci/github',
        body,
        // 404: no run matched, so nothing to cancel.
        expect: [404],
        signal: opts?.signal,
        ...(opts?.urgent ? urgentRequest : {})
      })
      return status === 404 ? 'not-found' : 'cancelled'
    },

    async reset(runId, machineIds, opts) {
      let ids = [...machineIds]
      if (ids.length === 0) ids = failedMachines((await readRaw(runId, opts)).raw)
      // isBatchedOr8n is optional on the wire (seeds/004): sent only when the input asks for it.
      const batched = settings.batchedOrchestration ? { isBatchedOr8n: true } : {}
      for (let i = 0; i < ids.length; i += RESET_BATCH) {
        await call({
          what: `reset machines of Currents run ${runId}`,
          method: 'PUT',
          path: `/runs/${encodeURIComponent(runId)}/reset`,
          body: { machineId: ids.slice(i, i + RESET_BATCH), ...batched },
          signal: opts?.signal
        })
      }
      return ids.length
    },

    async remove(runId, opts) {
      const what = `delete Currents run ${runId}`
      const { status, attempts } = await call({
        what,
        method: 'DELETE',
        path: `/runs/${encodeURIComponent(runId)}`,
        // A retried DELETE (connection lost, answer cut off) may have deleted the run already:
        // the repeat's 404 then means the goal is reached. Only a first answer of 404 means
        // that there was no such run.
        expect: [404],
        signal: opts?.signal
      })
      if (status === 404 && attempts === 1) {
        throw new GateError('not-found', `${what}: not found (HTTP 404); check run-id`, {
          status
        })
      }
    }
  }
}

/** The answer must be a `.last-run.json`: Playwright would run nothing from anything else. */
export function readLastRun(data: unknown, what = 'Playwright last run'): LastRun {
  const file = obj(data)
  const failed = file.failedTests
  const status = file.status
  if (
    data !== file ||
    !Array.isArray(failed) ||
    !failed.every(id => typeof id === 'string') ||
    (status !== undefined && typeof status !== 'string')
  ) {
    throw new GateError(
      'bad-response',
      `${what}: the answer is not Playwright's last run ({status, failedTests: [test ids]})`
    )
  }
  return { failedTests: failed as string[], file }
}

const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : '')

interface SpecView {
  spec: string
  instanceId?: string
  machineId?: string
  failures: number
  flaky: number
  completed: boolean
  group?: string
}

function specsOf(run: Record<string, unknown>): SpecView[] {
  return arr(run.specs).map(s => {
    const spec = obj(s)
    const results = obj(spec.results)
    const stats = obj(results.stats)
    return {
      spec: str(spec.spec) ?? '(unnamed spec)',
      instanceId: str(spec.instanceId),
      machineId: str(spec.machineId),
      failures: num(stats.failures) ?? 0,
      flaky: num(results.flaky) ?? 0,
      completed: str(spec.completedAt) !== undefined,
      group: str(spec.groupId)
    }
  })
}

/** Machines of failed specs, non-empty and each once: what reset needs to rerun failures. */
export function failedMachines(raw: unknown): string[] {
  const ids = specsOf(obj(raw))
    .filter(s => s.failures > 0 && s.machineId)
    .map(s => s.machineId as string)
  return [...new Set(ids)]
}

/** Currents' run JSON → the normalized snapshot. */
export function normalize(raw: unknown, what = 'Currents run'): RunSnapshot {
  const run = obj(raw)
  const id = str(run.runId)
  if (id === undefined) throw new GateError('bad-response', `${what}: the answer has no runId`)
  const completion = upper(run.completionState)
  const statusWord = upper(run.status)
  // Finished when completionState is anything known but IN_PROGRESS; unknown words mean not yet.
  const finished = ['COMPLETE', 'CANCELED', 'CANCELLED', 'TIMEOUT'].includes(completion)
  const status: RunStatus = !finished
    ? 'running'
    : completion === 'TIMEOUT'
      ? 'timed-out'
      : completion !== 'COMPLETE'
        ? 'cancelled' // a CANCELED run is never a pass, whatever status says
        : statusWord === 'PASSED'
          ? 'passed'
          : 'failed'
  const groups = arr(run.groups).map(obj)
  const total = (part: 'tests' | 'instances', key: string) =>
    groups.reduce((acc, g) => acc + (num(obj(g[part])[key]) ?? 0), 0)
  const counts = {
    total: total('tests', 'overall'),
    passed: total('tests', 'passes'),
    failed: total('tests', 'failures'),
    skipped: total('tests', 'skipped') + total('tests', 'pending'),
    flaky: total('tests', 'flaky')
  }
  const url = `${DASHBOARD}/run/${encodeURIComponent(id)}`
  const specs = specsOf(run)
  const failures: RunFailure[] = specs
    .filter(s => s.failures > 0)
    .map(s => ({
      id: s.instanceId,
      file: s.spec,
      title: s.spec,
      failures: s.failures,
      detail: [s.machineId ? `machine ${s.machineId}` : '', s.flaky ? `${s.flaky} flaky` : '']
        .filter(Boolean)
        .join(', '),
      url
    }))
  const progress =
    `specs ${total('instances', 'claimed')}/${total('instances', 'overall')} claimed, ${total('instances', 'complete')} complete; ` +
    `tests ${counts.passed} passed, ${counts.failed} failed, ${counts.flaky} flaky`
  return {
    id,
    url,
    state: finished ? 'finished' : 'running',
    status,
    result: statusWord,
    counts,
    durationMs: duration(run, specs.length > 0 ? run : undefined),
    message: completion && completion !== 'COMPLETE' ? `completionState ${completion}` : undefined,
    failures,
    progress,
    details: groups.slice(0, 20).map(g => {
      const p = obj(g.platform)
      const platform = [str(p.osName), str(p.osVersion), str(p.browserName), str(p.browserVersion)]
        .filter(Boolean)
        .join(' ')
      const t = obj(g.tests)
      return [
        `Group ${str(g.groupId) ?? ''}`,
        `${platform || 'unknown platform'}: ${num(t.passes) ?? 0} passed, ${num(t.failures) ?? 0} failed of ${num(t.overall) ?? 0}`
      ]
    })
  }
}

/** From the run's creation to its last completed spec. */
function duration(
  run: Record<string, unknown>,
  withSpecs?: Record<string, unknown>
): number | undefined {
  const created = Date.parse(str(run.createdAt) ?? '')
  if (!withSpecs || Number.isNaN(created)) return undefined
  let last = Number.NaN
  for (const s of arr(withSpecs.specs)) {
    const t = Date.parse(str(obj(s).completedAt) ?? '')
    if (!Number.isNaN(t) && !(t <= last)) last = t
  }
  return Number.isNaN(last) ? undefined : Math.max(0, last - created)
}
