/** Cancelling Currents runs: one by its id, or those of a GitHub workflow run and attempt. */
import type { CancelOutcome } from '../../model/run.js'
import type { CallOptions } from '../provider.js'
import { urgentRequest } from '../wire.js'
import type { CurrentsApi } from './api.js'

export async function cancelRun(
  api: CurrentsApi,
  runId: string,
  opts?: CallOptions
): Promise<CancelOutcome> {
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

export async function cancelByCi(api: CurrentsApi, opts?: CallOptions): Promise<CancelOutcome> {
  const { settings, github } = api
  const body: Record<string, unknown> = {
    githubRunId: github.runId,
    githubRunAttempt: github.runAttempt
  }
  if (settings.projectId !== undefined) body.projectId = settings.projectId
  if (settings.ciBuildId !== undefined) body.ciBuildId = settings.ciBuildId
  const { status } = await api.call({
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
}
