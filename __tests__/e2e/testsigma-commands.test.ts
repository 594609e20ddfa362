import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { errorLines, runAction, simInputs } from './runner.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: 'tsc-SECRET-key' })
})
afterAll(async () => {
  await sim.close()
})

const inputs = (more: Record<string, string>) => simInputs(sim, 'testsigma', 'tsc-SECRET-key', more)

/** Starts a run of a plan directly on the simulator, as someone else would; answers its id. */
async function trigger(plan: number): Promise<number> {
  const res = await fetch(`${sim.testsigmaUrl}/execution_results`, {
    method: 'POST',
    headers: { authorization: 'Bearer tsc-SECRET-key', 'content-type': 'application/json' },
    body: JSON.stringify({ executionId: plan })
  })
  return ((await res.json()) as { id: number }).id
}

/** A finished run of a new plan, with that outcome. */
async function finishedRun(plan: number, outcome: 'SUCCESS' | 'FAILURE'): Promise<number> {
  sim.testsigma.addPlan(plan, { outcomes: [outcome], durationMs: 50, testCount: 4, failedCount: 2 })
  const id = await trigger(plan)
  await new Promise(r => setTimeout(r, 120))
  return id
}

describe('Testsigma commands', () => {
  it('junit-path saves the report after the run, creating folders, and outputs its path', async () => {
    sim.testsigma.addPlan(601, {
      outcomes: ['FAILURE'],
      durationMs: 200,
      testCount: 3,
      failedCount: 1
    })
    const { main, workspace } = await runAction({
      inputs: inputs({ 'test-plan-id': '601', 'junit-path': 'out/reports/testsigma.xml' }),
      post: false
    })
    expect(main.code).toBe(1)
    const saved = main.outputs['junit-path']
    expect(saved).toBe(join(workspace, 'out/reports/testsigma.xml'))
    expect(isAbsolute(saved)).toBe(true)
    const xml = readFileSync(saved, 'utf8')
    expect(xml).toMatch(/^<\?xml|<testsuite/)
    expect(xml).toContain('<failure')
    const junit = sim.requestsTo('testsigma', 'GET', /^\/reports\/junit\//).at(-1)
    expect(junit?.headers.accept).toContain('application/xml')
  })

  it('a report that is not ready yet is fetched again, 2 s later', async () => {
    sim.testsigma.addPlan(602, { outcomes: ['SUCCESS'], durationMs: 200 })
    sim.faults.add({
      service: 'testsigma',
      method: 'GET',
      path: /^\/reports\/junit\//,
      kind: 'status',
      status: 200,
      body: 'Report is not yet generated',
      contentType: 'text/plain'
    })
    const { main } = await runAction({
      inputs: inputs({ 'test-plan-id': '602', 'junit-path': 'r.xml' }),
      post: false
    })
    sim.faults.clear()
    expect(main.code).toBe(0)
    expect(readFileSync(main.outputs['junit-path'], 'utf8')).toContain('</testsuite')
    const tries = sim
      .requestsTo('testsigma', 'GET', /^\/reports\/junit\//)
      .filter(r => r.at >= main.startedAt)
    expect(tries).toHaveLength(2)
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(1900)
  })

  it('a report that never becomes XML is an error naming the request, after 3 tries', async () => {
    sim.testsigma.addPlan(608, { outcomes: ['SUCCESS'], durationMs: 200 })
    sim.faults.add({
      service: 'testsigma',
      method: 'GET',
      path: /^\/reports\/junit\//,
      kind: 'status',
      status: 200,
      body: 'Report is not yet generated',
      contentType: 'text/plain',
      times: Infinity
    })
    const { main } = await runAction({
      inputs: inputs({ 'test-plan-id': '608', 'junit-path': 'r.xml' }),
      post: false
    })
    sim.faults.clear()
    expect(main.code).toBe(1)
    // The step fails, so neither the outputs nor the summary may say passed; the run's own
    // result stays in `result`.
    expect(main.outputs).toMatchObject({ status: 'failed', result: 'SUCCESS' })
    expect(main.summary.split('\n')[0]).toMatch(/^### ❌ Testsigma run \d+: failed$/)
    expect(
      sim.requestsTo('testsigma', 'GET', /^\/reports\/junit\//).filter(r => r.at >= main.startedAt)
    ).toHaveLength(3)
    expect(errorLines(main.stdout)).toEqual([expect.stringContaining('not a JUnit XML report')])
  })

  it('follows the plan’s own automatic rerun to its end and reports the consolidated result', async () => {
    sim.testsigma.addPlan(603, {
      outcomes: ['FAILURE', 'SUCCESS'],
      durationMs: 300,
      autoRerun: true
    })
    const { main } = await runAction({ inputs: inputs({ 'test-plan-id': '603' }), post: false })
    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({ status: 'passed', result: 'SUCCESS', reruns: '0' })
    // The parent was polled past its own completion, until the automatic rerun completed.
    const parent = Number(main.outputs['run-id'])
    const child = sim.testsigma.getRun(parent)?.childId
    expect(child).toBeTruthy()
    expect(main.stdout).toContain(`automatic rerun ${child}`)
  })

  it('a plan that is already running is refused (HTTP 500) with a message saying so, and not retried', async () => {
    sim.testsigma.addPlan(604, { durationMs: Infinity })
    await trigger(604)
    const before = sim.requestsTo('testsigma', 'POST').length
    const { main } = await runAction({ inputs: inputs({ 'test-plan-id': '604' }) })
    expect(main.code).toBe(1)
    expect(sim.requestsTo('testsigma', 'POST').length - before).toBe(1)
    expect(errorLines(main.stdout)).toEqual([expect.stringMatching(/HTTP 500.*still running/)])
  })

  it('command rerun with USER_PICKED sends the picked test case result ids and waits for the new run', async () => {
    const id = await finishedRun(605, 'FAILURE')
    const picked = sim.testsigma
      .getRun(id)!
      .testCases.slice(0, 2)
      .map(tc => tc.id)
    const { main } = await runAction({
      inputs: inputs({
        command: 'rerun',
        'run-id': String(id),
        'rerun-type': 'USER_PICKED',
        'test-case-result-ids': picked.join('\n')
      }),
      post: false
    })
    const rerun = sim.requestsTo('testsigma', 'POST').at(-1)
    expect(rerun?.body).toEqual({
      executionId: 605,
      executionResultId: id,
      isReRun: true,
      reRunType: 'USER_PICKED',
      testCaseResultRequests: picked.map(p => ({ id: p }))
    })
    expect(main.outputs['run-id']).not.toBe(String(id))
    expect(sim.testsigma.getRun(Number(main.outputs['run-id']))?.reRunParentId).toBe(id)
    expect(['passed', 'failed']).toContain(main.outputs.status)
  })

  it('command rerun sends the iterations of each picked test case result as written', async () => {
    const id = await finishedRun(606, 'FAILURE')
    const [a, b, c, d] = sim.testsigma.getRun(id)!.testCases.map(tc => tc.id)
    const { main } = await runAction({
      inputs: inputs({
        command: 'rerun',
        'run-id': String(id),
        'rerun-type': 'USER_PICKED',
        'test-case-result-ids': `${a}, ${b}:ALL\n${c}:FAILED\n${d}:passed, 7001:USER_PICKED:7002 7003`
      }),
      post: false
    })
    const posts = sim.requestsTo('testsigma', 'POST').filter(r => r.at >= main.startedAt)
    expect(posts.map(r => r.body)).toEqual([
      {
        executionId: 606,
        executionResultId: id,
        isReRun: true,
        reRunType: 'USER_PICKED',
        testCaseResultRequests: [
          { id: a },
          { id: b, iterationReRunType: 'ALL' },
          { id: c, iterationReRunType: 'FAILED' },
          { id: d, iterationReRunType: 'PASSED' },
          { id: 7001, iterationReRunType: 'USER_PICKED', iterationResultIds: [7002, 7003] }
        ]
      }
    ])
    const rerun = sim.testsigma.getRun(Number(main.outputs['run-id']))
    expect(rerun?.reRunParentId).toBe(id)
    expect(rerun?.trigger).toEqual(posts[0].body)
  })

  it('command rerun refuses a bad entry before any request, naming it', async () => {
    const id = await finishedRun(607, 'FAILURE')
    const before = sim.requests.length
    const { main } = await runAction({
      inputs: inputs({
        command: 'rerun',
        'run-id': String(id),
        'rerun-type': 'USER_PICKED',
        'test-case-result-ids': '2880:FAILED\n2915:USER_PICKED'
      })
    })
    expect(main.code).toBe(1)
    expect(errorLines(main.stdout)).toEqual([
      expect.stringMatching(/^::error::Input 'test-case-result-ids': '2915:USER_PICKED'/)
    ])
    expect(sim.requests.length).toBe(before)
  })

  it.each(['ALL_TESTS', 'ONLY_FAILED_TESTS', 'ALL_ITERATIONS', 'ONLY_FAILED_ITERATIONS'])(
    'command rerun sends rerun-type %s',
    async type => {
      const id = await finishedRun(610 + type.length, 'FAILURE')
      const { main } = await runAction({
        inputs: inputs({
          command: 'rerun',
          'run-id': String(id),
          'rerun-type': type,
          wait: 'false'
        })
      })
      expect(main.code).toBe(0)
      expect(sim.requestsTo('testsigma', 'POST').at(-1)?.body).toMatchObject({
        reRunType: type,
        executionResultId: id,
        isReRun: true
      })
    }
  )

  it('command status reads the run once, sets outputs and exits 0 even for a failed run', async () => {
    const id = await finishedRun(620, 'FAILURE')
    const before = sim.requests.length
    const { main, post } = await runAction({
      inputs: inputs({ command: 'status', 'run-id': String(id) })
    })
    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({
      'run-id': String(id),
      status: 'failed',
      result: 'FAILURE',
      failed: '2'
    })
    expect(sim.requests.length - before).toBe(1)
    expect(post?.code).toBe(0)
  })

  it('command cancel stops a running run, and a finished one is not an error', async () => {
    sim.testsigma.addPlan(621, { durationMs: Infinity })
    const id = await trigger(621)
    const first = await runAction({ inputs: inputs({ command: 'cancel', 'run-id': String(id) }) })
    expect(first.main.code).toBe(0)
    expect(sim.testsigma.getRun(id)?.stopRequests).toHaveLength(1)
    expect(first.main.stdout).toContain(`Cancelled Testsigma run ${id}`)
    const again = await runAction({ inputs: inputs({ command: 'cancel', 'run-id': String(id) }) })
    expect(again.main.code).toBe(0)
    expect(again.main.stdout).toContain('already finished')
  })

  it('command cancel of an unknown run fails naming it', async () => {
    const { main } = await runAction({ inputs: inputs({ command: 'cancel', 'run-id': '999999' }) })
    expect(main.code).toBe(1)
    expect(errorLines(main.stdout)).toEqual([expect.stringContaining('999999 was not found')])
  })

  it('run-id with command run waits for an existing run instead of triggering one', async () => {
    const id = await finishedRun(622, 'SUCCESS')
    const before = sim.requestsTo('testsigma', 'POST').length
    const { main } = await runAction({ inputs: inputs({ 'run-id': String(id) }) })
    expect(main.code).toBe(0)
    expect(sim.requestsTo('testsigma', 'POST').length).toBe(before)
    expect(main.outputs['run-id']).toBe(String(id))
  })

  it('two uses in one job keep their own state, outputs and summaries', async () => {
    sim.testsigma.addPlan(630, { outcomes: ['SUCCESS'], durationMs: 200 })
    sim.testsigma.addPlan(631, { outcomes: ['FAILURE'], durationMs: 200 })
    const a = await runAction({ inputs: inputs({ 'test-plan-id': '630', 'junit-path': 'a.xml' }) })
    const b = await runAction({
      inputs: inputs({ 'test-plan-id': '631', 'junit-path': 'b.xml', 'fail-on-failure': 'false' }),
      workspace: a.workspace
    })
    expect(a.main.outputs.status).toBe('passed')
    expect(b.main.outputs.status).toBe('failed')
    expect(b.main.code).toBe(0)
    expect(a.main.state.runId).not.toBe(b.main.state.runId)
    expect(a.main.outputs['junit-path']).not.toBe(b.main.outputs['junit-path'])
    expect(a.main.summary).toContain(`run ${a.main.outputs['run-id']}`)
    expect(b.main.summary).not.toContain(`run ${a.main.outputs['run-id']}:`)
  })
})

describe('debug mode', () => {
  it('folds the HTTP request lines into one group at the end, and prints none without it', async () => {
    sim.testsigma.addPlan(640, { outcomes: ['SUCCESS'], durationMs: 300 })
    const debug = await runAction({
      inputs: inputs({ 'test-plan-id': '640' }),
      env: { RUNNER_DEBUG: '1' },
      post: false
    })
    const lines = debug.main.stdout.split('\n')
    const start = lines.findIndex(l => /^::group::HTTP requests \(\d+\)$/.test(l))
    const end = lines.indexOf('::endgroup::')
    expect(start).toBeGreaterThan(-1)
    expect(end).toBeGreaterThan(start + 2)
    expect(
      lines
        .slice(start + 1, end)
        .every(l => /^(GET|POST|PUT) \/testsigma\/api\/v1\/\S+ -> \d+ in \d+ ms/.test(l))
    ).toBe(true)
    const quiet = await runAction({ inputs: inputs({ 'test-plan-id': '640' }), post: false })
    expect(quiet.main.stdout).not.toContain('::group::')
  })
})
