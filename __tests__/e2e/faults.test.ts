/**
 * The fault matrix, Testsigma half (the Currents half is faults-currents.test.ts): every request
 * the action makes to Testsigma, under every fault the simulator can inject, ends the way
 * SPEC.md "Waiting" and API.md say. Each case has its own simulator, so cases run concurrently.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../sim/index.js'
import { type StepResult, commandLines, runAction } from './runner.js'
import { FAULT_NAMES, MATRIX_KINDS, type Outcome, type Scenario } from './fault-matrix.js'
import { FAULTS, casesOf, closedPort, rows, runCase, verdicts, withSim } from './fault-matrix.js'

const KEY = 'ts-fault-KEY-2291'

const word = (o: Outcome) => (o === 'pass' ? 'SUCCESS' : 'FAILURE')
const plan = (sim: Simulator, outcomes: Array<'SUCCESS' | 'FAILURE'>, durationMs = 300) =>
  sim.testsigma.addPlan(1, { outcomes, durationMs, testCount: 4, failedCount: 1 })
const gated = (_sim: Simulator, main: StepResult, o: Outcome) => {
  expect(main.code).toBe(o === 'pass' ? 0 : 1)
  expect(main.outputs.status).toBe(o === 'pass' ? 'passed' : 'failed')
  expect(main.outputs.result).toBe(word(o))
}

/** A running run created the way another job would, for `cancel`. */
async function startRun(sim: Simulator): Promise<number> {
  const res = await fetch(`${sim.testsigmaUrl}/execution_results`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ executionId: 1 })
  })
  return ((await res.json()) as { id: number }).id
}

const SCENARIOS: Record<string, Scenario> = {
  'trigger (POST /execution_results)': {
    cls: 'post',
    names: /trigger test plan 1/,
    outcomes: ['pass', 'fail'],
    prepare: async (sim, o) => {
      plan(sim, [word(o)])
      return {
        inputs: { 'test-plan-id': '1' },
        match: { method: 'POST', path: '/execution_results' }
      }
    },
    verify: (sim, main, o) => {
      gated(sim, main, o)
      expect(sim.testsigma.runsOf(1)).toHaveLength(1)
    }
  },
  'status (GET /execution_results/{id})': {
    cls: 'read',
    names: /read Testsigma run 1001/,
    outcomes: ['pass', 'fail'],
    prepare: async (sim, o) => {
      plan(sim, [word(o)], 600)
      return {
        inputs: { 'test-plan-id': '1' },
        match: { method: 'GET', path: /^\/execution_results\/\d+$/ }
      }
    },
    verify: gated
  },
  'rerun (POST isReRun)': {
    cls: 'post',
    names: /rerun \(ONLY_FAILED_TESTS\) of Testsigma run 1001/,
    outcomes: ['pass', 'fail'],
    prepare: async (sim, o) => {
      plan(sim, ['FAILURE', word(o)])
      return {
        inputs: { 'test-plan-id': '1', 'rerun-failed': '1' },
        match: { method: 'POST', path: '/execution_results', skip: 1 }
      }
    },
    verify: (sim, main, o) => {
      gated(sim, main, o)
      expect(main.outputs.reruns).toBe('1')
      expect(sim.testsigma.runsOf(1)).toHaveLength(2)
    }
  },
  'stop (PUT /execution_results/{id})': {
    cls: 'write',
    names: /stop Testsigma run 1001/,
    outcomes: ['pass'],
    stop500: true,
    // The answer to a stop is not read: a body of any shape cannot change anything.
    special: { 'JSON of the wrong shape': 'skip' },
    prepare: async sim => {
      plan(sim, ['SUCCESS'], Infinity)
      const id = await startRun(sim)
      return {
        inputs: { command: 'cancel', 'run-id': String(id) },
        match: { method: 'PUT', path: `/execution_results/${id}` }
      }
    },
    verify: (sim, main) => {
      expect(main.code).toBe(0)
      expect(sim.testsigma.getRun(1001)?.stoppedByUser).toBe(true)
    }
  },
  'JUnit (GET /reports/junit/{id})': {
    cls: 'read',
    names: /download the JUnit report of Testsigma run 1001/,
    outcomes: ['pass'],
    // A 200 plain sentence is what the API answers for a report that is not ready (API.md), so
    // an answer that is not XML is fetched again (3 tries, 2 s apart) like a cut-off one.
    special: { 'non-JSON body': 'same', 'JSON of the wrong shape': 'same' },
    prepare: async sim => {
      plan(sim, ['SUCCESS'])
      return {
        inputs: { 'test-plan-id': '1', 'junit-path': 'reports/junit.xml' },
        match: { method: 'GET', path: /^\/reports\/junit\/\d+$/ }
      }
    },
    verify: (sim, main) => {
      gated(sim, main, 'pass')
      // The whole report, byte for byte: a cut-off copy is no recovery.
      const saved = readFileSync(main.outputs['junit-path'], 'utf8')
      expect(saved).toBe(junitOf(sim, 1001))
    }
  }
}

/** The report as the simulator serves it now (the run is complete, so it no longer changes). */
function junitOf(sim: Simulator, runId: number): string {
  const res = sim.testsigma.handle({
    service: 'testsigma',
    method: 'GET',
    path: `/reports/junit/${runId}`,
    query: {},
    headers: { authorization: `Bearer ${KEY}` },
    body: '',
    text: '',
    at: Date.now()
  })
  return res.body
}

const CASES = casesOf(SCENARIOS)

describe('Testsigma requests under faults', () => {
  it('the matrix covers every request kind and every fault', () => {
    expect(new Set(CASES.map(c => c.scenario)).size).toBe(Object.keys(SCENARIOS).length)
    expect(new Set(CASES.map(c => c.fault))).toEqual(new Set(FAULT_NAMES))
    const kinds = new Set(Object.values(FAULTS).map(f => f.make().kind as string))
    expect([...kinds].sort()).toEqual([...MATRIX_KINDS].sort())
  })

  it.concurrent.each(rows(CASES))('%s × %s (%s run): %s', (scenario, _f, _o, _e, c) =>
    runCase('testsigma', KEY, SCENARIOS[scenario], c, sim => ({
      provider: 'testsigma',
      'api-key': KEY,
      'api-url': sim.testsigmaUrl,
      'poll-interval': '200ms',
      'max-poll-interval': '400ms'
    }))
  )
})

describe('Testsigma answers with words and fields we do not know', () => {
  const inputsFor = (sim: Simulator, runId: number) => ({
    provider: 'testsigma',
    'api-key': KEY,
    'api-url': sim.testsigmaUrl,
    'run-id': String(runId),
    'poll-interval': '200ms',
    'max-poll-interval': '400ms'
  })

  it.concurrent('an unknown status word keeps the wait going; the real one then decides', () =>
    withSim({ apiKey: KEY }, async sim => {
      plan(sim, ['SUCCESS'])
      const id = await startRun(sim)
      sim.testsigma.setRunField(id, 'status', 'STATUS_PAUSED_BY_ADMIN')
      const done = runAction({ inputs: inputsFor(sim, id), post: false })
      let polls = 0
      await sim.waitForRequest(r => r.method === 'GET' && ++polls >= 4, 15_000)
      delete sim.testsigma.getRun(id)?.overrides.status
      const { main } = await done
      expect(main.code).toBe(0)
      expect(main.outputs.status).toBe('passed')
    })
  )

  it.concurrent('an unknown result word of a completed run is never a pass', () =>
    withSim({ apiKey: KEY }, async sim => {
      plan(sim, ['SUCCESS'], 0)
      const id = await startRun(sim)
      sim.testsigma.setRunField(id, 'result', 'MOSTLY_GREEN')
      sim.testsigma.setRunField(id, 'consolidatedResult', 'MOSTLY_GREEN')
      const { main } = await runAction({ inputs: inputsFor(sim, id), post: false })
      expect(main.code).toBe(1)
      expect(main.outputs).toMatchObject({ status: 'failed', result: 'MOSTLY_GREEN' })
      expect(verdicts(main.stdout)).toHaveLength(1)
    })
  )

  it.concurrent('extra unknown fields change nothing', () =>
    withSim({ apiKey: KEY }, async sim => {
      plan(sim, ['SUCCESS'])
      const id = await startRun(sim)
      sim.testsigma.setRunField(id, 'aiInsights', { flakiness: 0.2, hints: ['retry'] })
      sim.testsigma.setRunField(id, 'newCounter', 7)
      const { main } = await runAction({ inputs: inputsFor(sim, id), post: false })
      expect(main.code).toBe(0)
      expect(main.outputs).toMatchObject({ status: 'passed', total: '4', passed: '4' })
    })
  )
})

describe('connection refused', () => {
  it('a trigger that never reached a server is retried, then ends with one clear line within seconds', async () => {
    const port = await closedPort()
    const { main } = await runAction({
      inputs: {
        provider: 'testsigma',
        'api-key': KEY,
        'api-url': `http://127.0.0.1:${port}/api/v1`,
        'test-plan-id': '1'
      },
      post: false
    })
    expect(main.code).toBe(1)
    const errors = verdicts(main.stdout)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/trigger test plan 1: could not connect to 127\.0\.0\.1:\d+/)
    expect(errors[0]).toMatch(/connection refused/)
    expect(errors[0]).not.toMatch(/may have/)
    const attempts = commandLines(main.stdout).filter(l =>
      /^::debug::POST \/api\/v1\/execution_results -> ECONNREFUSED/.test(l)
    )
    expect(attempts.length).toBeGreaterThan(1)
    expect(main.ms).toBeLessThan(8000)
  })

  it('a Currents read against a closed port ends with one clear line within seconds', async () => {
    const port = await closedPort()
    const { main } = await runAction({
      inputs: {
        provider: 'currents',
        'api-key': KEY,
        'api-url': `http://127.0.0.1:${port}/v1`,
        command: 'status',
        'run-id': 'abc'
      },
      post: false
    })
    expect(main.code).toBe(1)
    const errors = verdicts(main.stdout)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/read Currents run abc: could not connect.*connection refused/)
    expect(main.ms).toBeLessThan(8000)
  })

  it('post cancelling against a closed port warns and never fails the job', async () => {
    const port = await closedPort()
    const { main, post } = await runAction({
      inputs: {
        provider: 'currents',
        'api-key': KEY,
        'api-url': `http://127.0.0.1:${port}/v1`,
        command: 'cancel-hook',
        'project-id': 'P'
      },
      jobStatus: 'cancelled'
    })
    expect(main.code).toBe(0)
    expect(post?.code).toBe(0)
    expect(verdicts(post?.stdout ?? '')).toEqual([])
    expect(post?.stdout).toMatch(/::warning::Post: could not cancel.*connection refused/)
    expect(post?.ms).toBeLessThan(8000)
  })
})
