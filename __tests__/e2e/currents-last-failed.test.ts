/**
 * `command: last-failed` (SPEC.md "Rerunning only what failed, with Playwright"): on a rerun
 * attempt, one find with pwLastRun=true for the previous attempt's ciBuildId, its answer written
 * as `<pw-output-dir>/.last-run.json`, and `extra-pw-flags: --last-failed`; otherwise no file,
 * no flag, exit 0. No post work in any case.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useCurrentsSim, verdictLines } from './currents-helpers.js'
import { type RunOptions, runAction } from './runner.js'

const e2e = useCurrentsSim()

/** The harness's run 4242 of acme/shop: attempt 1's ciBuildId, which attempt 2 reads. */
const PREVIOUS_BUILD_ID = 'acme/shop-4242-1'
const ATTEMPT_2 = { GITHUB_RUN_ATTEMPT: '2' }

let workspace: string
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'trg-last-failed-'))
})
afterEach(() => rmSync(workspace, { recursive: true, force: true }))

/** A finished Playwright run with failed tests, recorded by attempt 1 of this workflow run. */
function failedRun(
  projectId: string,
  ciBuildId = PREVIOUS_BUILD_ID,
  nestedLastRun = false
): string {
  return e2e.sim.currents.addRun({
    nestedLastRun,
    projectId,
    ciBuildId,
    outcome: 'FAILED',
    durationMs: 0,
    githubRunId: '4242',
    githubRunAttempt: 1,
    specs: [
      { spec: 'checkout.spec.ts', failures: 2 },
      { spec: 'search.spec.ts' },
      { spec: 'cart.spec.ts', failures: 1 }
    ]
  })
}

function lastFailed(
  projectId: string,
  more: Record<string, string> = {},
  opts: Partial<RunOptions> = {}
) {
  return runAction({
    inputs: e2e.inputs({ command: 'last-failed', 'project-id': projectId, ...more }),
    env: ATTEMPT_2,
    workspace,
    ...opts
  })
}

const lastRunFile = (dir = 'test-results') => join(workspace, dir, '.last-run.json')

describe('last-failed on a rerun attempt', () => {
  it("writes the previous attempt's .last-run.json and sets --last-failed, with one request", async () => {
    const projectId = e2e.project()
    const runId = failedRun(projectId)
    const { main, post } = await lastFailed(projectId)
    expect(main.code).toBe(0)
    expect(verdictLines(main.stdout)).toEqual([])
    expect(e2e.requests().map(r => [r.method, r.path, r.query])).toEqual([
      ['GET', '/runs/find', { projectId, ciBuildId: PREVIOUS_BUILD_ID, pwLastRun: 'true' }]
    ])
    const written = JSON.parse(readFileSync(lastRunFile(), 'utf8')) as { failedTests: string[] }
    expect(written).toEqual(e2e.sim.currents.lastRun(runId))
    expect(written.failedTests).toHaveLength(3)
    expect(main.outputs['extra-pw-flags']).toBe('--last-failed')
    expect(main.stdout).toContain('Wrote the 3 failed tests')
    // Nothing for post: no state, no request, whatever the job's status.
    expect(main.state).toEqual({})
    expect(post?.code).toBe(0)
    expect(e2e.requests()).toHaveLength(1)
  })

  it('gives post nothing to do even when the job is cancelled', async () => {
    const projectId = e2e.project()
    failedRun(projectId)
    const { main, post } = await lastFailed(projectId, {}, { jobStatus: 'cancelled' })
    expect(main.code).toBe(0)
    expect(post?.code).toBe(0)
    expect(e2e.requests().map(r => r.path)).toEqual(['/runs/find'])
    expect(post?.stdout).toContain('Post: nothing to do (main did not start a run)')
  })

  it('leaves only the file in the folder (the temporary file was renamed)', async () => {
    const projectId = e2e.project()
    failedRun(projectId)
    await lastFailed(projectId, {}, { post: false })
    expect(readdirSync(join(workspace, 'test-results'))).toEqual(['.last-run.json'])
  })

  it('writes into pw-output-dir, creating its folders', async () => {
    const projectId = e2e.project()
    const runId = failedRun(projectId)
    const { main } = await lastFailed(projectId, { 'pw-output-dir': 'e2e/out/results' })
    expect(main.code).toBe(0)
    expect(JSON.parse(readFileSync(lastRunFile('e2e/out/results'), 'utf8'))).toEqual(
      e2e.sim.currents.lastRun(runId)
    )
    expect(existsSync(lastRunFile())).toBe(false)
  })

  it('replaces a .last-run.json already there', async () => {
    const projectId = e2e.project()
    const runId = failedRun(projectId)
    await lastFailed(projectId, {}, { post: false })
    writeFileSync(lastRunFile(), '{"status":"failed","failedTests":["stale"]}')
    await lastFailed(projectId, {}, { post: false })
    expect(JSON.parse(readFileSync(lastRunFile(), 'utf8'))).toEqual(e2e.sim.currents.lastRun(runId))
  })

  it('writes the answer exactly, fields it does not know included', async () => {
    const projectId = e2e.project()
    const runId = failedRun(projectId)
    const data = { status: 'failed', failedTests: ['f1-t1'], warningTests: { 'f1-t1': [] } }
    e2e.sim.currents.setLastRun(runId, data)
    const { main } = await lastFailed(projectId, {}, { post: false })
    expect(main.code).toBe(0)
    expect(JSON.parse(readFileSync(lastRunFile(), 'utf8'))).toEqual(data)
  })

  it('writes the file of the newer answer, nested as data.pwLastRun beside the run', async () => {
    const projectId = e2e.project()
    const runId = failedRun(projectId, PREVIOUS_BUILD_ID, true)
    const { main } = await lastFailed(projectId, {}, { post: false })
    expect(main.code).toBe(0)
    const written = JSON.parse(readFileSync(lastRunFile(), 'utf8')) as Record<string, unknown>
    expect(written).toEqual(e2e.sim.currents.lastRun(runId))
    expect(written).not.toHaveProperty('runId')
    expect(main.outputs['extra-pw-flags']).toBe('--last-failed')
  })

  it('reads the run of ci-build-id when it is set', async () => {
    const projectId = e2e.project()
    failedRun(projectId)
    const runId = failedRun(projectId, 'custom-build-7')
    e2e.sim.currents.setLastRun(runId, { status: 'failed', failedTests: ['only-this'] })
    const { main } = await lastFailed(
      projectId,
      { 'ci-build-id': 'custom-build-7' },
      { post: false }
    )
    expect(e2e.requests('GET', '/runs/find').map(r => r.query.ciBuildId)).toEqual([
      'custom-build-7'
    ])
    expect(JSON.parse(readFileSync(lastRunFile(), 'utf8')).failedTests).toEqual(['only-this'])
    expect(main.outputs['extra-pw-flags']).toBe('--last-failed')
  })

  it('on attempt 3, reads attempt 2', async () => {
    const projectId = e2e.project()
    failedRun(projectId, 'acme/shop-4242-2')
    const { main } = await lastFailed(projectId, {}, { env: { GITHUB_RUN_ATTEMPT: '3' } })
    expect(e2e.requests('GET', '/runs/find').map(r => r.query.ciBuildId)).toEqual([
      'acme/shop-4242-2'
    ])
    expect(main.outputs['extra-pw-flags']).toBe('--last-failed')
  })
})

describe('last-failed with nothing to rerun: no file, empty flags, exit 0', () => {
  const nothing = (main: Awaited<ReturnType<typeof lastFailed>>['main']) => {
    expect(main.code).toBe(0)
    expect(verdictLines(main.stdout)).toEqual([])
    expect(main.outputs['extra-pw-flags']).toBe('')
    expect(existsSync(join(workspace, 'test-results'))).toBe(false)
    expect(main.state).toEqual({})
  }

  it('on attempt 1, without any request', async () => {
    const projectId = e2e.project()
    failedRun(projectId)
    const { main } = await lastFailed(projectId, {}, { env: { GITHUB_RUN_ATTEMPT: '1' } })
    nothing(main)
    expect(e2e.requests()).toEqual([])
    expect(main.stdout).toContain('every test runs')
  })

  it('when no run of the previous attempt was recorded (404), after one look at the project', async () => {
    const projectId = e2e.project()
    const { main } = await lastFailed(projectId)
    nothing(main)
    // Both names the reporters may have given the previous attempt's run, once each.
    expect(e2e.requests('GET', '/runs/find').map(r => r.query.ciBuildId)).toEqual([
      PREVIOUS_BUILD_ID,
      `pw:${PREVIOUS_BUILD_ID}`
    ])
    expect(e2e.requests('GET', `/projects/${projectId}`)).toHaveLength(1)
    expect(main.stdout).toContain(
      `No Currents run with ciBuildId ${PREVIOUS_BUILD_ID} or pw:${PREVIOUS_BUILD_ID} was found`
    )
  })

  it('when the previous run had no failed tests', async () => {
    const projectId = e2e.project()
    e2e.sim.currents.addRun({ projectId, ciBuildId: PREVIOUS_BUILD_ID, durationMs: 0 })
    const { main } = await lastFailed(projectId)
    nothing(main)
    expect(main.stdout).toContain('has no failed tests')
  })
})

describe('last-failed errors', () => {
  it('fails when the project does not exist (a wrong project-id or api-url), not "every test runs"', async () => {
    const { main } = await lastFailed('no-such-project')
    expect(main.code).toBe(1)
    expect(verdictLines(main.stdout)).toEqual([
      expect.stringMatching(
        /^::error::Currents project no-such-project was not found: .*Check project-id, and api-url/
      )
    ])
    expect(main.stdout).not.toContain('every test runs')
    expect(main.outputs['extra-pw-flags']).toBe('')
    expect(existsSync(join(workspace, 'test-results'))).toBe(false)
  })

  it('fails on an answer of the wrong shape, writing nothing', async () => {
    const projectId = e2e.project()
    const runId = failedRun(projectId)
    e2e.sim.currents.setLastRun(runId, { status: 'failed', failedTests: [1, 2] })
    const { main } = await lastFailed(projectId)
    expect(main.code).toBe(1)
    expect(verdictLines(main.stdout)).toEqual([expect.stringMatching(/not Playwright's last run/)])
    expect(main.outputs['extra-pw-flags']).toBe('')
    expect(existsSync(join(workspace, 'test-results'))).toBe(false)
  })

  it.each([401, 403])('fails on HTTP %s, writing nothing', async status => {
    const projectId = e2e.project()
    failedRun(projectId)
    e2e.sim.faults.add({
      service: 'currents',
      method: 'GET',
      path: '/runs/find',
      kind: 'json',
      status,
      body: { status: 'FAILED', error: 'Unauthorized' }
    })
    const { main } = await lastFailed(projectId)
    expect(main.code).toBe(1)
    expect(verdictLines(main.stdout)).toEqual([expect.stringContaining(`HTTP ${status}`)])
    expect(e2e.requests('GET', '/runs/find')).toHaveLength(1)
    expect(existsSync(join(workspace, 'test-results'))).toBe(false)
  })

  it('fails before any request, naming pw-output-dir, when the folder cannot be made', async () => {
    const projectId = e2e.project()
    failedRun(projectId)
    writeFileSync(join(workspace, 'blocked'), 'a file where the folder should be')
    const { main } = await lastFailed(projectId, { 'pw-output-dir': 'blocked/results' })
    expect(main.code).toBe(1)
    expect(verdictLines(main.stdout)).toEqual([
      expect.stringMatching(
        /^::error::Input 'pw-output-dir': 'blocked\/results' cannot be written: '.*blocked' is a file, not a folder$/
      )
    ])
    expect(e2e.requests()).toEqual([])
  })

  it('refuses a testsigma step before any request', async () => {
    const { main } = await runAction({
      inputs: { ...e2e.inputs({ command: 'last-failed' }), provider: 'testsigma' },
      env: ATTEMPT_2,
      workspace
    })
    expect(main.code).toBe(1)
    expect(verdictLines(main.stdout)).toEqual([expect.stringContaining("Input 'command'")])
    expect(e2e.requests()).toEqual([])
  })
})
