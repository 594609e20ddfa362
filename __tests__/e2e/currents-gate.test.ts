/** The Currents gate (`command: run`), run as the runner runs it, against the simulator. */
import { describe, expect, it } from '@jest/globals'
import {
  DEFAULT_BUILD_ID,
  expectedCounts,
  fileAnnotations,
  useCurrentsSim,
  verdictLines
} from './currents-helpers.js'
import { runAction } from './runner.js'

const e2e = useCurrentsSim()

describe("Currents gate: the run's figures", () => {
  it("reports the service's own durationMs, not the span of the specs", async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: 0 })
    // API.md: a real run of 59850 ms whose specs span 58914 ms.
    e2e.sim.currents.setRunField(runId, 'durationMs', 59_850)
    const { main } = await runAction({ inputs: e2e.inputs({ 'run-id': runId }), post: false })
    expect(main.outputs['duration-ms']).toBe('59850')
    expect(main.summary).toMatch(/\| 00:59 \| 0 \|$/m)
  })

  it('leaves the duration empty for a run still in progress (wait: false)', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: Infinity })
    const { main } = await runAction({
      inputs: e2e.inputs({ 'run-id': runId, wait: 'false' }),
      post: false
    })
    expect(main.outputs).toMatchObject({ status: 'running', 'duration-ms': '' })
    e2e.sim.currents.complete(runId)
  })
})

describe('Currents gate: finding the run and passing', () => {
  it('finds the run by the default ciBuildId, waits for it, and passes with its summed counts', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({
      projectId,
      ciBuildId: DEFAULT_BUILD_ID,
      groups: 2,
      specCount: 10,
      durationMs: 1500
    })
    const { main } = await runAction({ inputs: e2e.inputs({ 'project-id': projectId }) })
    expect(main.code).toBe(0)
    const finds = e2e.requests('GET', '/runs/find')
    expect(finds).toHaveLength(1)
    expect(finds[0].query).toEqual({ projectId, ciBuildId: DEFAULT_BUILD_ID })
    expect(finds[0].headers.authorization).toBe('Bearer cur-SECRET-key')
    // It waited: the run was read again until it finished.
    expect(e2e.requests('GET', `/runs/${runId}`).length).toBeGreaterThanOrEqual(2)
    const counts = expectedCounts(e2e.sim, runId)
    expect(Number(counts.skipped)).toBeGreaterThan(0)
    expect(main.outputs).toMatchObject({
      'run-id': runId,
      'run-url': `https://app.currents.dev/run/${runId}`,
      status: 'passed',
      result: 'PASSED',
      ...counts
    })
    expect(Number(main.outputs['duration-ms'])).toBeGreaterThan(0)
    expect(verdictLines(main.stdout)).toEqual([])
  })

  it('finds the run by an explicit ci-build-id', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({ projectId, ciBuildId: 'nightly-build-77' })
    const { main } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, 'ci-build-id': 'nightly-build-77' }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(e2e.requests('GET', '/runs/find').map(r => r.query)).toEqual([
      { projectId, ciBuildId: 'nightly-build-77' }
    ])
    expect(main.outputs['run-id']).toBe(runId)
  })

  it('finds the run by an exact branch, without a ciBuildId', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({ projectId, branch: 'feature/login' })
    e2e.sim.currents.addRun({ projectId, branch: 'feature/login-v2', outcome: 'FAILED' })
    const { main } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, branch: 'feature/login' }),
      post: false
    })
    expect(e2e.requests('GET', '/runs/find').map(r => r.query)).toEqual([
      { projectId, branch: 'feature/login' }
    ])
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'passed' })
    expect(main.code).toBe(0)
  })

  it('finds the run by a branch prefix ending in *', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({ projectId, branch: 'release/2.4' })
    e2e.sim.currents.addRun({ projectId, branch: 'main', outcome: 'FAILED' })
    const { main } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, branch: 'release/*' }),
      post: false
    })
    expect(e2e.requests('GET', '/runs/find').map(r => r.query)).toEqual([
      { projectId, branch: 'release/*' }
    ])
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'passed' })
  })

  it('finds the run by tags, sent as repeated tags[]', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({ projectId, tags: ['smoke', 'nightly', 'eu'] })
    e2e.sim.currents.addRun({ projectId, tags: ['smoke'], outcome: 'FAILED' })
    const { main } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, tags: 'smoke,\nnightly' }),
      post: false
    })
    expect(e2e.requests('GET', '/runs/find').map(r => r.query)).toEqual([
      { projectId, 'tags[]': ['smoke', 'nightly'] }
    ])
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'passed' })
  })

  it('reads a run given by run-id directly, without find', async () => {
    // The run ends only after the gate has read it twice: no race with a loaded machine's clock.
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: Infinity })
    const step = runAction({ inputs: e2e.inputs({ 'run-id': runId }), post: false })
    await e2e.sim.waitForRequest(() => e2e.requests('GET', `/runs/${runId}`).length >= 2, 30_000)
    e2e.sim.currents.complete(runId)
    const { main } = await step
    expect(main.code).toBe(0)
    const reads = e2e.requests()
    expect(reads.length).toBeGreaterThanOrEqual(2)
    expect(reads.every(r => r.method === 'GET' && r.path === `/runs/${runId}`)).toBe(true)
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'passed', result: 'PASSED' })
  })
})

describe('Currents gate: failing', () => {
  const failedSpecs = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({
      spec: `cypress/e2e/${prefix}/case-${i + 1}.cy.ts`,
      failures: 1 + (i % 3),
      machineId: `m-${i % 4}`
    }))

  it('fails on a FAILED run: one verdict line and one annotation per failed test, at its line', async () => {
    const failed = failedSpecs(3, 'cart')
    const runId = e2e.sim.currents.addRun({
      projectId: e2e.project(),
      outcome: 'FAILED',
      specs: [{ spec: 'cypress/e2e/home.cy.ts' }, ...failed]
    })
    const { main } = await runAction({ inputs: e2e.inputs({ 'run-id': runId }), post: false })
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({ status: 'failed', result: 'FAILED', failed: '6' })
    const verdicts = verdictLines(main.stdout)
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]).toContain(`Currents run ${runId} failed`)
    const annotations = fileAnnotations(main.stdout)
    // Spec i has 1 + (i % 3) failed tests, the j-th at line 12 + 9j (simulator).
    expect(annotations.map(a => [a.properties.file, a.properties.line])).toEqual([
      [failed[0].spec, '12'],
      [failed[1].spec, '12'],
      [failed[1].spec, '21'],
      [failed[2].spec, '12'],
      [failed[2].spec, '21'],
      [failed[2].spec, '30']
    ])
    expect(annotations[2].properties.title).toBe('case-2 › case 2')
  })

  it('annotates 9 failed tests and lists every failed spec in the summary', async () => {
    const failed = failedSpecs(15, 'many')
    const runId = e2e.sim.currents.addRun({
      projectId: e2e.project(),
      outcome: 'FAILED',
      specs: failed
    })
    const { main } = await runAction({ inputs: e2e.inputs({ 'run-id': runId }), post: false })
    expect(main.code).toBe(1)
    expect(verdictLines(main.stdout)).toHaveLength(1)
    const tests = failed.slice(0, 10).flatMap(s => Array<string>(s.failures).fill(s.spec))
    expect(fileAnnotations(main.stdout).map(a => a.properties.file)).toEqual(tests.slice(0, 9))
    expect(main.summary).toContain(`Failed tests (${tests.length})`)
    expect(main.summary).toContain('Failed (15)')
    for (const s of failed) expect(main.summary).toContain(s.spec)
  })

  it('keeps a spec path with commas and colons inside one annotation; one with a newline has no file', async () => {
    const odd = 'cypress/e2e/a,b::c%0A.cy.ts'
    // Issue 20: a file with a control character is no repository path; the test is still named.
    const hostile = `${odd}\n::error::injected`
    const runId = e2e.sim.currents.addRun({
      projectId: e2e.project(),
      outcome: 'FAILED',
      specs: [
        { spec: odd, failures: 1 },
        { spec: hostile, failures: 1 }
      ]
    })
    const { main } = await runAction({ inputs: e2e.inputs({ 'run-id': runId }), post: false })
    expect(main.code).toBe(1)
    expect(fileAnnotations(main.stdout).map(a => a.properties.file)).toEqual([odd, undefined])
    expect(verdictLines(main.stdout)).toHaveLength(1)
    expect(main.summary).not.toContain('\n::error::injected')
  })

  it('ends cancelled and fails on a CANCELED run even when its status says PASSED', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), outcome: 'CANCELED' })
    const { main } = await runAction({ inputs: e2e.inputs({ 'run-id': runId }), post: false })
    expect(e2e.sim.currents.view(runId)).toMatchObject({
      completionState: 'CANCELED',
      status: 'PASSED'
    })
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({ status: 'cancelled', result: 'PASSED' })
    expect(verdictLines(main.stdout)).toHaveLength(1)
  })

  it('ends timed-out and fails on a TIMEOUT run', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), outcome: 'TIMEOUT' })
    const { main } = await runAction({ inputs: e2e.inputs({ 'run-id': runId }), post: false })
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('timed-out')
    expect(verdictLines(main.stdout)).toHaveLength(1)
    expect(verdictLines(main.stdout)[0]).toMatch(/^::error::Currents run \w+ timed out \(PASSED\)/)
  })
})

describe('Currents gate: check run', () => {
  it('creates the check on the pull request head and completes it with the result', async () => {
    const projectId = e2e.project()
    const head = 'feedface00000000000000000000000000000042'
    const runId = e2e.sim.currents.addRun({
      projectId,
      ciBuildId: DEFAULT_BUILD_ID,
      outcome: 'FAILED',
      durationMs: 1000
    })
    const { main } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, 'check-name': 'e2e' }),
      env: { GITHUB_API_URL: e2e.sim.githubUrl },
      event: { pull_request: { head: { sha: head } } },
      post: false
    })
    expect(main.code).toBe(1)
    const check = e2e.sim.github.getCheck(Number(main.outputs['check-run-id']))
    expect(check?.current).toMatchObject({
      name: 'e2e',
      head_sha: head,
      status: 'completed',
      conclusion: 'failure',
      details_url: `https://app.currents.dev/run/${runId}`
    })
    expect(check?.history.map(h => h.method)).toEqual(['POST', 'PATCH'])
    expect(check?.history[0].body).toMatchObject({ status: 'in_progress' })
  })
})
