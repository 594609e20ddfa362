/**
 * A rejected key is final (API.md: never retry 401/403): the step fails after the one request
 * with a line that says the key was rejected, and a read-only Currents key is named as the
 * likely cause of a 403 on a write.
 */
import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../sim/index.js'
import { runAction } from './runner.js'
import { verdicts, withSim } from './fault-matrix.js'

const GOOD = 'good-KEY-4711'
const WRONG = 'wrong-KEY-0815'
const READ_ONLY = 'ro-key'

type Setup = (sim: Simulator) => Promise<Record<string, string>> | Record<string, string>

/** A running Testsigma run of plan 1 (id 1001), started with the good key. */
async function testsigmaRun(sim: Simulator): Promise<void> {
  sim.testsigma.addPlan(1, { durationMs: Infinity })
  await fetch(`${sim.testsigmaUrl}/execution_results`, {
    method: 'POST',
    headers: { authorization: `Bearer ${GOOD}`, 'content-type': 'application/json' },
    body: JSON.stringify({ executionId: 1 })
  })
}

const testsigma = (more: Record<string, string>) => (sim: Simulator) => ({
  provider: 'testsigma',
  'api-url': sim.testsigmaUrl,
  ...more
})
/** The same, for an existing run (1001). */
const testsigmaOn = (more: Record<string, string>) => async (sim: Simulator) => {
  await testsigmaRun(sim)
  return testsigma(more)(sim)
}
const currents = (more: Record<string, string>) => (sim: Simulator) => {
  sim.currents.addRun({
    runId: 'run-1',
    projectId: 'P',
    ciBuildId: 'B',
    githubRunId: '4242',
    githubRunAttempt: 1,
    durationMs: Infinity,
    specs: [{ spec: 'a.spec.ts', failures: 1, machineId: 'm-1' }]
  })
  return { provider: 'currents', 'api-url': sim.currentsUrl, ...more }
}

const REQUESTS: Array<[string, RegExp, Setup]> = [
  [
    'Testsigma trigger',
    /trigger test plan 1/,
    sim => {
      sim.testsigma.addPlan(1)
      return testsigma({ 'test-plan-id': '1' })(sim)
    }
  ],
  [
    'Testsigma status',
    /read Testsigma run 1001/,
    testsigmaOn({ command: 'status', 'run-id': '1001' })
  ],
  ['Testsigma wait for a run', /read Testsigma run 1001/, testsigmaOn({ 'run-id': '1001' })],
  [
    'Testsigma stop',
    /stop Testsigma run 1001/,
    testsigmaOn({ command: 'cancel', 'run-id': '1001' })
  ],
  [
    'Currents find',
    /find the Currents run of project P/,
    currents({ 'project-id': 'P', 'ci-build-id': 'B' })
  ],
  ['Currents get', /read Currents run run-1/, currents({ command: 'status', 'run-id': 'run-1' })],
  [
    'Currents cancel',
    /cancel Currents run run-1/,
    currents({ command: 'cancel', 'run-id': 'run-1' })
  ],
  [
    'Currents cancel-ci/github',
    /cancel the Currents runs of GitHub run 4242/,
    currents({ command: 'cancel', 'project-id': 'P' })
  ],
  [
    'Currents reset',
    /reset machines of Currents run run-1/,
    currents({ command: 'reset', 'run-id': 'run-1', 'machine-ids': 'm-1' })
  ],
  [
    'Currents delete',
    /delete Currents run run-1/,
    currents({ command: 'delete', 'run-id': 'run-1' })
  ]
]

const quick = { 'poll-interval': '200ms', 'max-poll-interval': '400ms' }

describe('a wrong key (401)', () => {
  it.concurrent.each(REQUESTS)(
    '%s: fails after one request, saying the key was rejected',
    (_name, names, setup) =>
      withSim({ apiKey: GOOD }, async sim => {
        const inputs = await setup(sim)
        const before = sim.requests.length
        const { main } = await runAction({
          inputs: { ...inputs, ...quick, 'api-key': WRONG },
          post: false
        })
        expect(main.code).toBe(1)
        expect(sim.requests.length - before).toBe(1)
        expect(sim.requests.at(-1)?.headers.authorization).toBe(`Bearer ${WRONG}`)
        const errors = verdicts(main.stdout)
        expect(errors).toHaveLength(1)
        expect(errors[0]).toMatch(names)
        expect(errors[0]).toMatch(/the API key was rejected \(HTTP 401\)/)
        expect(main.ms).toBeLessThan(5000)
      })
  )

  it('a key rejected while looking for the run: post does not try again with it', () =>
    withSim({ apiKey: GOOD }, async sim => {
      const inputs = currents({ 'project-id': 'P', 'ci-build-id': 'B' })(sim)
      const { main, post } = await runAction({ inputs: { ...inputs, ...quick, 'api-key': WRONG } })
      expect(main.code).toBe(1)
      expect(post?.code).toBe(0)
      // A normal (failed, not cancelled) job: post makes no request at all (SPEC "Cancellation").
      expect(sim.requests).toHaveLength(1)
    }))

  it('post cancelling with a wrong key warns once and does not fail the job', () =>
    withSim({ apiKey: GOOD }, async sim => {
      const inputs = currents({ command: 'cancel-hook', 'project-id': 'P' })(sim)
      const { main, post } = await runAction({
        inputs: { ...inputs, 'api-key': WRONG },
        jobStatus: 'cancelled'
      })
      expect(main.code).toBe(0)
      expect(post?.code).toBe(0)
      expect(sim.requests).toHaveLength(1)
      expect(verdicts(post?.stdout ?? '')).toEqual([])
      const warnings = (post?.stdout ?? '').split('\n').filter(l => l.startsWith('::warning'))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/the API key was rejected \(HTTP 401\)/)
    }))
})

describe('a read-only Currents key (403 on writes)', () => {
  const writes = REQUESTS.filter(([name]) => /Currents (cancel|reset|delete)/.test(name))

  it('the matrix has every Currents write', () => expect(writes).toHaveLength(4))

  it.concurrent.each(writes)(
    '%s: fails after one request and names the read-only key',
    (_name, names, setup) =>
      withSim({ apiKey: GOOD, currentsReadOnlyKey: READ_ONLY }, async sim => {
        const inputs = await setup(sim)
        const { main } = await runAction({
          inputs: { ...inputs, 'api-key': READ_ONLY },
          post: false
        })
        expect(main.code).toBe(1)
        expect(sim.requests).toHaveLength(1)
        const errors = verdicts(main.stdout)
        expect(errors).toHaveLength(1)
        expect(errors[0]).toMatch(names)
        expect(errors[0]).toMatch(/rejected \(HTTP 403\).*read-only key\?/)
      })
  )

  it.concurrent('the same key reads fine', () =>
    withSim({ apiKey: GOOD, currentsReadOnlyKey: READ_ONLY }, async sim => {
      const inputs = currents({ command: 'status', 'run-id': 'run-1' })(sim)
      const { main } = await runAction({ inputs: { ...inputs, 'api-key': READ_ONLY } })
      expect(main.code).toBe(0)
      expect(main.outputs.status).toBe('running')
    })
  )

  it.concurrent('a 403 on a read does not blame a read-only key', () =>
    withSim({ apiKey: GOOD }, async sim => {
      const inputs = currents({ command: 'status', 'run-id': 'run-1' })(sim)
      sim.faults.add({
        kind: 'json',
        status: 403,
        body: { status: 'FAILED', error: 'Forbidden: project access denied' },
        times: Infinity
      })
      const { main } = await runAction({ inputs: { ...inputs, 'api-key': GOOD }, post: false })
      expect(main.code).toBe(1)
      expect(sim.requests).toHaveLength(1)
      const errors = verdicts(main.stdout)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(/read Currents run run-1: the API key was rejected \(HTTP 403\)/)
      expect(errors[0]).toMatch(/project access denied/)
      expect(errors[0]).not.toMatch(/read-only/)
    })
  )
})
