/**
 * The Currents gate while the run does not exist yet (find answers 404), and on a run of
 * 10,000 specs, run as the runner runs it, against the simulator.
 */
import { createServer } from 'node:net'
import { describe, expect, it } from '@jest/globals'
import {
  DEFAULT_BUILD_ID,
  expectedCounts,
  fileAnnotations,
  useCurrentsSim,
  verdictLines
} from './currents-helpers.js'
import { runAction } from './runner.js'

/** A port on 127.0.0.1 that nothing listens on: taken, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

const e2e = useCurrentsSim()

/**
 * Records the run once the gate has looked for it `finds` times, not after a fixed time: a
 * loaded machine may take longer than any fixed time to start the step. Answers how many finds
 * had been answered 404 by then (counted, not compared by the clock: two finds of one poll may
 * share a millisecond with the recording).
 */
async function recordAfterFinds(runId: string, finds: number): Promise<number> {
  await e2e.sim.waitForRequest(() => e2e.requests('GET', '/runs/find').length >= finds, 30_000)
  e2e.sim.currents.getRun(runId)!.recordedAt = Date.now()
  return e2e.requests('GET', '/runs/find').length
}

describe('Currents gate: a run that is not recorded yet', () => {
  it('keeps looking while find answers 404, then gates on the run', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({
      projectId,
      ciBuildId: DEFAULT_BUILD_ID,
      recordAfterMs: Infinity
    })
    const step = runAction({
      inputs: e2e.inputs({ 'project-id': projectId }),
      post: false
    })
    const notYet = await recordAfterFinds(runId, 2)
    const { main } = await step
    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'passed' })
    expect(notYet).toBeGreaterThanOrEqual(2)
    expect(e2e.requests('GET', '/runs/find').length).toBeGreaterThan(notYet)
    expect(main.stdout).toMatch(/no currents run recorded yet/i)
  })

  it('works when find answers only completed runs', async () => {
    const projectId = e2e.project()
    e2e.sim.currents.findCompletedOnly = true
    try {
      const runId = e2e.sim.currents.addRun({
        projectId,
        ciBuildId: DEFAULT_BUILD_ID,
        recordAfterMs: Infinity,
        durationMs: 1200,
        outcome: 'FAILED'
      })
      const step = runAction({
        inputs: e2e.inputs({ 'project-id': projectId }),
        post: false
      })
      await recordAfterFinds(runId, 1)
      const { main } = await step
      expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'failed', result: 'FAILED' })
      expect(main.code).toBe(1)
      expect(e2e.requests('GET', '/runs/find').length).toBeGreaterThanOrEqual(2)
    } finally {
      e2e.sim.currents.findCompletedOnly = false
    }
  })

  it('ends timed-out with a clear message when the run is never recorded within wait-timeout', async () => {
    const projectId = e2e.project()
    const { main, post } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, 'wait-timeout': '2s' })
    })
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('timed-out')
    // Both names: the recommended one and the one the reporters make themselves.
    const sought = `the Currents run of project ${projectId} with ciBuildId ${DEFAULT_BUILD_ID} or pw:${DEFAULT_BUILD_ID}`
    // Said at normal log level when the search starts, and in the verdict and the summary.
    expect(main.stdout).toContain(`\nLooking for ${sought}, until wait-timeout (2s) passes\n`)
    const verdicts = verdictLines(main.stdout)
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]).toContain(
      `::error::No Currents run was found within wait-timeout (2s): looked for ${sought}; check project-id; set CURRENTS_CI_BUILD_ID in the workflow's env`
    )
    expect(main.summary).toContain(`looked for ${sought}`)
    expect(main.summary).toContain('no run was found')
    expect(main.summary + main.stdout).not.toMatch(/run was not stopped/)
    // Every request is a find, but for one look at the project after the first 404.
    const finds = e2e.requests('GET', '/runs/find')
    expect(finds.length).toBeGreaterThanOrEqual(3)
    expect(e2e.requests('GET', `/projects/${projectId}`)).toHaveLength(1)
    expect(e2e.requests()).toHaveLength(finds.length + 1)
    expect(post?.code).toBe(0)
  })

  it('says what it looks for when finding by branch and tags', async () => {
    const projectId = e2e.project()
    const { main } = await runAction({
      inputs: e2e.inputs({
        'project-id': projectId,
        branch: 'release/*',
        tags: 'nightly, smoke',
        'wait-timeout': '1s'
      }),
      post: false
    })
    expect(main.stdout).toContain(
      `\nLooking for the Currents run of project ${projectId} with branch release/* and tags nightly, smoke, until wait-timeout (1s) passes\n`
    )
    expect(verdictLines(main.stdout)[0]).toContain('check project-id, branch and tags')
  })
})

describe('Currents gate: a wrong api-url or project-id', () => {
  it.each([
    ['api-url ending in /v1/v1', (url: string) => `${url}/v1`, '/currents/v1/v1/projects/'],
    ['api-url without /v1', (url: string) => url.replace(/\/v1$/, ''), '/currents/projects/']
  ])(
    '%s fails at the first 404, naming api-url, project-id and the path',
    async (_n, wrong, path) => {
      const projectId = e2e.project()
      const { main } = await runAction({
        inputs: e2e.inputs({ 'project-id': projectId, 'api-url': wrong(e2e.sim.currentsUrl) }),
        post: false
      })
      expect(main.code).toBe(1)
      const verdicts = verdictLines(main.stdout)
      expect(verdicts).toHaveLength(1)
      expect(verdicts[0]).toContain(
        `Currents project ${projectId} was not found: GET ${path}${projectId} answered 404`
      )
      expect(verdicts[0]).toMatch(/Check project-id, and api-url/)
      // One find of each default name, one look at the project: not the whole wait-timeout.
      expect(e2e.sim.requests.filter(r => r.at >= main.startedAt)).toHaveLength(3)
      expect(main.ms).toBeLessThan(5000)
    }
  )

  it('a project-id the key does not know fails at once', async () => {
    const { main } = await runAction({
      inputs: e2e.inputs({ 'project-id': 'no-such-project' }),
      post: false
    })
    expect(main.code).toBe(1)
    expect(verdictLines(main.stdout)[0]).toContain(
      '::error::Currents project no-such-project was not found: GET /currents/v1/projects/no-such-project answered 404'
    )
    expect(e2e.requests().map(r => r.path)).toEqual([
      '/runs/find',
      '/runs/find',
      '/projects/no-such-project'
    ])
  })

  it('a known project is looked at once, on the first 404; then the run is awaited', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({
      projectId,
      ciBuildId: DEFAULT_BUILD_ID,
      recordAfterMs: Infinity
    })
    const step = runAction({
      inputs: e2e.inputs({ 'project-id': projectId }),
      post: false
    })
    await recordAfterFinds(runId, 2)
    const { main } = await step
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'passed' })
    expect(e2e.requests('GET', `/projects/${projectId}`)).toHaveLength(1)
    expect(e2e.requests('GET', '/runs/find').length).toBeGreaterThanOrEqual(2)
  })
})

describe('Currents gate: wait-timeout on a run in progress', () => {
  it('cancels the run and ends timed-out', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: Infinity })
    const { main } = await runAction({
      inputs: e2e.inputs({ 'run-id': runId, 'wait-timeout': '1500ms' })
    })
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'timed-out' })
    expect(e2e.requests('PUT', `/runs/${runId}/cancel`)).toHaveLength(1)
    expect(e2e.sim.currents.view(runId)?.completionState).toBe('CANCELED')
    const verdicts = verdictLines(main.stdout)
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]).toContain(
      `Currents run ${runId} was stopped because wait-timeout (1500ms) passed`
    )
  })

  it('leaves the run going with cancel-on-timeout: false', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: Infinity })
    const { main } = await runAction({
      inputs: e2e.inputs({
        'run-id': runId,
        'wait-timeout': '1500ms',
        'cancel-on-timeout': 'false'
      })
    })
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('timed-out')
    expect(e2e.requests().filter(r => r.method !== 'GET')).toEqual([])
    expect(e2e.sim.currents.view(runId)?.completionState).toBe('IN_PROGRESS')
  })
})

describe('Currents gate: a run of 10,000 specs', () => {
  it('reads it gzipped, gates on it, and keeps the summary under 1 MiB', async () => {
    const runId = e2e.sim.currents.makeBigRun({
      projectId: e2e.project(),
      failedSpecs: 400,
      durationMs: 200
    })
    const { main } = await runAction({ inputs: e2e.inputs({ 'run-id': runId }), post: false })
    expect(main.code).toBe(1)
    const reads = e2e.requests('GET', `/runs/${runId}`)
    expect(reads.length).toBeGreaterThanOrEqual(1)
    for (const r of reads) expect(r.headers['accept-encoding']).toMatch(/\bgzip\b/)
    expect(main.outputs).toMatchObject({
      status: 'failed',
      failed: '400',
      ...expectedCounts(e2e.sim, runId)
    })
    expect(fileAnnotations(main.stdout)).toHaveLength(9)
    expect(verdictLines(main.stdout)).toHaveLength(1)
    expect(Buffer.byteLength(main.summary)).toBeLessThan(1024 * 1024)
    expect(main.summary).toContain('Failed (400)')
    expect(main.summary).toContain('…and 300 more, not listed.')
  })
})

describe('Currents gate: the run the reporters named themselves (no ciBuildId anywhere)', () => {
  it('finds pw:<owner>/<repo>-<run id>-<attempt>, says so, and stops asking for the other name', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({
      projectId,
      ciBuildId: `pw:${DEFAULT_BUILD_ID}`,
      recordAfterMs: 600,
      durationMs: 900
    })
    const { main } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.outputs['run-id']).toBe(runId)
    expect(main.stdout).toContain(`Found Currents run ${runId} by ciBuildId pw:${DEFAULT_BUILD_ID}`)
    expect(main.summary).toContain(`ciBuildId pw:${DEFAULT_BUILD_ID}`)
    const finds = e2e.requests('GET', '/runs/find').map(r => r.query.ciBuildId)
    const hit = finds.lastIndexOf(`pw:${DEFAULT_BUILD_ID}`)
    expect(finds.slice(hit + 1)).toEqual([])
    expect(finds.filter(f => f === DEFAULT_BUILD_ID).length).toBeLessThanOrEqual(
      finds.filter(f => f === `pw:${DEFAULT_BUILD_ID}`).length
    )
  })
})

describe('Currents gate: an api-url where nothing listens', () => {
  it('names the connection failure and the url when every find fails until wait-timeout', async () => {
    const port = await closedPort()
    const { main } = await runAction({
      inputs: e2e.inputs({
        'project-id': e2e.project(),
        'api-url': `http://127.0.0.1:${port}/v1`,
        'wait-timeout': '3s'
      }),
      post: false
    })
    expect(main.code).toBe(1)
    const verdicts = verdictLines(main.stdout)
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]).toContain('::error::No Currents run was found within wait-timeout (3s): ')
    expect(verdicts[0]).toMatch(
      new RegExp(
        `the last (try|\\d+ tries) failed: .*connection refused \\(ECONNREFUSED\\).* at http://127\\.0\\.0\\.1:${port}/v1/runs/find;`
      )
    )
  })
})
