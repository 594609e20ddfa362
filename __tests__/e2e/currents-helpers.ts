/**
 * Shared by the Currents e2e tests: one simulator per test file, inputs the way a workflow
 * writes them, the requests of the current test only, and the annotation lines of a step.
 */
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import type { CurrentsRunOptions, RecordedRequest, Simulator } from '../../sim/index.js'
import { startSimulator } from '../../sim/index.js'
import { commandLines, simInputs } from './runner.js'

export const API_KEY = 'cur-SECRET-key'
/** The runner's default ciBuildId for the harness env (acme/shop, run 4242, attempt 1). */
export const DEFAULT_BUILD_ID = 'acme/shop-4242-1'
/** What the harness sets as GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT (as the simulator's run options). */
export const GITHUB_RUN = { githubRunId: '4242', githubRunAttempt: 1 }
/** The same in a cancel-ci/github body: both JSON strings, as Currents' own action sends them. */
export const GITHUB_RUN_BODY = { githubRunId: '4242', githubRunAttempt: '1' }

export interface CurrentsE2e {
  sim: Simulator
  /** Inputs of a Currents step against the simulator, with short poll intervals. */
  inputs(more?: Record<string, string>): Record<string, string>
  /**
   * A project id no other test of the file uses, so find and cancel-ci match only its runs; the
   * simulator knows it (GET /projects/{id} answers it) even before a run of it is added.
   */
  project(): string
  /** Requests the simulator received since the current test began. */
  requests(method?: string, path?: string | RegExp): RecordedRequest[]
}

export function useCurrentsSim(): CurrentsE2e {
  let sim: Simulator | undefined
  let since = 0
  let projects = 0
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: API_KEY })
  })
  afterAll(async () => {
    await sim?.close()
  })
  beforeEach(() => {
    sim?.faults.clear()
    since = sim?.requests.length ?? 0
  })
  const e2e: CurrentsE2e = {
    get sim() {
      if (!sim) throw new Error('the simulator is not started yet')
      return sim
    },
    inputs: (more = {}) => simInputs(e2e.sim, 'currents', API_KEY, more),
    project: () => {
      const projectId = `proj-${++projects}`
      e2e.sim.currents.addProject(projectId)
      return projectId
    },
    requests: (method, path) =>
      e2e.sim.requests
        .slice(since)
        .filter(
          r =>
            (method === undefined || r.method === method) &&
            (path === undefined || (typeof path === 'string' ? r.path === path : path.test(r.path)))
        )
  }
  return e2e
}

export interface Annotation {
  properties: Record<string, string>
  message: string
}

/** Undoes @actions/core's escaping of workflow command properties and messages. */
function unescape(s: string): string {
  return s
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%')
}

/** `::error k=v,k=v::message` lines that carry properties (the per-spec annotations). */
export function fileAnnotations(stdout: string): Annotation[] {
  return commandLines(stdout)
    .filter(l => l.startsWith('::error '))
    .map(l => {
      const end = l.indexOf('::', 2)
      const properties: Record<string, string> = {}
      for (const pair of l.slice('::error '.length, end).split(',')) {
        const at = pair.indexOf('=')
        properties[pair.slice(0, at)] = unescape(pair.slice(at + 1))
      }
      return { properties, message: unescape(l.slice(end + 2)) }
    })
}

/** The bare `::error::` lines: the step's verdict (and nothing else). */
export function verdictLines(stdout: string): string[] {
  return commandLines(stdout).filter(l => l.startsWith('::error::'))
}

/** Log lines of the HTTP client (one per attempt), printed as ::debug:: commands. */
export function httpLogLines(stdout: string): string[] {
  return commandLines(stdout).filter(l => /^::debug::(GET|PUT|POST|PATCH|DELETE) \//.test(l))
}

interface RunView {
  durationMs: number | null
  groups: Array<{ tests: Record<string, number> }>
}

/**
 * The outputs a finished run should give, from the simulator's own view of it: test counts
 * summed over its groups (pending counted as skipped), and the run's own durationMs.
 */
export function expectedCounts(sim: Simulator, runId: string): Record<string, string> {
  const view = sim.currents.view(runId) as unknown as RunView
  const sum = (key: string) => view.groups.reduce((acc, g) => acc + g.tests[key], 0)
  return {
    total: String(sum('overall')),
    passed: String(sum('passes')),
    failed: String(sum('failures')),
    skipped: String(sum('skipped') + sum('pending')),
    flaky: String(sum('flaky')),
    'duration-ms': String(view.durationMs)
  }
}

/**
 * The dashboard page of test `n` (1-based) of a spec of a simulated run, as Currents' own
 * VS Code extension opens a test (conformance fixture ide-extension-dashboard-pages.json).
 */
export function testPageOf(sim: Simulator, runId: string, spec: string, n: number): string {
  const s = sim.currents.getRun(runId)?.specs.find(x => x.spec === spec)
  if (!s) throw new Error(`no spec ${spec} in run ${runId}`)
  return `https://app.currents.dev/instance/${s.instanceId}/test/${s.instanceId.slice(0, 8)}-t${n}`
}

/**
 * A failed run of three specs (Playwright under testDir `tests`, and Cypress): one passed, one
 * with two failed tests and a flaky one, one with a failed Cypress test.
 */
export const MIXED_RUN: Partial<CurrentsRunOptions> = {
  outcome: 'FAILED',
  workspace: '/home/runner/work/shop/shop',
  testDir: 'tests',
  specs: [
    { spec: 'web-app/login.spec.ts', tests: 3 },
    {
      spec: 'web-app/reports.spec.ts',
      tests: 5,
      failures: 2,
      flaky: 1,
      testTitles: ['Reports › exports CSV', 'Reports › filters by team', 'Reports › is flaky']
    },
    { spec: 'cypress/e2e/checkout.cy.ts', tests: 2, failures: 1, testTitles: ['Checkout › pays'] }
  ]
}
