/**
 * The fault matrix, Currents half (see fault-matrix.ts): find, get, cancel, cancel-ci/github,
 * reset and delete, each under every fault, end the way SPEC.md "Waiting" and API.md say.
 */
import { describe, expect, it } from '@jest/globals'
import type { CurrentsOutcome, Simulator } from '../../sim/index.js'
import { type StepResult, runAction } from './runner.js'
import { FAULT_NAMES, type Outcome, type Scenario } from './fault-matrix.js'
import { casesOf, rows, runCase, verdicts, withSim } from './fault-matrix.js'

const KEY = 'cs-fault-KEY-5150'

const word = (o: Outcome): CurrentsOutcome => (o === 'pass' ? 'PASSED' : 'FAILED')
const gated = (_sim: Simulator, main: StepResult, o: Outcome) => {
  expect(main.code).toBe(o === 'pass' ? 0 : 1)
  expect(main.outputs).toMatchObject({
    'run-id': 'run-1',
    status: o === 'pass' ? 'passed' : 'failed',
    result: word(o)
  })
}
const running = (sim: Simulator, more: { githubRunId?: string; githubRunAttempt?: number } = {}) =>
  sim.currents.addRun({ runId: 'run-1', projectId: 'P', durationMs: Infinity, ...more })
/** Writes answer in the {status, data} envelope: JSON without it is the wrong shape. */
const notEnvelope = { kind: 'wrong-shape', body: { ok: true } } as const

const SCENARIOS: Record<string, Scenario> = {
  'find (GET /runs/find)': {
    cls: 'read',
    names: /find the Currents run of project P with ciBuildId B/,
    outcomes: ['pass', 'fail'],
    prepare: async (sim, o) => {
      sim.currents.addRun({
        runId: 'run-1',
        projectId: 'P',
        ciBuildId: 'B',
        durationMs: 600,
        outcome: word(o)
      })
      return {
        inputs: { 'project-id': 'P', 'ci-build-id': 'B' },
        match: { method: 'GET', path: '/runs/find' }
      }
    },
    verify: gated
  },
  'get (GET /runs/{id})': {
    cls: 'read',
    names: /read Currents run run-1/,
    outcomes: ['pass', 'fail'],
    prepare: async (sim, o) => {
      sim.currents.addRun({ runId: 'run-1', projectId: 'P', durationMs: 600, outcome: word(o) })
      return { inputs: { 'run-id': 'run-1' }, match: { method: 'GET', path: '/runs/run-1' } }
    },
    verify: gated
  },
  'cancel (PUT /runs/{id}/cancel)': {
    cls: 'write',
    names: /cancel Currents run run-1/,
    outcomes: ['pass'],
    actions: { 'JSON of the wrong shape': notEnvelope },
    prepare: async sim => {
      running(sim)
      return {
        inputs: { command: 'cancel', 'run-id': 'run-1' },
        match: { method: 'PUT', path: '/runs/run-1/cancel' }
      }
    },
    verify: (sim, main) => {
      expect(main.code).toBe(0)
      expect(sim.currents.getRun('run-1')?.canceled).toBeDefined()
    }
  },
  'cancel-ci (PUT /runs/cancel-ci/github)': {
    cls: 'write',
    names: /cancel the Currents runs of GitHub run 4242 attempt 1/,
    outcomes: ['pass'],
    // Any 2xx answer is done, as in Currents' own cancel action, whose test double answers
    // without the envelope (conformance/): there is no wrong shape to refuse here.
    special: { 'JSON of the wrong shape': 'skip' },
    prepare: async sim => {
      running(sim, { githubRunId: '4242', githubRunAttempt: 1 })
      return {
        inputs: { command: 'cancel', 'project-id': 'P' },
        match: { method: 'PUT', path: '/runs/cancel-ci/github' }
      }
    },
    verify: (sim, main) => {
      expect(main.code).toBe(0)
      expect(sim.currents.getRun('run-1')?.canceled?.via).toBe('cancel-ci/github')
    }
  },
  'reset (PUT /runs/{id}/reset)': {
    cls: 'write',
    names: /reset machines of Currents run run-1/,
    outcomes: ['pass'],
    actions: { 'JSON of the wrong shape': notEnvelope },
    prepare: async sim => {
      sim.currents.addRun({
        runId: 'run-1',
        projectId: 'P',
        durationMs: 0,
        outcome: 'FAILED',
        specs: [{ spec: 'cart.spec.ts', failures: 1, machineId: 'm-1' }]
      })
      return {
        inputs: { command: 'reset', 'run-id': 'run-1', 'machine-ids': 'm-1' },
        match: { method: 'PUT', path: '/runs/run-1/reset' }
      }
    },
    verify: (sim, main) => {
      expect(main.code).toBe(0)
      expect(sim.currents.getRun('run-1')?.resets.at(-1)?.machineId).toEqual(['m-1'])
    }
  },
  'delete (DELETE /runs/{id})': {
    cls: 'write',
    names: /delete Currents run run-1/,
    outcomes: ['pass'],
    actions: { 'JSON of the wrong shape': notEnvelope },
    prepare: async sim => {
      sim.currents.addRun({ runId: 'run-1', projectId: 'P', durationMs: 0 })
      return {
        inputs: { command: 'delete', 'run-id': 'run-1' },
        match: { method: 'DELETE', path: '/runs/run-1' }
      }
    },
    verify: (sim, main) => {
      // A DELETE that reached the server before the connection failed has done its job: the
      // repeat's 404 is the goal reached, not an error.
      expect(verdicts(main.stdout)).toEqual([])
      expect(main.code).toBe(0)
      expect(sim.currents.getRun('run-1')?.deleted).toBe(true)
    }
  }
}

const CASES = casesOf(SCENARIOS)
const inputs = (sim: Simulator, more: Record<string, string> = {}) => ({
  provider: 'currents',
  'api-key': KEY,
  'api-url': sim.currentsUrl,
  'poll-interval': '200ms',
  'max-poll-interval': '400ms',
  ...more
})

describe('Currents requests under faults', () => {
  it('the matrix covers every request kind and every fault', () => {
    expect(new Set(CASES.map(c => c.scenario)).size).toBe(Object.keys(SCENARIOS).length)
    expect(new Set(CASES.map(c => c.fault))).toEqual(new Set(FAULT_NAMES))
  })

  it.concurrent.each(rows(CASES))('%s × %s (%s run): %s', (scenario, _f, _o, _e, c) =>
    runCase('currents', KEY, SCENARIOS[scenario], c, sim => inputs(sim))
  )
})

describe('Currents answers with words and fields we do not know', () => {
  it.concurrent('an unknown completionState keeps the wait going; the real one then decides', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.currents.addRun({ runId: 'run-1', projectId: 'P', durationMs: 300 })
      sim.currents.setRunField('run-1', 'completionState', 'PAUSED')
      const done = runAction({ inputs: inputs(sim, { 'run-id': 'run-1' }), post: false })
      let polls = 0
      await sim.waitForRequest(r => r.method === 'GET' && ++polls >= 4, 15_000)
      delete sim.currents.getRun('run-1')?.overrides.completionState
      const { main } = await done
      expect(main.code).toBe(0)
      expect(main.outputs.status).toBe('passed')
    })
  )

  it.concurrent('an unknown status word of a complete run is never a pass', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.currents.addRun({ runId: 'run-1', projectId: 'P', durationMs: 0 })
      sim.currents.setRunField('run-1', 'status', 'MOSTLY_PASSED')
      const { main } = await runAction({
        inputs: inputs(sim, { 'run-id': 'run-1' }),
        post: false
      })
      expect(main.code).toBe(1)
      expect(main.outputs).toMatchObject({ status: 'failed', result: 'MOSTLY_PASSED' })
      expect(verdicts(main.stdout)).toHaveLength(1)
    })
  )

  it.concurrent('enum words in another case and extra unknown fields change nothing', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.currents.addRun({ runId: 'run-1', projectId: 'P', durationMs: 0, specCount: 3 })
      sim.currents.setRunField('run-1', 'completionState', 'complete')
      sim.currents.setRunField('run-1', 'status', 'Passed')
      sim.currents.setRunField('run-1', 'aiSummary', { text: 'all good', score: 1 })
      sim.currents.setRunField('run-1', 'cost', 12.5)
      const { main } = await runAction({
        inputs: inputs(sim, { 'run-id': 'run-1' }),
        post: false
      })
      expect(main.code).toBe(0)
      expect(main.outputs).toMatchObject({ status: 'passed', failed: '0' })
    })
  )
})
