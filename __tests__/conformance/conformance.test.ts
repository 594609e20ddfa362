/**
 * Conformance (issue 19): the example answers Currents and Testsigma publish, and those of
 * Currents' own cancel action, replayed verbatim through the built action and CLI, with the
 * outputs they must give. Each fixture names its source repository, path and commit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { commandLines, runAction, simInputs } from '../e2e/runner.js'
import { cli, fixture, serve } from './replay.js'

const KEY = 'conformance-SECRET-key'
let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY })
})
afterAll(() => sim.close())
beforeEach(() => sim.faults.clear())

interface Listed {
  testId: string
  title?: string[]
}
interface Pages {
  run: string
  instance: string
  test: string
}
const data = (name: string) => fixture(name).body as { data: Record<string, unknown> }
const failedTests = (outputs: Record<string, string>) =>
  JSON.parse(outputs['failed-tests'] || 'null') as Array<Record<string, unknown>>

describe('every fixture names its source', () => {
  it.each([
    'currents-run-cypress.json',
    'currents-run-playwright.json',
    'currents-instance-cypress.json',
    'currents-instance-playwright.json',
    'ide-extension-get-run-complete.json',
    'ide-extension-get-instance.json',
    'ide-extension-dashboard-pages.json',
    'testsigma-run-failure.json',
    'testsigma-run-stopped.json',
    'testsigma-trigger.json',
    'testsigma-rerun-queued.json',
    'cancel-action-cancel-ci-github-ok.json',
    'cancel-action-cancel-ci-github-404.json',
    'cancel-action-cancel-ci-github-400.json'
  ])('%s', name => {
    expect(fixture(name).source).toEqual({
      repository: expect.stringMatching(/^(currents-dev|testsigmahq)\/[a-z-]+$/),
      path: expect.any(String),
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      example: expect.any(String),
      edits: expect.any(String)
    })
  })
})

describe("Currents docs, Get Run and Get Instance (Cypress): a failed run's test at its line", () => {
  const run = data('currents-run-cypress.json').data
  const runId = run.runId as string
  const instanceId = 'b5f95e95-726f-4a3b-9edc-6cc0b0eb85fd'
  const expected = {
    'run-id': runId,
    status: 'failed',
    result: 'FAILED',
    total: '264',
    passed: '230',
    failed: '16',
    skipped: '18',
    flaky: '3',
    // No durationMs in a Cypress run: createdAt 08:23:40.939 → last completedAt 08:38:05.113.
    'duration-ms': '864174'
  }
  const test = {
    name: 'Test › passing test',
    file: 'cypress/integration/orchestration_100.spec.js',
    line: 3,
    message: 'Error: oh!'
  }
  const replay = () => {
    serve(sim, 'currents', 'GET', `/runs/${runId}`, fixture('currents-run-cypress.json'))
    serve(
      sim,
      'currents',
      'GET',
      `/instances/${instanceId}`,
      fixture('currents-instance-cypress.json')
    )
  }

  it('the action', async () => {
    replay()
    const { main } = await runAction({
      inputs: simInputs(sim, 'currents', KEY, { 'run-id': runId }),
      post: false
    })
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject(expected)
    expect(failedTests(main.outputs)).toEqual([expect.objectContaining(test)])
  })

  it('the CLI', async () => {
    replay()
    const r = await cli(
      ['run', '--provider', 'currents', '--api-url', sim.currentsUrl, '--run-id', runId],
      {
        CURRENTS_API_KEY: KEY
      }
    )
    expect(r.code).toBe(1)
    expect(r.json).toMatchObject({
      status: 'failed',
      total: 264,
      failed: 16,
      'duration-ms': 864174
    })
    expect(r.json['failed-tests']).toEqual([expect.objectContaining(test)])
  })
})

describe('Currents docs, Get Run and Get Instance (Playwright)', () => {
  const run = data('currents-run-playwright.json').data
  const runId = run.runId as string

  it('the action: its durationMs, its counts, the failed test by its error message and line', async () => {
    serve(sim, 'currents', 'GET', `/runs/${runId}`, fixture('currents-run-playwright.json'))
    serve(
      sim,
      'currents',
      'GET',
      '/instances/IzzYS81rn8unznmX',
      fixture('currents-instance-playwright.json')
    )
    const { main } = await runAction({
      inputs: simInputs(sim, 'currents', KEY, { 'run-id': runId }),
      post: false
    })
    expect(main.outputs).toMatchObject({
      status: 'failed',
      total: '5',
      failed: '5',
      passed: '0',
      'duration-ms': '234435'
    })
    // The recording machine's path (/home/slavic/...) is no checkout: the spec as the run names it.
    expect(failedTests(main.outputs)).toEqual([
      expect.objectContaining({ name: 'test 01', file: 'test-a.spec.ts', line: 34, message: 'oh!' })
    ])
  })
})

describe('Currents ide-extension, recorded real answers (a Playwright run in a container job)', () => {
  const run = data('ide-extension-get-run-complete.json').data
  const runId = run.runId as string

  it('maps /__w/demo-data/demo-data/ to the repository, whatever the gate repository is called', async () => {
    serve(sim, 'currents', 'GET', `/runs/${runId}`, fixture('ide-extension-get-run-complete.json'))
    // The recorded instance is of the same spec (reports.spec.ts) in another run.
    serve(
      sim,
      'currents',
      'GET',
      '/instances/aa441e0b50d50c42',
      fixture('ide-extension-get-instance.json')
    )
    const { main } = await runAction({
      inputs: simInputs(sim, 'currents', KEY, { 'run-id': runId }),
      post: false
    })
    expect(main.outputs).toMatchObject({ status: 'failed', 'duration-ms': '59850', total: '25' })
    const tests = failedTests(main.outputs)
    expect(tests[0]).toMatchObject({
      name: '@web-app @annotations @attachments › should generate real-time reports for live data',
      file: 'tests/web-app/reports.spec.ts',
      line: 242,
      message: 'Error: expect(received).toBeTruthy()'
    })
    // The test's own dashboard page, as the extension opens it (openTestDashboard), and the
    // run's (openInDashboard).
    const pages = (fixture('ide-extension-dashboard-pages.json') as unknown as { pages: Pages })
      .pages
    const listed = (data('ide-extension-get-instance.json').data.results as { tests: Listed[] })
      .tests
    const testId = listed.find(
      t => t.title?.at(-1) === 'should generate real-time reports for live data'
    )?.testId
    expect(testId).toBeDefined()
    expect(tests[0].url).toBe(
      pages.test
        .replace('${msg.instanceId}', 'aa441e0b50d50c42')
        .replace('${msg.testId}', testId as string)
    )
    expect(main.outputs['run-url']).toBe(pages.run.replace('${run.runId}', runId))
  })
})

describe('Currents find with pwLastRun=true, nested as data.pwLastRun (as @currents/cmd reads it)', () => {
  it('last-failed writes the nested .last-run.json', async () => {
    const run = data('currents-run-playwright.json').data
    const lastRun = { status: 'failed', failedTests: ['9d314e60d70d532f877a-b29c77ddb916da38bad5'] }
    serve(sim, 'currents', 'GET', '/runs/find', {
      status: 200,
      body: { status: 'OK', data: { ...run, pwLastRun: lastRun } }
    })
    const { main } = await runAction({
      inputs: simInputs(sim, 'currents', KEY, { command: 'last-failed', 'project-id': 'DgTfZV' }),
      env: { GITHUB_RUN_ATTEMPT: '2' },
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.outputs['extra-pw-flags']).toBe('--last-failed')
  })
})

describe('Testsigma docs, execution_results answers', () => {
  it('Test Plan Status (FAILURE): counts, and run-url on the API origin with no app_url', async () => {
    serve(sim, 'testsigma', 'GET', '/execution_results/302', fixture('testsigma-run-failure.json'))
    const { main } = await runAction({
      inputs: simInputs(sim, 'testsigma', KEY, { command: 'status', 'run-id': '302' }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({
      status: 'failed',
      result: 'FAILURE',
      total: '1',
      passed: '0',
      failed: '1',
      'duration-ms': '13647',
      'run-url': `${sim.url}/ui/td/runs/302`
    })
  })

  it('Stop Rerun (STOPPED, runningCount 1): the cut-off test is in the partition', async () => {
    serve(sim, 'testsigma', 'GET', '/execution_results/1165', fixture('testsigma-run-stopped.json'))
    const r = await cli(
      ['status', '--provider', 'testsigma', '--api-url', sim.testsigmaUrl, '--run-id', '1165'],
      { TESTSIGMA_API_KEY: KEY }
    )
    expect(r.code).toBe(0)
    expect(r.json).toMatchObject({
      status: 'cancelled',
      result: 'STOPPED',
      total: 1,
      skipped: 1,
      failed: 0,
      passed: 0
    })
  })

  it.each([
    ['testsigma-trigger.json', 337],
    ['testsigma-rerun-queued.json', 487]
  ])('%s: a queued run, counts not known yet', async (name, id) => {
    serve(sim, 'testsigma', 'GET', `/execution_results/${id}`, fixture(name))
    const r = await cli(
      ['status', '--provider', 'testsigma', '--api-url', sim.testsigmaUrl, '--run-id', String(id)],
      { TESTSIGMA_API_KEY: KEY }
    )
    expect(r.code).toBe(0)
    expect(r.json).toMatchObject({ status: 'queued', passed: null, failed: null })
  })
})

describe("Currents' cancel action's test doubles, answered to a cancel-hook's post step", () => {
  const hook = () =>
    runAction({
      inputs: simInputs(sim, 'currents', KEY, { command: 'cancel-hook', 'project-id': 'p' }),
      jobStatus: 'cancelled'
    })
  const warnings = (out = '') => commandLines(out).filter(l => l.startsWith('::warning::'))

  it('200: cancelled', async () => {
    serve(
      sim,
      'currents',
      'PUT',
      '/runs/cancel-ci/github',
      fixture('cancel-action-cancel-ci-github-ok.json')
    )
    const { post } = await hook()
    expect(post?.code).toBe(0)
    expect(post?.stdout).toContain('Post: cancelled the Currents runs of GitHub run 4242 attempt 1')
  })

  it('404: nothing to cancel, no warning', async () => {
    serve(
      sim,
      'currents',
      'PUT',
      '/runs/cancel-ci/github',
      fixture('cancel-action-cancel-ci-github-404.json')
    )
    const { post } = await hook()
    expect(post?.stdout).toContain('Post: nothing to cancel')
    expect(warnings(post?.stdout)).toEqual([])
  })

  it('400: a warning that names the runs and what to do; the job is not failed', async () => {
    serve(
      sim,
      'currents',
      'PUT',
      '/runs/cancel-ci/github',
      fixture('cancel-action-cancel-ci-github-400.json')
    )
    const { post } = await hook()
    expect(post?.code).toBe(0)
    expect(warnings(post?.stdout)).toEqual([
      expect.stringMatching(
        /could not cancel the Currents runs of GitHub run 4242 attempt 1: .*Invalid params.*cancel it in the Currents app/
      )
    ])
  })
})
