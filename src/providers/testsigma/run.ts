/**
 * How a Testsigma run answer (GET /execution_results/{id}) reads as a run snapshot. Wire words
 * stay here: status STATUS_*, result SUCCESS/FAILURE/..., executionId, childResult,
 * consolidated*.
 */
import { GateError } from '../../model/errors.js'
import type { RunCounts, RunSnapshot, RunState, RunStatus } from '../../model/run.js'
import { plural } from '../../model/words.js'
import { id as idOf, num, obj, safeUrl, str } from '../wire.js'

/** Statuses before STATUS_COMPLETED; any other word also means "keep waiting". */
const QUEUED_STATUSES = new Set(['STATUS_CREATED', 'STATUS_QUEUED', 'STATUS_PRE_FLIGHT'])
const COMPLETED = 'STATUS_COMPLETED'
/** The docs' prose says PASSED/FAILED where the wire says SUCCESS/FAILURE: accept both. */
const PASSED_RESULTS = new Set(['SUCCESS', 'PASSED'])

/** The test plan (executionId) a run answer names, if any. */
export function planOfRun(raw: unknown): number | undefined {
  return num(obj(raw).executionId)
}

/** Testsigma's run JSON → the normalized snapshot. */
export function normalize(raw: unknown, what = 'Testsigma run', origin?: string): RunSnapshot {
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
  const counts = countsOf(r, state)
  const status: RunStatus = finished
    ? finishedStatus(resultWord)
    : state === 'queued'
      ? 'queued'
      : 'running'
  // No answer in Testsigma's docs carries app_url; the server names the run's page itself in
  // its JUnit report (property "Testsigma reports URL"): /ui/td/runs/{id} on its origin.
  const url =
    safeUrl(r.app_url) ??
    safeUrl(r.appUrl) ??
    (origin ? safeUrl(`${origin}/ui/td/runs/${encodeURIComponent(id)}`) : undefined)
  const childId = hasChild ? (idOf(obj(r.childResult).id) ?? idOf(r.childResult)) : undefined
  const plan = num(r.executionId)
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
    progress: progressOf(r, statusWord, state, counts, childId),
    details: detailsOf(plan, idOf(r.reRunParentId), childId)
  }
}

/**
 * A run not started yet answers zeros for every count: not known yet, so left empty (a total
 * is known once the plan's tests are queued). Any count may be null or absent (API.md). The
 * newer `consolidatedPlan*Count` fields count after the plan's own automatic rerun: a test
 * that failed, then passed in the rerun, is flaky, not failed. A finished run's `runningCount`
 * (a stopped run's cut-off tests) belongs with the skipped ones: the counts add up to total.
 */
function countsOf(r: Record<string, unknown>, state: RunState): RunCounts {
  if (state === 'queued') return { total: num(r.totalCount) || undefined }
  const metric = obj(r.testPlanResultMetric)
  const consolidated = (k: string) =>
    num(r[`consolidatedPlan${k}Count`]) ?? num(metric[`consolidatedPlan${k}Count`])
  const hasConsolidated = consolidated('Total') !== undefined
  const own = (k: string) => num(r[`${k.charAt(0).toLowerCase()}${k.slice(1)}Count`])
  const count = (k: string) => (hasConsolidated ? consolidated(k) : own(k))
  const failed = hasConsolidated
    ? consolidated('Failed')
    : sum(own('Failed'), own('Aborted'), own('PreRequisiteFailed'))
  const counts: RunCounts = {
    total: count('Total'),
    passed: count('Passed'),
    failed,
    skipped: sum(
      count('NotExecuted'),
      count('Stopped'),
      state === 'finished' ? count('Running') : undefined
    )
  }
  const firstFailed = own('Failed')
  if (hasConsolidated && firstFailed !== undefined && failed !== undefined) {
    counts.flaky = Math.max(0, firstFailed - failed)
  }
  return counts
}

/** One line for the log while waiting: where the run is, its counts, its automatic rerun. */
function progressOf(
  r: Record<string, unknown>,
  statusWord: string,
  state: RunState,
  counts: RunCounts,
  childId: string | undefined
): string {
  const where =
    statusWord
      .replace(/^STATUS_/, '')
      .toLowerCase()
      .replace(/_/g, ' ') || 'unknown status'
  const figures =
    state === 'queued'
      ? counts.total !== undefined
        ? `${plural(counts.total, 'test')} to run`
        : ''
      : `${counts.passed ?? 0} passed, ${counts.failed ?? 0} failed, ${num(r.runningCount) ?? 0} running, ${num(r.queuedCount) ?? 0} queued of ${counts.total ?? 0}`
  return [where, figures, childId !== undefined ? `automatic rerun ${childId}` : '']
    .filter(Boolean)
    .join('; ')
}

/** The summary's rows about the plan, the run it reruns and its automatic rerun. */
function detailsOf(
  plan: number | undefined,
  parent: string | undefined,
  childId: string | undefined
): Array<[string, string]> {
  const details: Array<[string, string]> = []
  if (plan !== undefined) details.push(['Test plan', String(plan)])
  if (parent !== undefined) details.push(['Rerun of', `run ${parent}`])
  if (childId !== undefined) details.push(['Automatic rerun', `run ${childId}`])
  return details
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
