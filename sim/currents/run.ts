/**
 * The Currents run model. Specs are generated once (fast enough for 10,000 specs); their
 * claim and completion times follow from the run's timeline: every machine works through its
 * specs one after the other, the last one completing at `durationMs`. A run's state at any
 * moment is computed from the clock (no timers), unless it was ended explicitly.
 */
import { createHash, randomUUID } from 'node:crypto'
import { iso } from '../http.js'

export type CurrentsOutcome = 'PASSED' | 'FAILED' | 'CANCELED' | 'TIMEOUT'
export type CompletionState = 'COMPLETE' | 'IN_PROGRESS' | 'CANCELED' | 'TIMEOUT'

export interface CurrentsSpecOptions {
  spec: string
  failures?: number
  machineId?: string
  flaky?: number
  tests?: number
  groupId?: string
  /** Titles of its tests in order, parts joined with ' › ' (the failed ones come first). */
  testTitles?: string[]
}

export interface CurrentsRunOptions {
  runId?: string
  projectId: string
  ciBuildId?: string
  branch?: string
  tags?: string[]
  commitSha?: string
  githubRunId?: string
  githubRunAttempt?: number
  /** The run does not exist (find and get answer 404) until then. Default 0. */
  recordAfterMs?: number
  /** From being recorded to finished. Default 300; Infinity: until complete(). */
  durationMs?: number
  outcome?: CurrentsOutcome
  specCount?: number
  /** Default 1 when outcome is FAILED, else 0; ignored when `specs` is given. */
  failedSpecs?: number
  groups?: number
  machines?: number
  /** Explicit specs (failures default 0); overrides the generated ones. */
  specs?: CurrentsSpecOptions[]
  /** The recording runner's checkout, for absolute paths in stacks. Default '/__w/shop/shop'. */
  workspace?: string
  /** Playwright's testDir inside the checkout (spec paths are relative to it). Default ''. */
  testDir?: string
  /** Where instances carry error details: the `testResults` map (default, as the real service) or `tests[]`. */
  instanceDetails?: 'testResults' | 'tests'
  /**
   * 'cypress': a run recorded by Cypress, as Currents' docs show it: no `durationMs`,
   * `cypressVersion` at the top, `results.videoUrl` per spec, instances with their tests inline.
   */
  framework?: 'playwright' | 'cypress'
  /** find with pwLastRun=true answers `{...run, pwLastRun}` (the newer form) instead of the file itself. */
  nestedLastRun?: boolean
}

export interface SpecSeed {
  index: number
  groupId: string
  spec: string
  instanceId: string
  machineId: string
  /** Position in its machine's queue. */
  slot: number
  tests: number
  failures: number
  pending: number
  skipped: number
  flaky: number
  testTitles?: string[]
}

export interface CurrentsRunState {
  runId: string
  projectId: string
  ciBuildId: string | null
  branch: string | null
  tags: string[]
  commitSha: string
  githubRunId?: string
  githubRunAttempt?: number
  addedAt: number
  recordedAt: number
  durationMs: number
  outcome: CurrentsOutcome
  specs: SpecSeed[]
  groups: Array<{ groupId: string; browserName: string }>
  slots: number
  endedAt?: number
  endState?: CompletionState
  endStatus?: 'PASSED' | 'FAILED'
  /** complete(PASSED|FAILED): every spec completes at endedAt. */
  forceComplete: boolean
  canceled?: { actor: string; canceledAt: string; reason: string; via: string }
  deleted: boolean
  resets: Array<{ machineId: string[]; isBatchedOr8n?: boolean; at: number }>
  overrides: Record<string, unknown>
  /** Forced answer of find with pwLastRun=true (CurrentsSim.setLastRun). */
  lastRun?: unknown
  workspace: { root: string; testDir: string; project: string }
  instanceDetails: 'testResults' | 'tests'
  framework: 'playwright' | 'cypress'
  nestedLastRun: boolean
}

const BROWSERS = ['chromium', 'firefox', 'webkit']

/**
 * A spec's instance id: random, or, for a run given its id, derived from it (a UUID's shape),
 * so that a sample written from a run of a known id (the README's) names the same pages each time.
 */
function instanceIdOf(runId: string | undefined, index: number): string {
  if (runId === undefined) return randomUUID()
  const h = createHash('sha256').update(`${runId}:${index}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}
export function createRunState(opts: CurrentsRunOptions, now: number): CurrentsRunState {
  const outcome = opts.outcome ?? 'PASSED'
  const machines = Math.max(1, opts.machines ?? 2)
  const groupCount = Math.max(1, opts.groups ?? 1)
  const groups = Array.from({ length: groupCount }, (_, j) => ({
    groupId: groupCount === 1 ? (opts.ciBuildId ?? 'default') : `${BROWSERS[j % 3]}-${j + 1}`,
    browserName: BROWSERS[j % 3]
  }))
  const given = opts.specs
  const n = given?.length ?? Math.max(0, opts.specCount ?? 4)
  const failing = new Set<number>()
  if (!given) {
    const f = Math.min(n, opts.failedSpecs ?? (outcome === 'FAILED' ? 1 : 0))
    for (let j = 0; j < f; j++) failing.add(Math.min(n - 1, Math.floor(((j + 0.5) * n) / f)))
  }
  const queue = new Map<string, number>()
  const specs: SpecSeed[] = new Array<SpecSeed>(n)
  let slots = 0
  for (let i = 0; i < n; i++) {
    const g = given?.[i]
    const machineId = g?.machineId ?? `machine-${(i % machines) + 1}`
    const slot = queue.get(machineId) ?? 0
    queue.set(machineId, slot + 1)
    slots = Math.max(slots, slot + 1)
    const failures = g ? (g.failures ?? 0) : failing.has(i) ? 1 : 0
    const flaky = g?.flaky ?? 0
    const tests = Math.max(g?.tests ?? 2 + (i % 4), failures + flaky)
    const pending = tests - failures - flaky >= 2 && i % 5 === 4 ? 1 : 0
    specs[i] = {
      index: i,
      groupId: g?.groupId ?? groups[i % groupCount].groupId,
      spec: g?.spec ?? `tests/area-${i % 10}/feature-${i}.spec.ts`,
      instanceId: instanceIdOf(opts.runId, i),
      machineId,
      slot,
      tests,
      failures,
      pending,
      skipped: 0,
      flaky,
      testTitles: g?.testTitles
    }
  }
  for (const s of specs) {
    if (!groups.some(g => g.groupId === s.groupId)) {
      groups.push({ groupId: s.groupId, browserName: BROWSERS[0] })
    }
  }
  const recordedAt = now + (opts.recordAfterMs ?? 0)
  return {
    runId: opts.runId ?? randomUUID().replace(/-/g, ''),
    projectId: opts.projectId,
    ciBuildId: opts.ciBuildId ?? null,
    branch: opts.branch ?? null,
    tags: opts.tags ?? [],
    commitSha: opts.commitSha ?? 'c64c5c2b976aa5047507cb8badc889aac7539a3b',
    githubRunId: opts.githubRunId,
    githubRunAttempt: opts.githubRunAttempt,
    addedAt: now,
    recordedAt,
    durationMs: opts.durationMs ?? 300,
    outcome,
    specs,
    groups,
    slots,
    forceComplete: false,
    deleted: false,
    resets: [],
    overrides: {},
    workspace: {
      root: (opts.workspace ?? '/__w/shop/shop').replace(/\/+$/, ''),
      testDir: (opts.testDir ?? '').replace(/^\/+|\/+$/g, ''),
      project: (opts.workspace ?? '/__w/shop/shop').replace(/\/+$/, '').replace(/^.*\//, '')
    },
    instanceDetails:
      opts.instanceDetails ?? (opts.framework === 'cypress' ? 'tests' : 'testResults'),
    framework: opts.framework ?? 'playwright',
    nestedLastRun: opts.nestedLastRun ?? false
  }
}

export function runEndAt(run: CurrentsRunState): number {
  return run.endedAt ?? run.recordedAt + run.durationMs
}

export function isRecorded(run: CurrentsRunState, now: number): boolean {
  return now >= run.recordedAt && !run.deleted
}

export function isFinished(run: CurrentsRunState, now: number): boolean {
  return now >= runEndAt(run)
}

function stateOf(outcome: CurrentsOutcome): CompletionState {
  return outcome === 'CANCELED' || outcome === 'TIMEOUT' ? outcome : 'COMPLETE'
}

export function completionState(run: CurrentsRunState, now: number): CompletionState {
  if (!isFinished(run, now)) return 'IN_PROGRESS'
  return run.endState ?? stateOf(run.outcome)
}

/** Claim and completion times of a spec (Infinity: not yet / never on its own). */
function specTimes(run: CurrentsRunState, s: SpecSeed): [number, number] {
  // A run that ends cancelled or timed out gets there with part of its specs still open.
  const span = stateOf(run.outcome) === 'COMPLETE' ? run.durationMs : run.durationMs / 0.6
  if (!Number.isFinite(span)) return [s.slot === 0 ? run.recordedAt : Infinity, Infinity]
  const slot = span / Math.max(1, run.slots)
  return [run.recordedAt + s.slot * slot, run.recordedAt + (s.slot + 1) * slot]
}

function newGroupStats() {
  return {
    instances: { overall: 0, claimed: 0, complete: 0, passes: 0, failures: 0 },
    tests: { overall: 0, passes: 0, failures: 0, pending: 0, skipped: 0, retries: 0, flaky: 0 }
  }
}

export function renderCurrentsRun(run: CurrentsRunState, now: number): Record<string, unknown> {
  const end = runEndAt(run)
  const finished = now >= end
  const t = Math.min(now, end)
  const force = finished && run.forceComplete
  let failedDone = false
  const cypress = run.framework === 'cypress'
  const groupStats = new Map(run.groups.map(g => [g.groupId, newGroupStats()]))
  const specs = run.specs.map(s => {
    let [claim, complete] = specTimes(run, s)
    if (force) {
      claim = Math.min(claim, end)
      complete = Math.min(complete, end)
    }
    const claimed = claim <= t
    const completed = complete <= t
    const gs = groupStats.get(s.groupId) ?? newGroupStats()
    gs.instances.overall++
    if (claimed) gs.instances.claimed++
    const passes = s.tests - s.failures - s.pending - s.skipped
    if (completed) {
      gs.instances.complete++
      if (s.failures > 0) {
        gs.instances.failures++
        failedDone = true
      } else gs.instances.passes++
      gs.tests.overall += s.tests
      gs.tests.passes += passes
      gs.tests.failures += s.failures
      gs.tests.pending += s.pending
      gs.tests.skipped += s.skipped
      gs.tests.retries += s.flaky
      gs.tests.flaky += s.flaky
    }
    return {
      groupId: s.groupId,
      spec: s.spec,
      instanceId: s.instanceId,
      claimedAt: claimed ? iso(claim) : null,
      completedAt: completed ? iso(complete) : null,
      machineId: s.machineId,
      results: completed
        ? {
            stats: {
              suites: 1,
              tests: s.tests,
              passes,
              pending: s.pending,
              skipped: s.skipped,
              failures: s.failures,
              wallClockStartedAt: iso(claim),
              wallClockEndedAt: iso(complete),
              wallClockDuration: Math.round(complete - claim)
            },
            ...(cypress
              ? {
                  screenshots: [],
                  videoUrl: `https://fs.currents.dev/${run.projectId}/${s.instanceId}.mp4`
                }
              : { flaky: s.flaky })
          }
        : null
    }
  })
  const state = completionState(run, now)
  const status = !finished
    ? failedDone
      ? 'FAILING'
      : 'RUNNING'
    : (run.endStatus ?? (failedDone || run.outcome === 'FAILED' ? 'FAILED' : 'PASSED'))
  const body: Record<string, unknown> = {
    runId: run.runId,
    projectId: run.projectId,
    createdAt: iso(run.recordedAt),
    completionState: state,
    status,
    // The service's own duration, once the run has ended (API.md); Cypress runs have none.
    ...(cypress
      ? { cypressVersion: '13.6.0' }
      : { durationMs: finished ? Math.round(end - run.recordedAt) : null }),
    tags: run.tags,
    timeout: { isTimeout: state === 'TIMEOUT', timeoutValueMs: 3_600_000 },
    groups: run.groups.map(g => ({
      groupId: g.groupId,
      platform: {
        osName: 'linux',
        osVersion: 'Ubuntu - 24.04',
        browserName: g.browserName,
        browserVersion: '131.0.6778.33'
      },
      ...groupStats.get(g.groupId)
    })),
    meta: {
      ciBuildId: run.ciBuildId,
      commit: {
        sha: run.commitSha,
        branch: run.branch,
        authorName: 'Sim Ulator',
        authorEmail: 'sim@example.com',
        message: 'Simulated commit',
        remoteOrigin: 'https://github.com/example/repo',
        defaultBranch: 'main'
      }
    },
    specs
  }
  return Object.assign(body, run.overrides)
}
