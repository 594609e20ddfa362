/** One Currents run by its id: read it, read one of its spec instances, reset, delete. */
import { GateError } from '../../model/errors.js'
import type { RunSnapshot } from '../../model/run.js'
import type { CallOptions } from '../provider.js'
import { urgentRequest } from '../wire.js'
import type { CurrentsApi } from './api.js'
import { failedMachines, normalize } from './run.js'

/** Currents resets at most 63 machines per call (API.md). */
export const RESET_BATCH = 63

/** The run's answer as the service sent it. */
export async function readRawRun(
  api: CurrentsApi,
  runId: string,
  opts?: CallOptions
): Promise<{ raw: unknown; what: string }> {
  const what = `read Currents run ${runId}`
  const { data } = await api.call({
    what,
    method: 'GET',
    path: `/runs/${encodeURIComponent(runId)}`,
    signal: opts?.signal,
    ...(opts?.urgent ? urgentRequest : {})
  })
  return { raw: data, what }
}

export async function getRun(
  api: CurrentsApi,
  runId: string,
  opts?: CallOptions
): Promise<RunSnapshot> {
  const { raw, what } = await readRawRun(api, runId, opts)
  const run = normalize(raw, what)
  // The run we cancel, report and gate on is the one we asked about, never another.
  if (run.id !== runId) {
    throw new GateError('bad-response', `${what}: the answer is about run ${run.id}`)
  }
  return run
}

/** One spec's tests (GET /instances/{instanceId}): the `data` of the answer. */
export async function readInstance(
  api: CurrentsApi,
  instanceId: string,
  signal: AbortSignal
): Promise<unknown> {
  const { data } = await api.call({
    what: `read Currents instance ${instanceId}`,
    method: 'GET',
    path: `/instances/${encodeURIComponent(instanceId)}`,
    // One spec's tests: kilobytes, where each gzip stream that fetch decodes costs more CPU
    // than the bytes it saves (measured: bench, failed 10,000-spec gate).
    compressed: false,
    signal
  })
  return data
}

/** Reset the given machines, or when none are given those of the run's failed specs. */
export async function resetRun(
  api: CurrentsApi,
  runId: string,
  machineIds: readonly string[],
  opts?: CallOptions
): Promise<number> {
  let ids = [...machineIds]
  if (ids.length === 0) ids = failedMachines((await readRawRun(api, runId, opts)).raw)
  // isBatchedOr8n is optional on the wire (seeds/004): sent only when the input asks for it.
  const batched = api.settings.batchedOrchestration ? { isBatchedOr8n: true } : {}
  for (let i = 0; i < ids.length; i += RESET_BATCH) {
    await api.call({
      what: `reset machines of Currents run ${runId}`,
      method: 'PUT',
      path: `/runs/${encodeURIComponent(runId)}/reset`,
      body: { machineId: ids.slice(i, i + RESET_BATCH), ...batched },
      signal: opts?.signal
    })
  }
  return ids.length
}

export async function deleteRun(api: CurrentsApi, runId: string, opts?: CallOptions) {
  const what = `delete Currents run ${runId}`
  const { status, attempts } = await api.call({
    what,
    method: 'DELETE',
    path: `/runs/${encodeURIComponent(runId)}`,
    // A retried DELETE (connection lost, answer cut off) may have deleted the run already: the
    // repeat's 404 then means the goal is reached. Only a first answer of 404 means that there
    // was no such run.
    expect: [404],
    signal: opts?.signal
  })
  if (status === 404 && attempts === 1) {
    throw new GateError('not-found', `${what}: not found (HTTP 404); check run-id`, { status })
  }
}
