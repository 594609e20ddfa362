/**
 * A new user's first hour with a Testsigma gate (issue 14), run as the runner runs it: a
 * junit-path that cannot be written, a wrong plan id, the figures after a rerun, a stopped run,
 * a run left queued, and messages that read as sentences.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { makeTempDir } from '../temp-dirs.js'
import { commandLines, errorLines, runAction, simInputs } from './runner.js'

const KEY = 'fh-SECRET-key'
let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY })
})
afterAll(() => sim.close())
beforeEach(() => sim.faults.clear())

const inputs = (more: Record<string, string>) => simInputs(sim, 'testsigma', KEY, more)
const since = (at: number) => sim.requests.filter(r => r.at >= at)
/** The plan of the run a request path names, e.g. /execution_results/1003 → 1405. */
const planOfPath = (path: string) => sim.testsigma.getRun(Number(path.split('/')[2]))?.planId
/** The ::error lines with properties: the per-item annotations. */
const annotations = (stdout: string) => commandLines(stdout).filter(l => l.startsWith('::error '))

describe('junit-path that cannot be written', () => {
  it.each([
    [
      'under a file',
      (ws: string) => writeFileSync(join(ws, 'reports'), 'a file'),
      'reports/testsigma.xml',
      /'reports\/testsigma\.xml' cannot be written: '.*reports' is a file, not a folder/
    ],
    [
      'a folder',
      (ws: string) => mkdirSync(join(ws, 'reports')),
      'reports',
      /'reports' is a folder; give a file name, e\.g\. reports\/testsigma\.xml/
    ]
  ])('%s fails before any request, naming the input', async (_what, prepare, path, said) => {
    sim.testsigma.addPlan(1401, { outcomes: ['SUCCESS'], durationMs: 200 })
    const workspace = makeTempDir('trg-e2e-')
    prepare(workspace)
    const { main, post } = await runAction({
      inputs: inputs({ 'test-plan-id': '1401', 'junit-path': path }),
      workspace
    })
    expect(main.code).toBe(1)
    const errors = errorLines(main.stdout)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^::error::Input 'junit-path': /)
    expect(errors[0]).toMatch(said)
    expect(since(main.startedAt)).toEqual([])
    expect(main.state).toEqual({})
    expect(post?.code).toBe(0)
  })

  it('a write that fails after the run names junit-path, and outputs, summary and exit code agree', async () => {
    sim.testsigma.addPlan(1402, { outcomes: ['SUCCESS'], durationMs: 1000, testCount: 4 })
    const workspace = makeTempDir('trg-e2e-')
    const step = runAction({
      inputs: inputs({ 'test-plan-id': '1402', 'junit-path': 'out/sub/testsigma.xml' }),
      workspace,
      post: false
    })
    // While the run goes on, something puts a file where the report's folder was to be.
    await sim.waitForRequest(
      r => r.method === 'POST' && (r.body as { executionId?: number }).executionId === 1402,
      10_000
    )
    writeFileSync(join(workspace, 'out'), 'in the way')
    const { main } = await step
    expect(main.code).toBe(1)
    expect(sim.requestsTo('testsigma', 'GET', /^\/reports\/junit\//).length).toBeGreaterThan(0)
    const errors = errorLines(main.stdout)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      new RegExp(
        `^::error::Input 'junit-path': could not write the JUnit report of Testsigma run ${main.outputs['run-id']} to '.*out/sub/testsigma\\.xml' \\((ENOTDIR|EEXIST): `
      )
    )
    expect(main.outputs).toMatchObject({ status: 'failed', result: 'SUCCESS', 'junit-path': '' })
    expect(main.summary.split('\n')[0]).toBe(
      `### ❌ Testsigma run ${main.outputs['run-id']}: failed`
    )
  })
})

describe('a Testsigma plan id that is not found', () => {
  it('says to check test-plan-id and api-url', async () => {
    const { main } = await runAction({ inputs: inputs({ 'test-plan-id': '999404' }), post: false })
    expect(main.code).toBe(1)
    expect(errorLines(main.stdout)).toEqual([
      expect.stringMatching(
        /^::error::trigger test plan 999404: not found \(HTTP 404 Not Found\); the server said: .*: check test-plan-id and api-url/
      )
    ])
  })
})

describe('figures after rerun-failed', () => {
  it("count the plan's tests: the first run's total, the rerun's failures, the rest passed", async () => {
    sim.testsigma.addPlan(1403, {
      outcomes: ['FAILURE', 'SUCCESS'],
      durationMs: 300,
      testCount: 12,
      failedCount: 2
    })
    const { main } = await runAction({
      inputs: inputs({ 'test-plan-id': '1403', 'rerun-failed': '1' }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({
      status: 'passed',
      total: '12',
      passed: '12',
      failed: '0',
      skipped: '0',
      reruns: '1'
    })
    const line = `Testsigma run ${main.outputs['run-id']} passed (SUCCESS): 12 tests, 12 passed after 1 rerun`
    expect(main.stdout).toContain(`\n${line}\n`)
    expect(main.summary).toContain(line)
    expect(main.stdout + main.summary).not.toMatch(/\(s\)/)
  })

  it('a rerun that still fails gives its failures out of the whole plan', async () => {
    sim.testsigma.addPlan(1404, {
      outcomes: ['FAILURE', 'FAILURE'],
      durationMs: 300,
      testCount: 12,
      failedCount: 3
    })
    const { main } = await runAction({
      inputs: inputs({ 'test-plan-id': '1404', 'rerun-failed': '1' }),
      post: false
    })
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({ total: '12', passed: '9', failed: '3', reruns: '1' })
    expect(errorLines(main.stdout).at(-1)).toBe(
      `::error::Testsigma run ${main.outputs['run-id']} failed (FAILURE): 12 tests, 9 passed, 3 failed after 1 rerun`
    )
  })
})

describe('a stopped or timed-out run', () => {
  it('is not listed as failed when the workflow is cancelled, and says it was cancelled', async () => {
    sim.testsigma.addPlan(1405, { durationMs: Infinity, testCount: 4 })
    const { main } = await runAction({
      inputs: inputs({ 'test-plan-id': '1405' }),
      cancel: {
        when: () =>
          sim.waitForRequest(r => r.method === 'GET' && planOfPath(r.path) === 1405, 10_000)
      }
    })
    expect(main.outputs.status).toBe('cancelled')
    expect(annotations(main.stdout)).toEqual([])
    expect(errorLines(main.stdout)).toEqual([
      expect.stringMatching(
        /^::error::Testsigma run \d+ was cancelled because the workflow was cancelled/
      )
    ])
    expect(main.stdout).toMatch(/\nThe workflow was cancelled; stopping Testsigma run \d+\n/)
    expect(main.summary).not.toContain('#### Failed')
    expect(main.summary.split('\n')[0]).toMatch(/^### ⏹️ Testsigma run \d+: cancelled$/)
  })

  it('is not listed as failed at wait-timeout, and says it timed out', async () => {
    sim.testsigma.addPlan(1406, { durationMs: Infinity, testCount: 4 })
    const { main } = await runAction({
      inputs: inputs({ 'test-plan-id': '1406', 'wait-timeout': '1500ms' }),
      post: false
    })
    expect(main.outputs.status).toBe('timed-out')
    expect(annotations(main.stdout)).toEqual([])
    expect(main.summary).not.toContain('#### Failed')
    expect(main.summary.split('\n')[0]).toMatch(/^### ⏱️ Testsigma run \d+: timed out$/)
    expect(main.summary).toContain('**wait-timeout (1500ms) passed**')
    expect(main.stdout).toMatch(/\nwait-timeout \(1500ms\) passed; stopping Testsigma run \d+\n/)
  })
})

describe('a run left queued (wait: false)', () => {
  it('has empty counts and duration, not 0', async () => {
    sim.testsigma.addPlan(1407, { durationMs: Infinity })
    const { main } = await runAction({
      inputs: inputs({ 'test-plan-id': '1407', wait: 'false' }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({
      status: 'queued',
      total: '',
      passed: '',
      failed: '',
      skipped: '',
      flaky: '',
      'duration-ms': ''
    })
    expect(main.stdout).toMatch(/\nTestsigma run \d+ is queued \(QUEUED\)\n/)
    sim.testsigma.complete(Number(main.outputs['run-id']), 'SUCCESS')
  })

  it("gives the service's own duration once finished", async () => {
    sim.testsigma.addPlan(1408, { outcomes: ['SUCCESS'], durationMs: 700 })
    const { main } = await runAction({ inputs: inputs({ 'test-plan-id': '1408' }), post: false })
    const view = sim.testsigma.view(Number(main.outputs['run-id']))
    expect(main.outputs['duration-ms']).toBe(String(view?.consolidatedDuration))
  })
})

describe('a run that was already rerun', () => {
  it('is refused with the reason, without "wait for it or stop it first"', async () => {
    sim.testsigma.addPlan(1409, { outcomes: ['FAILURE'], durationMs: 100 })
    const first = await runAction({ inputs: inputs({ 'test-plan-id': '1409' }), post: false })
    const runId = first.main.outputs['run-id']
    const again = (type: string) =>
      runAction({
        inputs: inputs({ command: 'rerun', 'run-id': runId, 'rerun-type': type }),
        post: false
      })
    expect((await again('ALL_TESTS')).main.code).toBe(1)
    const { main } = await again('ALL_TESTS')
    const [error] = errorLines(main.stdout)
    expect(error).toContain('Test Plan Result has already been re-run')
    expect(error).toContain(
      `Testsigma reruns a run only once (rerun the latest rerun of run ${runId} instead)`
    )
    expect(error).not.toMatch(/wait for it|stop it first/)
  })
})
