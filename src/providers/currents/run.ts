/**
 * Currents' run JSON read into the normalized snapshot (API.md "Currents"): completionState,
 * status PASSED/FAILED/FAILING, groups[] and specs[] stay in this folder.
 */
import { GateError } from '../../model/errors.js'
import type { RunCounts, RunFailure, RunItem, RunSnapshot, RunStatus } from '../../model/run.js'
import { arr, id as idOf, num, obj, str } from '../wire.js'
import { instancePage, runPage } from './dashboard.js'

const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : '')

interface SpecView {
  spec: string
  instanceId?: string
  machineId?: string
  failures: number
  flaky: number
  completed: boolean
  group?: string
  tests: number
  skipped: number
  durationMs?: number
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
      group: str(spec.groupId),
      tests: num(stats.tests) ?? 0,
      skipped: (num(stats.skipped) ?? 0) + (num(stats.pending) ?? 0),
      durationMs: num(stats.wallClockDuration)
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
  // Currents' run ids are strings (hex); a number is some other answer.
  const id = typeof run.runId === 'string' ? idOf(run.runId) : undefined
  if (id === undefined)
    throw new GateError(
      'bad-response',
      run.runId === undefined ? `${what}: the answer has no runId` : `${what}: its runId is no id`
    )
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
  // No groups yet: no count is known (0 would say that no test ran).
  const counts: RunCounts =
    groups.length === 0
      ? {}
      : {
          total: total('tests', 'overall'),
          passed: total('tests', 'passes'),
          failed: total('tests', 'failures'),
          skipped: total('tests', 'skipped') + total('tests', 'pending'),
          flaky: total('tests', 'flaky')
        }
  const url = runPage(id)
  const specs = specsOf(run)
  return {
    id,
    url,
    state: finished ? 'finished' : 'running',
    status,
    result: statusWord,
    counts,
    // The service's own figure (API.md: 59850 ms for a run whose specs span 58914 ms); a
    // Cypress run has none (Currents' docs, "Get Run", Cypress): createdAt → last completedAt.
    durationMs: finished ? (num(run.durationMs) ?? spanOf(run)) : undefined,
    message: completion && completion !== 'COMPLETE' ? `completionState ${completion}` : undefined,
    failures: failedSpecs(specs, url),
    flakyItems: flakySpecs(specs, url),
    // Only a finished run's counts are final: a JUnit file is written of nothing less.
    items: finished ? specs.map(itemOf) : undefined,
    progress:
      `specs ${total('instances', 'claimed')}/${total('instances', 'overall')} claimed, ${total('instances', 'complete')} complete; ` +
      `tests ${counts.passed ?? 0} passed, ${counts.failed ?? 0} failed, ${counts.flaky ?? 0} flaky`,
    details: groups.slice(0, 20).map(groupRow)
  }
}

/** From the run's creation to its last spec's completion, when both are known. */
function spanOf(run: Record<string, unknown>): number | undefined {
  const created = Date.parse(str(run.createdAt) ?? '')
  const ends = arr(run.specs)
    .map(s => Date.parse(str(obj(s).completedAt) ?? ''))
    .filter(t => Number.isFinite(t))
  if (!Number.isFinite(created) || ends.length === 0) return undefined
  const span = Math.max(...ends) - created
  return span >= 0 ? span : undefined
}

/** A spec's page: its instance's, when the run names it; else the run's. */
const specPage = (s: SpecView, runUrl: string) =>
  s.instanceId !== undefined ? instancePage(s.instanceId) : runUrl

/** The failed specs, in the run's order, each a failed item whose tests can be read. */
function failedSpecs(specs: SpecView[], url: string): RunFailure[] {
  return specs
    .filter(s => s.failures > 0)
    .map(s => ({
      id: s.instanceId,
      file: s.spec,
      title: s.spec,
      failures: s.failures,
      detail: [s.machineId ? `machine ${s.machineId}` : '', s.flaky ? `${s.flaky} flaky` : '']
        .filter(Boolean)
        .join(', '),
      url: specPage(s, url)
    }))
}

/** The specs whose stats count flaky tests, in the run's order: where their names are read. */
function flakySpecs(specs: SpecView[], url: string): RunFailure[] {
  return specs
    .filter(s => s.flaky > 0)
    .map(s => ({
      id: s.instanceId,
      file: s.spec,
      title: s.spec,
      failures: s.flaky,
      url: specPage(s, url)
    }))
}

function itemOf(s: SpecView): RunItem {
  const item: RunItem = {
    file: s.spec,
    tests: s.tests,
    failures: s.failures,
    skipped: s.skipped,
    flaky: s.flaky
  }
  if (s.durationMs !== undefined && s.durationMs >= 0) item.durationMs = s.durationMs
  return item
}

/** A summary row for one group: its platform and its counts. */
function groupRow(g: Record<string, unknown>): [string, string] {
  const p = obj(g.platform)
  const platform = [str(p.osName), str(p.osVersion), str(p.browserName), str(p.browserVersion)]
    .filter(Boolean)
    .join(' ')
  const t = obj(g.tests)
  return [
    `Group ${str(g.groupId) ?? ''}`,
    `${platform || 'unknown platform'}: ${num(t.passes) ?? 0} passed, ${num(t.failures) ?? 0} failed of ${num(t.overall) ?? 0}`
  ]
}
