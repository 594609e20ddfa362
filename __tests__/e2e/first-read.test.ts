/**
 * Every promise on every path, round two (issue 20): the first read of a given run is part of
 * the wait (its deadline, its transient rule, outputs naming the run, a signal stops it); the
 * rerun's trigger ends by wait-timeout; a run this step started is stopped when the step stops
 * following it for another reason than its end; a failed rerun POST still reports the failed
 * run's tests. Bounds are asserted from the client's side, with wide margins (a loaded 2-core
 * machine): the old behaviour took 120 s where these take a few.
 */
import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../sim/index.js'
import { SIGTERM_AFTER_MS, runAction, simInputs } from './runner.js'
import { verdicts, withSim } from './fault-matrix.js'

const KEY = 'first-read-KEY-2020'
/** The per-request timeout is 30 s: a step bounded by wait-timeout ends well before it. */
const UNDER_ONE_REQUEST_TIMEOUT_MS = 25_000

const testsigma = (sim: Simulator, more: Record<string, string>) =>
  simInputs(sim, 'testsigma', KEY, more)
const currents = (sim: Simulator, more: Record<string, string>) =>
  simInputs(sim, 'currents', KEY, more)

/** A running Testsigma run, started the way another job would. */
async function startRun(sim: Simulator, plan: number): Promise<number> {
  const res = await fetch(`${sim.testsigmaUrl}/execution_results`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ executionId: plan })
  })
  return ((await res.json()) as { id: number }).id
}

const stops = (sim: Simulator, id: number) =>
  sim.requestsTo('testsigma', 'PUT', `/execution_results/${id}`)

const firstRead = (sim: Simulator, path: string) => () =>
  sim.waitForRequest(r => r.method === 'GET' && r.path === path, 15_000)

describe('the first read of a given run is part of the wait', () => {
  it.concurrent(
    'Testsigma: a first read that never answers ends at wait-timeout, names the run and stops it',
    () =>
      withSim({ apiKey: KEY }, async sim => {
        sim.testsigma.addPlan(1, { durationMs: Infinity })
        const id = await startRun(sim, 1)
        sim.faults.add({ service: 'testsigma', method: 'GET', kind: 'hang', times: Infinity })
        const { main, post } = await runAction({
          inputs: testsigma(sim, { 'run-id': String(id), 'wait-timeout': '3s' })
        })
        expect(main.code).toBe(1)
        expect(main.ms).toBeLessThan(UNDER_ONE_REQUEST_TIMEOUT_MS)
        expect(main.outputs['run-id']).toBe(String(id))
        expect(main.outputs.status).toBe('timed-out')
        expect(verdicts(main.stdout)).toEqual([
          expect.stringMatching(new RegExp(`Testsigma run ${id} was stopped because wait-timeout`))
        ])
        expect(stops(sim, id)).toHaveLength(1)
        expect(sim.testsigma.getRun(id)?.stoppedByUser).toBe(true)
        expect(post?.code).toBe(0)
        expect(stops(sim, id)).toHaveLength(1)
      })
  )

  it.concurrent('Currents: a slow first read ends at wait-timeout too, naming the run', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.currents.addRun({ runId: 'slow-1', projectId: 'P', durationMs: Infinity })
      sim.faults.add({ service: 'currents', method: 'GET', kind: 'delay', ms: 60_000 })
      const { main } = await runAction({
        inputs: currents(sim, { 'run-id': 'slow-1', 'wait-timeout': '3s' }),
        post: false
      })
      expect(main.code).toBe(1)
      expect(main.ms).toBeLessThan(UNDER_ONE_REQUEST_TIMEOUT_MS)
      expect(main.outputs['run-id']).toBe('slow-1')
      expect(main.outputs.status).toBe('timed-out')
      expect(sim.requestsTo('currents', 'PUT', '/runs/slow-1/cancel')).toHaveLength(1)
    })
  )

  it.concurrent(
    'transient failures of the first read follow the wait rule: polling goes on and the run decides',
    () =>
      withSim({ apiKey: KEY }, async sim => {
        sim.testsigma.addPlan(2, { durationMs: 1500 })
        const id = await startRun(sim, 2)
        // Four answers: every try of the first read's request, which used to end the step.
        sim.faults.add({
          service: 'testsigma',
          method: 'GET',
          kind: 'status',
          status: 503,
          times: 4
        })
        const { main } = await runAction({
          inputs: testsigma(sim, { 'run-id': String(id) }),
          post: false
        })
        expect(main.code).toBe(0)
        expect(main.outputs.status).toBe('passed')
        expect(main.outputs['run-id']).toBe(String(id))
        expect(main.stdout).toMatch(new RegExp(`Reading Testsigma run ${id} failed; trying again`))
        expect(sim.requestsTo('testsigma', 'GET').length).toBeGreaterThan(4)
      })
  )

  it.concurrent(
    'a first read that is refused (404): one error line, and the outputs still name the run',
    () =>
      withSim({ apiKey: KEY }, async sim => {
        const { main } = await runAction({
          inputs: testsigma(sim, { 'run-id': '999' }),
          post: false
        })
        expect(main.code).toBe(1)
        expect(verdicts(main.stdout)).toHaveLength(1)
        expect(main.outputs['run-id']).toBe('999')
        expect(main.outputs.reruns).toBe('0')
      })
  )
})

describe('a signal during the first read of a given run', () => {
  it.concurrent('main stops the run before SIGTERM, and says so in its outputs', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.testsigma.addPlan(3, { durationMs: Infinity })
      const id = await startRun(sim, 3)
      sim.faults.add({ service: 'testsigma', method: 'GET', kind: 'hang', times: Infinity })
      const { main, post } = await runAction({
        inputs: testsigma(sim, { 'run-id': String(id) }),
        cancel: { when: firstRead(sim, `/execution_results/${id}`) }
      })
      expect(main.signal).toBeNull()
      expect(main.code).toBe(1)
      expect(main.ms - (main.sigintAt ?? 0)).toBeLessThan(SIGTERM_AFTER_MS - 500)
      expect(main.outputs['run-id']).toBe(String(id))
      expect(main.outputs.status).toBe('cancelled')
      expect(main.state.runId).toBe(String(id))
      expect(sim.testsigma.getRun(id)?.stoppedByUser).toBe(true)
      // Main did it: post has nothing left to do.
      expect(post?.code).toBe(0)
      expect(stops(sim, id)).toHaveLength(1)
    })
  )

  it.concurrent(
    'the id is saved before the first request: post stops the run when main could not',
    () =>
      withSim({ apiKey: KEY }, async sim => {
        sim.testsigma.addPlan(4, { durationMs: Infinity })
        const id = await startRun(sim, 4)
        sim.faults.add({ service: 'testsigma', method: 'GET', kind: 'hang', times: Infinity })
        // Every stop try of main fails (its three urgent tries); post's goes through.
        sim.faults.add({ service: 'testsigma', method: 'PUT', kind: 'close', times: 3 })
        const { main, post } = await runAction({
          inputs: testsigma(sim, { 'run-id': String(id) }),
          cancel: { when: firstRead(sim, `/execution_results/${id}`) }
        })
        expect(main.code).toBe(1)
        expect(main.state).toMatchObject({ runId: String(id), phase: 'waiting' })
        expect(main.outputs['run-id']).toBe(String(id))
        expect(post?.code).toBe(0)
        expect(post?.stdout).toMatch(new RegExp(`Post: cancelled Testsigma run ${id}`))
        expect(sim.testsigma.getRun(id)?.stoppedByUser).toBe(true)
      })
  )
})

describe('starting a rerun inside wait-timeout', () => {
  it.concurrent(
    "a rerun POST answered 503 Retry-After: 40 ends at wait-timeout with the failed run's tests",
    () =>
      withSim({ apiKey: KEY }, async sim => {
        sim.testsigma.addPlan(5, {
          outcomes: ['FAILURE'],
          durationMs: 300,
          testCount: 3,
          failedCount: 1
        })
        sim.faults.add({
          service: 'testsigma',
          method: 'POST',
          path: '/execution_results',
          skip: 1,
          kind: 'status',
          status: 503,
          retryAfter: '40',
          times: Infinity
        })
        const { main, post } = await runAction({
          inputs: testsigma(sim, { 'test-plan-id': '5', 'rerun-failed': '1', 'wait-timeout': '4s' })
        })
        expect(main.code).toBe(1)
        expect(main.ms).toBeLessThan(UNDER_ONE_REQUEST_TIMEOUT_MS)
        expect(main.outputs.status).toBe('timed-out')
        expect(verdicts(main.stdout)).toEqual([
          expect.stringMatching(
            /wait-timeout \(4s\) passed: a rerun of Testsigma run \d+ was not started/
          )
        ])
        expect(JSON.parse(main.outputs['failed-tests'])).toHaveLength(1)
        expect(post?.code).toBe(0)
      })
  )

  it.concurrent("a rerun POST refused outright still reports the failed run's tests", () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.testsigma.addPlan(6, {
        outcomes: ['FAILURE'],
        durationMs: 300,
        testCount: 3,
        failedCount: 2
      })
      sim.faults.add({
        service: 'testsigma',
        method: 'POST',
        path: '/execution_results',
        skip: 1,
        kind: 'status',
        status: 400
      })
      const { main } = await runAction({
        inputs: testsigma(sim, { 'test-plan-id': '6', 'rerun-failed': '1' }),
        post: false
      })
      expect(main.code).toBe(1)
      expect(verdicts(main.stdout)).toEqual([expect.stringMatching(/rerun .*HTTP 400/)])
      expect(JSON.parse(main.outputs['failed-tests'])).toHaveLength(2)
    })
  )
})

describe('a started run that the step stops following for another reason than its end', () => {
  it.concurrent('a 401 mid-wait: the run is stopped and the error line says so', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.testsigma.addPlan(7, { durationMs: Infinity })
      sim.faults.add({
        service: 'testsigma',
        method: 'GET',
        path: /^\/execution_results\/\d+$/,
        skip: 1,
        kind: 'status',
        status: 401,
        times: Infinity
      })
      const { main } = await runAction({
        inputs: testsigma(sim, { 'test-plan-id': '7' }),
        post: false
      })
      const [run] = sim.testsigma.runsOf(7)
      expect(main.code).toBe(1)
      expect(verdicts(main.stdout)).toEqual([
        expect.stringMatching(new RegExp(`HTTP 401.*; stopped Testsigma run ${run.id}`))
      ])
      expect(run.stoppedByUser).toBe(true)
    })
  )

  it.concurrent('an answer about another run: stopped too', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.testsigma.addPlan(8, { durationMs: Infinity })
      sim.faults.add({
        service: 'testsigma',
        method: 'GET',
        path: /^\/execution_results\/\d+$/,
        skip: 1,
        kind: 'json',
        body: { id: 424242, status: 'STATUS_IN_PROGRESS' },
        times: Infinity
      })
      const { main } = await runAction({
        inputs: testsigma(sim, { 'test-plan-id': '8' }),
        post: false
      })
      const [run] = sim.testsigma.runsOf(8)
      expect(main.code).toBe(1)
      expect(verdicts(main.stdout)).toEqual([
        expect.stringMatching(new RegExp(`about run 424242; stopped Testsigma run ${run.id}`))
      ])
      expect(run.stoppedByUser).toBe(true)
    })
  )
})
