/**
 * The Currents gate while the run does not exist yet (find answers 404), and on a run of
 * 10,000 specs, run as the runner runs it, against the simulator.
 */
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

describe('Currents gate: a run that is not recorded yet', () => {
  it('keeps looking while find answers 404, then gates on the run', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({
      projectId,
      ciBuildId: DEFAULT_BUILD_ID,
      recordAfterMs: 1000
    })
    const recordedAt = e2e.sim.currents.getRun(runId)!.recordedAt
    const { main } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'passed' })
    const finds = e2e.requests('GET', '/runs/find')
    expect(finds.filter(r => r.at < recordedAt).length).toBeGreaterThanOrEqual(2)
    expect(main.stdout).toMatch(/no currents run recorded yet/i)
  })

  it('works when find answers only completed runs', async () => {
    const projectId = e2e.project()
    e2e.sim.currents.findCompletedOnly = true
    try {
      const runId = e2e.sim.currents.addRun({
        projectId,
        ciBuildId: DEFAULT_BUILD_ID,
        recordAfterMs: 300,
        durationMs: 1200,
        outcome: 'FAILED'
      })
      const { main } = await runAction({
        inputs: e2e.inputs({ 'project-id': projectId }),
        post: false
      })
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
    const verdicts = verdictLines(main.stdout)
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]).toMatch(/no currents run was found within wait-timeout/i)
    expect(verdicts[0]).toContain('project-id')
    expect(e2e.requests().every(r => r.method === 'GET' && r.path === '/runs/find')).toBe(true)
    expect(e2e.requests().length).toBeGreaterThanOrEqual(3)
    expect(post?.code).toBe(0)
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
    expect(verdicts[0]).toContain('wait-timeout passed')
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
