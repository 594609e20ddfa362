/**
 * Shared by the two halves of the fault matrix (faults.test.ts for Testsigma,
 * faults-currents.test.ts): the faults of the issue, what each means for a read, a repeatable
 * write and a POST, and a simulator per case so that cases run concurrently.
 */
import { createServer } from 'node:net'
import { expect } from '@jest/globals'
import type { FaultAction, FaultMatch, Service, Simulator } from '../../sim/index.js'
import type { SimulatorOptions } from '../../sim/index.js'
import { startSimulator } from '../../sim/index.js'
import { type StepResult, commandLines, runAction } from './runner.js'

export type Outcome = 'pass' | 'fail'

/**
 * What the action must do: the same result as without the fault; refuse to repeat a POST that
 * may have reached the server; fail at once with one clear line; or take Testsigma's 500 on a
 * stop as "nothing running any more" (API.md).
 */
export type Expect = 'same' | 'not-repeated' | 'error' | 'already-finished'

/** GET; PUT/DELETE (repeatable); POST (never blindly repeated). */
export type Cls = 'read' | 'write' | 'post'

/** Every fault of the issue; `fails`: the attempt gets no answer the action can use. */
export const FAULTS = {
  'connection reset mid-response': { make: () => ({ kind: 'reset' }), fails: true },
  'socket closed': { make: () => ({ kind: 'close' }), fails: true },
  'slow answer (1.5 s)': { make: () => ({ kind: 'delay', ms: 1500 }), fails: false },
  '429 Retry-After: 1': {
    make: () => ({ kind: 'status', status: 429, retryAfter: '1' }),
    fails: true
  },
  '429 Retry-After: HTTP-date': {
    make: () => ({
      kind: 'status',
      status: 429,
      retryAfter: new Date(Date.now() + 3000).toUTCString()
    }),
    fails: true
  },
  '500': { make: () => ({ kind: 'status', status: 500 }), fails: true },
  '502': { make: () => ({ kind: 'status', status: 502 }), fails: true },
  '503': { make: () => ({ kind: 'status', status: 503 }), fails: true },
  '503 Retry-After: 1': {
    make: () => ({ kind: 'status', status: 503, retryAfter: '1' }),
    fails: true
  },
  '504': { make: () => ({ kind: 'status', status: 504 }), fails: true },
  'HTML error page': { make: () => ({ kind: 'html' }), fails: true },
  'truncated JSON': { make: () => ({ kind: 'truncated' }), fails: true },
  'non-JSON body': { make: () => ({ kind: 'non-json' }), fails: true },
  'dropped after handling': { make: () => ({ kind: 'drop-after-handling' }), fails: true },
  'JSON of the wrong shape': { make: () => ({ kind: 'wrong-shape' }), fails: true },
  'JSON error 400': {
    make: () => ({
      kind: 'json',
      status: 400,
      body: { status: 'FAILED', error: 'Invalid request', code: '400' }
    }),
    fails: true
  }
} satisfies Record<string, { make: () => FaultAction; fails: boolean }>

export type Fault = keyof typeof FAULTS
export const FAULT_NAMES = Object.keys(FAULTS) as Fault[]

/** The simulator's fault kinds that the matrix uses (`hang` is in bounds.test.ts). */
export const MATRIX_KINDS = [
  'close',
  'delay',
  'drop-after-handling',
  'html',
  'json',
  'non-json',
  'reset',
  'status',
  'truncated',
  'wrong-shape'
]

/**
 * SPEC.md "Waiting" and API.md: reads recover from every transient fault; writes that can be
 * repeated are repeated; a POST is repeated only when it surely did not arrive or the server
 * asked for it (429, 503 with Retry-After); a 500 on a write is the service refusing it.
 */
function expected(cls: Cls, fault: Fault, stop500: boolean): Expect {
  if (fault === 'JSON of the wrong shape' || fault === 'JSON error 400') return 'error'
  if (!FAULTS[fault].fails || cls === 'read') return 'same'
  if (fault === '500') return stop500 ? 'already-finished' : 'error'
  if (cls === 'write') return 'same'
  return /^429|Retry-After/.test(fault) ? 'same' : 'not-repeated'
}

/** The earliest moment a retry may come after a fault with a Retry-After, hit at `firstAt`. */
export function notBefore(action: FaultAction, firstAt: number): number | undefined {
  if (action.kind !== 'status' || action.retryAfter === undefined) return undefined
  const ra = action.retryAfter
  return /^\d+$/.test(ra) ? firstAt + Number(ra) * 1000 : Date.parse(ra)
}

/** The step's bare `::error::` lines (its verdict; per-item annotations carry properties). */
export const verdicts = (stdout: string) =>
  commandLines(stdout).filter(l => l.startsWith('::error::'))

export async function withSim<T>(
  opts: SimulatorOptions,
  fn: (sim: Simulator) => Promise<T>
): Promise<T> {
  const sim = await startSimulator(opts)
  try {
    return await fn(sim)
  } finally {
    await sim.close()
  }
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

export type Match = FaultMatch & { method: string; path: string | RegExp }

/** One request kind of the action, and how to make the action send it. */
export interface Scenario {
  cls: Cls
  /** The request's name in error lines. */
  names: RegExp
  /** Baselines to run where the result is at stake (the first one otherwise). */
  outcomes: Outcome[]
  /** Testsigma's stop: a 500 means "not running any more" (API.md). */
  stop500?: boolean
  /** Expectations that differ here, or 'skip' where a fault cannot mean anything. */
  special?: Partial<Record<Fault, Expect | 'skip'>>
  /** Another action for a fault (e.g. a wrong-shape body that fits this request). */
  actions?: Partial<Record<Fault, FaultAction>>
  prepare(sim: Simulator, o: Outcome): Promise<{ inputs: Record<string, string>; match: Match }>
  /** The result without faults. */
  verify(sim: Simulator, main: StepResult, o: Outcome): void
}

export interface Case {
  scenario: string
  fault: Fault
  outcome: Outcome
  expect: Expect
}

/** Every request kind × every fault, with both baselines where a result must survive. */
export function casesOf(scenarios: Record<string, Scenario>): Case[] {
  return Object.entries(scenarios).flatMap(([scenario, s]) =>
    FAULT_NAMES.flatMap(fault => {
      const e = s.special?.[fault] ?? expected(s.cls, fault, s.stop500 ?? false)
      if (e === 'skip') return []
      const outcomes = e === 'same' ? s.outcomes : s.outcomes.slice(0, 1)
      return outcomes.map(outcome => ({ scenario, fault, outcome, expect: e }))
    })
  )
}

/** The table for it.concurrent.each: readable names first, the case last. */
export const rows = (cases: Case[]) =>
  cases.map(c => [c.scenario, c.fault, c.outcome, c.expect, c] as const)

/**
 * Runs one case on its own simulator: the fault hits the first matching request (twice in a
 * row for faults that fail it), then the outcome is checked against the expectation.
 */
export async function runCase(
  service: Service,
  key: string,
  scenario: Scenario,
  c: Case,
  baseInputs: (sim: Simulator) => Record<string, string>
): Promise<void> {
  await withSim({ apiKey: key }, async sim => {
    const { inputs, match } = await scenario.prepare(sim, c.outcome)
    const action = scenario.actions?.[c.fault] ?? FAULTS[c.fault].make()
    const times = FAULTS[c.fault].fails ? 2 : 1
    const rule = sim.faults.add({ service, ...match, times, ...action })
    const { main } = await runAction({
      inputs: { ...baseInputs(sim), 'wait-timeout': '40s', ...inputs },
      post: false
    })
    const matching = sim.requestsTo(service, match.method, match.path).slice(match.skip ?? 0)
    const hits = matching.length
    const errors = verdicts(main.stdout)
    switch (c.expect) {
      case 'same': {
        scenario.verify(sim, main, c.outcome)
        if (!FAULTS[c.fault].fails) expect(rule.applied).toBe(1)
        else if (scenario.cls === 'read') expect(hits).toBeGreaterThan(rule.applied)
        else expect(hits).toBe(rule.applied + 1)
        // Retry-After is honoured, in seconds and as an HTTP-date.
        const earliest = notBefore(action, matching[0].at)
        if (earliest !== undefined) expect(matching[1].at).toBeGreaterThanOrEqual(earliest - 50)
        break
      }
      case 'not-repeated':
        expect(main.code).toBe(1)
        expect(hits).toBe(1)
        expect(errors).toHaveLength(1)
        expect(errors[0]).toMatch(scenario.names)
        expect(errors[0]).toMatch(/may have reached the server/)
        expect(errors[0]).toMatch(/may have started/)
        break
      case 'error':
        expect(main.code).toBe(1)
        expect(hits).toBe(1)
        expect(errors).toHaveLength(1)
        expect(errors[0]).toMatch(scenario.names)
        expect(errors[0]).toMatch(CAUSE[c.fault] ?? /./)
        break
      case 'already-finished':
        expect(main.code).toBe(0)
        expect(hits).toBe(1)
        expect(errors).toEqual([])
        expect(main.stdout).toMatch(/had already finished/)
    }
  })
}

/** The cause an error line must name, per fault that can end in an error. */
const CAUSE: Partial<Record<Fault, RegExp>> = {
  '500': /HTTP 500/,
  'JSON of the wrong shape': /no run id|no runId|envelope|not a JUnit XML report/,
  'JSON error 400': /HTTP 400.*Invalid request/,
  'non-JSON body': /not a JUnit XML report/
}
