/**
 * Currents runs (API.md "Currents"): Cypress/Playwright runs recorded by other jobs. Wire words
 * stay here: completionState, status PASSED/FAILED/FAILING, the {status, data} envelope,
 * groups[], specs[], cancel-ci/github.
 */
import { GateError, isGateError } from '../../model/errors.js'
import type { HttpClient, RequestSpec } from '../../http/http.js'
import {
  type CurrentsSettings,
  type GithubContext,
  defaultCiBuildId
} from '../../settings/settings.js'
import { readFailedTests } from './instances.js'
import { failedMachines, normalize } from './run.js'
import type { CallOptions, Provider } from '../provider.js'
import type { CancelOutcome, LastRun } from '../../model/run.js'
import { obj, urgentRequest } from '../wire.js'

export { failedMachines, normalize } from './run.js'

/** Currents resets at most 63 machines per call (API.md). */
export const RESET_BATCH = 63

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

  const byFilter = settings.branch !== undefined || settings.tags.length > 0
  const ciBuildId = settings.ciBuildId ?? (byFilter ? undefined : defaultCiBuildId(github))

  /**
   * A wrong api-url (…/v1/v1, or /v1 missing) or project-id makes every find answer 404 as if
   * the run were not recorded yet, for the whole wait-timeout. So on the first 404, one look
   * at the project itself: a 404 there ends the wait at once.
   */
  let projectChecked = false
  const checkProject = async (opts?: CallOptions) => {
    const path = `/projects/${encodeURIComponent(settings.projectId ?? '')}`
    try {
      const { status } = await call({
        what: `read Currents project ${settings.projectId}`,
        method: 'GET',
        path,
        expect: [404],
        signal: opts?.signal
      })
      projectChecked = true
      if (status !== 404) return
    } catch (e) {
      // Transient (tried again at the next 404) or aborted: the poll loop decides. Any other
      // answer is no proof that the project is missing: keep looking for the run.
      if (isGateError(e, 'transient') || isGateError(e, 'aborted')) throw e
      projectChecked = true
      return
    }
    throw new GateError(
      'not-found',
      `Currents project ${settings.projectId} was not found: GET ${http.pathOf(path)} answered 404 Not Found, as every find did. Check project-id, and api-url (Currents' is https://api.currents.dev/v1: one /v1 at the end of its path)`,
      { status: 404 }
    )
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

    findSubject() {
      const filters = [
        ciBuildId ? `ciBuildId ${ciBuildId}` : '',
        settings.branch !== undefined ? `branch ${settings.branch}` : '',
        settings.tags.length
          ? `${settings.tags.length === 1 ? 'tag' : 'tags'} ${settings.tags.join(', ')}`
          : ''
      ].filter(Boolean)
      return {
        what: `the Currents run of project ${settings.projectId} with ${filters.join(' and ')}`,
        hint: ciBuildId
          ? `check project-id, and that the tests are recorded with the same ciBuildId (the recorder's --ci-build-id), or set ci-build-id, branch or tags`
          : `check project-id, branch and tags against the run in Currents`
      }
    },

    async find(opts) {
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
      if (status !== 404) return normalize(data, what)
      if (!projectChecked) await checkProject(opts)
      return undefined
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
      if (status !== 404) return readLastRun(data, what)
      // A wrong project or api-url answers 404 too: taken for "no earlier run", every test
      // would run on every rerun attempt, unnoticed. The same one look as find's.
      await checkProject(opts)
      return undefined
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
