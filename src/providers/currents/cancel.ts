/**
 * Cancelling Currents runs: one by its id, or those of a GitHub workflow run and attempt. With
 * the API key through the API; with only the record key (credentials.ts) through the reporting
 * service ("director"), as Currents' own cancel action does (currents-dev/cancel-run-gh-action,
 * `src/api.ts`).
 */
import { GateError } from '../../model/errors.js'
import type { CancelOutcome, CiCancelOutcome } from '../../model/run.js'
import { defaultCiBuildIds } from '../../settings/settings.js'
import type { CallOptions } from '../provider.js'
import { obj, urgentRequest } from '../wire.js'
import type { CurrentsApi } from './api.js'

export async function cancelRun(
  api: CurrentsApi,
  runId: string,
  opts?: CallOptions
): Promise<CancelOutcome> {
  if (api.credential.kind === 'record-key') {
    const result = await cancelWithRecordKey(api, { runId }, opts)
    return result === 'cancelled' ? 'cancelled' : 'not-found'
  }
  const { status } = await api.call({
    what: `cancel Currents run ${runId}`,
    method: 'PUT',
    path: `/runs/${encodeURIComponent(runId)}/cancel`,
    // 422: already cancelled or finished (API.md): the goal is reached.
    expect: [404, 422],
    signal: opts?.signal,
    ...(opts?.urgent ? urgentRequest : {})
  })
  return status === 404 ? 'not-found' : status === 422 ? 'already-finished' : 'cancelled'
}

/** What cancelByCi cancels, in words for the log. */
export function ciCancelSubject(api: CurrentsApi): string {
  const { settings, github } = api
  if (api.credential.kind === 'record-key') {
    return `the Currents run of project ${settings.projectId} with ciBuildId ${ciBuildIdsOf(api).join(' or ')} (with the record key)`
  }
  return `the Currents runs of GitHub run ${github.runId} attempt ${github.runAttempt}`
}

export async function cancelByCi(api: CurrentsApi, opts?: CallOptions): Promise<CiCancelOutcome> {
  const { settings, github } = api
  if (api.credential.kind === 'record-key') {
    // The reporters name the run themselves when no ciBuildId is set (with `pw:` in front for
    // Playwright): ask for each name until one names a run.
    for (const ciBuildId of ciBuildIdsOf(api)) {
      const result = await cancelWithRecordKey(api, { ciBuildId }, opts)
      if (result === 'cancelled') return result
    }
    return 'nothing-recorded'
  }
  const body: Record<string, unknown> = {
    // Both as JSON strings, as Currents' own action sends them: its server decodes the
    // attempt's integer from a string (API.md; the seed's OpenAPI says integer).
    githubRunId: github.runId,
    githubRunAttempt: String(github.runAttempt)
  }
  if (settings.projectId !== undefined) body.projectId = settings.projectId
  if (settings.ciBuildId !== undefined) body.ciBuildId = settings.ciBuildId
  const what = `cancel the Currents runs of GitHub run ${github.runId} attempt ${github.runAttempt}`
  const { status, error } = await api.call(
    {
      what,
      method: 'PUT',
      path: '/runs/cancel-ci/github',
      body,
      // 404: no run matched, so nothing to cancel. 422 "Run is cancelled": another job of a
      // parallel run cancelled it first (Currents' own action counts it as a success).
      expect: [404, 422],
      signal: opts?.signal,
      ...(opts?.urgent ? urgentRequest : {})
    },
    // 200 is the cancel, whatever the body: Currents' own action checks only the status, and
    // its test doubles answer the fields without the envelope.
    true
  )
  if (status === 404) return 'not-found'
  if (status === 422) {
    if (/cancel/i.test(error ?? '')) return 'already-cancelled'
    throw new GateError('conflict', `${what}: HTTP 422: ${error ?? 'no reason given'}`, {
      status
    })
  }
  return 'cancelled'
}

/** The ciBuildIds the record key may cancel: the one set, else both defaults. */
function ciBuildIdsOf(api: CurrentsApi): string[] {
  const { settings, github } = api
  return settings.ciBuildId !== undefined ? [settings.ciBuildId] : defaultCiBuildIds(github)
}

/**
 * `POST {director-url}/v1/runs/cancel` `{recordKey, projectId, ciBuildId | runId}`, no
 * Authorization header (the HTTP client for a record key has none and goes to director-url
 * only). `data.runId: null`: nothing was recorded with that name yet.
 */
async function cancelWithRecordKey(
  api: CurrentsApi,
  target: { ciBuildId: string } | { runId: string },
  opts?: CallOptions
): Promise<'cancelled' | 'nothing-recorded'> {
  const { settings, http } = api
  if (api.credential.kind !== 'record-key') throw new Error('no record key')
  const which = 'runId' in target ? `run ${target.runId}` : `ciBuildId ${target.ciBuildId}`
  const what = `cancel the Currents run with ${which} with the record key`
  const res = await http.request({
    what,
    method: 'POST',
    path: '/v1/runs/cancel',
    body: { recordKey: api.credential.recordKey, projectId: settings.projectId, ...target },
    // Cancelling twice cancels once: a lost answer may be asked again.
    idempotent: true,
    expect: [404],
    signal: opts?.signal,
    ...(opts?.urgent ? urgentRequest : {})
  })
  if (res.status === 404) {
    // The route exists on Currents' cloud director; a 404 is another host or an older
    // self-hosted Currents, not a missing run (that answers runId: null).
    throw new GateError(
      'not-found',
      `${what}: POST ${api.credential.directorUrl}/v1/runs/cancel answered 404 Not Found: check director-url (Currents' is https://cy.currents.dev); an older self-hosted Currents has no such route, so use api-key there`,
      { status: 404 }
    )
  }
  const body = obj(res.body)
  const data = 'data' in body ? obj(body.data) : body
  return typeof data.runId === 'string' && data.runId !== '' ? 'cancelled' : 'nothing-recorded'
}
