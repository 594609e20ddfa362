import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { OUTPUT_NAMES } from '../../src/report/outputs.js'
import { errorLines, runAction, simInputs } from './runner.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: 'ts-SECRET-key-1' })
})
afterAll(() => sim.close())
beforeEach(() => sim.faults.clear())

const inputs = (more: Record<string, string> = {}) =>
  simInputs(sim, 'testsigma', 'ts-SECRET-key-1', more)

/** The plan id of the run a request path names, e.g. /execution_results/1003 → 277. */
const planOfPath = (path: string) => sim.testsigma.getRun(Number(path.split('/')[2]))?.planId

describe('Testsigma gate', () => {
  it('triggers the plan with every body field, waits, and passes', async () => {
    sim.testsigma.addPlan(274, { outcomes: ['SUCCESS'], durationMs: 600, testCount: 6 })
    const { main, post } = await runAction({
      inputs: inputs({
        'test-plan-id': '274',
        'environment-id': '12',
        'execution-config-name': 'nightly chrome',
        'upload-versions': 'dev-1=up-9\ndev-2=up-10',
        'build-number': 'build-77',
        'runtime-data': 'user=alice\nurl=https://shop.test/?a=b'
      })
    })
    expect(main.code).toBe(0)
    const triggers = sim.requestsTo('testsigma', 'POST', '/execution_results')
    expect(triggers.at(-1)?.body).toEqual({
      executionId: 274,
      environmentId: 12,
      executionConfig: { name: 'nightly chrome' },
      uploadVersions: { 'dev-1': 'up-9', 'dev-2': 'up-10' },
      buildNo: 'build-77',
      runtimeData: { user: 'alice', url: 'https://shop.test/?a=b' }
    })
    expect(triggers.at(-1)?.headers.authorization).toBe('Bearer ts-SECRET-key-1')
    expect(main.outputs).toMatchObject({
      status: 'passed',
      result: 'SUCCESS',
      total: '6',
      passed: '6',
      failed: '0',
      reruns: '0'
    })
    expect(main.outputs['run-id']).toMatch(/^\d+$/)
    expect(main.summary).toContain('passed')
    expect(errorLines(main.stdout)).toEqual([])
    expect(main.state.phase).toBe('done')
    // Post on a normal job makes no request at all.
    expect(post?.code).toBe(0)
    expect(sim.requests.filter(r => r.at >= post!.startedAt)).toEqual([])
  })

  it('fails the step on a failed run with one error line', async () => {
    sim.testsigma.addPlan(275, {
      outcomes: ['FAILURE'],
      durationMs: 300,
      testCount: 5,
      failedCount: 2
    })
    const { main } = await runAction({ inputs: inputs({ 'test-plan-id': '275' }), post: false })
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({ status: 'failed', result: 'FAILURE', failed: '2' })
    const errors = errorLines(main.stdout)
    expect(errors.filter(l => l.startsWith('::error::'))).toHaveLength(1)
    expect(errors.at(-1)).toContain('failed')
  })

  it('reruns only the failed tests and lets the last rerun decide', async () => {
    sim.testsigma.addPlan(276, { outcomes: ['FAILURE', 'FAILURE', 'SUCCESS'], durationMs: 300 })
    const { main } = await runAction({
      inputs: inputs({ 'test-plan-id': '276', 'rerun-failed': '2' }),
      post: false
    })
    expect(main.code).toBe(0)
    const posts = sim
      .requestsTo('testsigma', 'POST', '/execution_results')
      .filter(r => (r.body as { executionId?: number }).executionId === 276)
    expect(posts).toHaveLength(3)
    expect(posts[1].body).toMatchObject({
      isReRun: true,
      reRunType: 'ONLY_FAILED_TESTS',
      executionId: 276
    })
    // The second rerun is of the first rerun (the latest failed run), not of the original.
    const firstRerun = sim.testsigma.getRun(Number(main.outputs['run-id']))?.reRunParentId
    expect((posts[2].body as { executionResultId: number }).executionResultId).toBe(firstRerun)
    expect(sim.testsigma.getRun(Number(firstRerun))?.reRunParentId).toBe(
      (posts[1].body as { executionResultId: number }).executionResultId
    )
    expect(main.outputs).toMatchObject({ status: 'passed', reruns: '2' })
    expect(main.summary).toContain('Runs')
  })

  it('stops the plan at once on SIGINT, records it, and post does not stop it again', async () => {
    sim.testsigma.addPlan(277, { durationMs: Infinity })
    const { main, post } = await runAction({
      inputs: inputs({ 'test-plan-id': '277' }),
      cancel: {
        when: () =>
          sim.waitForRequest(r => r.method === 'GET' && planOfPath(r.path) === 277, 10_000)
      }
    })
    expect(main.code).not.toBe(0)
    expect(main.signal).toBeNull()
    const stop = sim.requestsTo('testsigma', 'PUT').at(-1)
    expect(stop?.body).toEqual({
      id: Number(main.outputs['run-id']),
      result: 'STOPPED',
      canStopAll: true
    })
    expect(stop?.path).toBe(`/execution_results/${main.outputs['run-id']}`)
    const firstPoll = sim.requests.find(r => r.method === 'GET' && planOfPath(r.path) === 277)
    expect(stop!.at - firstPoll!.at).toBeLessThan(7500)
    expect(main.outputs.status).toBe('cancelled')
    expect(main.state.phase).toBe('done')
    expect(main.summary).toContain('The workflow was cancelled')
    expect(post?.code).toBe(0)
    expect(sim.requestsTo('testsigma', 'PUT')).toHaveLength(1)
  })

  it('post stops the run when main was killed mid-wait without a signal it could handle', async () => {
    sim.testsigma.addPlan(278, { durationMs: Infinity })
    const { main, post } = await runAction({
      inputs: inputs({ 'test-plan-id': '278' }),
      cancel: {
        kill: true,
        when: () =>
          sim.waitForRequest(r => r.method === 'GET' && planOfPath(r.path) === 278, 10_000)
      },
      jobStatus: 'failure'
    })
    expect(main.signal).toBe('SIGKILL')
    expect(main.state).toMatchObject({ phase: 'waiting' })
    const run = sim.testsigma.getRun(Number(main.state.runId))
    expect(run?.stopRequests).toHaveLength(1)
    expect(post?.code).toBe(0)
    expect(post?.stdout).toContain('stopping Testsigma run')
  })

  it('stops the run and ends timed-out when wait-timeout passes', async () => {
    sim.testsigma.addPlan(279, { durationMs: Infinity })
    const { main } = await runAction({
      inputs: inputs({ 'test-plan-id': '279', 'wait-timeout': '1500ms' })
    })
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('timed-out')
    const run = sim.testsigma.getRun(Number(main.outputs['run-id']))
    expect(run?.stopRequests).toHaveLength(1)
    expect(errorLines(main.stdout).at(-1)).toMatch(
      /^::error::Testsigma run \d+ was stopped because wait-timeout \(1500ms\) passed: 5 tests, /
    )
  })

  it('leaves the run going with wait: false, and post stops it only when the job is cancelled', async () => {
    sim.testsigma.addPlan(280, { durationMs: Infinity })
    const normal = await runAction({ inputs: inputs({ 'test-plan-id': '280', wait: 'false' }) })
    expect(normal.main.code).toBe(0)
    expect(normal.main.outputs.status).toMatch(/queued|running/)
    const id = Number(normal.main.outputs['run-id'])
    expect(sim.testsigma.getRun(id)?.stopRequests).toHaveLength(0)
    sim.testsigma.complete(id, 'SUCCESS')
    sim.testsigma.addPlan(281, { durationMs: Infinity })
    const cancelled = await runAction({
      inputs: inputs({ 'test-plan-id': '281', wait: 'false' }),
      jobStatus: 'cancelled'
    })
    expect(cancelled.main.code).toBe(0)
    expect(
      sim.testsigma.getRun(Number(cancelled.main.outputs['run-id']))?.stopRequests
    ).toHaveLength(1)
  })
})

describe('outputs on every path', () => {
  it('are all set when the trigger is refused', async () => {
    sim.testsigma.addPlan(290, { durationMs: Infinity })
    sim.faults.add({
      service: 'testsigma',
      method: 'POST',
      kind: 'json',
      status: 400,
      body: { error: 'bad plan' }
    })
    const { main } = await runAction({ inputs: inputs({ 'test-plan-id': '290' }), post: false })
    expect(main.code).toBe(1)
    expect(Object.keys(main.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    expect(main.outputs.reruns).toBe('0')
  })

  it('are all set when the workflow is cancelled', async () => {
    sim.testsigma.addPlan(291, { durationMs: Infinity })
    const { main } = await runAction({
      inputs: inputs({ 'test-plan-id': '291' }),
      cancel: {
        when: () =>
          sim.waitForRequest(r => r.method === 'GET' && planOfPath(r.path) === 291, 10_000)
      }
    })
    expect(Object.keys(main.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    expect(main.outputs).toMatchObject({ status: 'cancelled', result: 'STOPPED' })
  })
})
