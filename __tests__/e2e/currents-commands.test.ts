/**
 * The Currents commands other than the gate (cancel, reset, delete, status) and the inputs
 * that are refused before any request.
 */
import { describe, expect, it } from '@jest/globals'
import { GITHUB_RUN, fileAnnotations, useCurrentsSim, verdictLines } from './currents-helpers.js'
import { runAction } from './runner.js'

const e2e = useCurrentsSim()

describe('Currents cancel', () => {
  it('cancels the run given by run-id', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: Infinity })
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'cancel', 'run-id': runId })
    })
    expect(main.code).toBe(0)
    expect(e2e.requests().map(r => [r.method, r.path, r.body])).toEqual([
      ['PUT', `/runs/${runId}/cancel`, '']
    ])
    expect(e2e.sim.currents.view(runId)?.completionState).toBe('CANCELED')
    expect(main.stdout).toContain(`Cancelled Currents run ${runId}`)
  })

  it('succeeds when the run was already cancelled (422)', async () => {
    const runId = e2e.sim.currents.addRun({
      projectId: e2e.project(),
      outcome: 'CANCELED',
      durationMs: 0
    })
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'cancel', 'run-id': runId }),
      post: false
    })
    expect(e2e.requests('PUT', `/runs/${runId}/cancel`)).toHaveLength(1)
    expect(main.code).toBe(0)
    expect(verdictLines(main.stdout)).toEqual([])
    expect(main.stdout).toContain('had already finished')
  })

  it('without run-id, cancels the runs of this GitHub run and attempt', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({ projectId, durationMs: Infinity, ...GITHUB_RUN })
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'cancel', 'project-id': projectId }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(e2e.requests().map(r => [r.method, r.path, r.body])).toEqual([
      // Both GitHub ids as JSON strings, as Currents' own cancel action sends them (API.md).
      [
        'PUT',
        '/runs/cancel-ci/github',
        {
          githubRunId: GITHUB_RUN.githubRunId,
          githubRunAttempt: String(GITHUB_RUN.githubRunAttempt),
          projectId
        }
      ]
    ])
    expect(e2e.sim.currents.view(runId)?.completionState).toBe('CANCELED')
  })
})

describe('Currents reset', () => {
  it('resets the machines given in machine-ids', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), outcome: 'FAILED' })
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'reset', 'run-id': runId, 'machine-ids': 'm-a, m-b\nm-c' }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(e2e.requests().map(r => [r.method, r.path, r.body])).toEqual([
      ['PUT', `/runs/${runId}/reset`, { machineId: ['m-a', 'm-b', 'm-c'] }]
    ])
  })

  it('sends isBatchedOr8n: true in every batch with batched-orchestration', async () => {
    const machines = Array.from({ length: 70 }, (_, i) => `machine-${i + 1}`)
    const runId = e2e.sim.currents.addRun({
      projectId: e2e.project(),
      outcome: 'FAILED',
      durationMs: 0,
      specs: machines.map((machineId, i) => ({ spec: `s-${i}.spec.ts`, machineId, failures: 1 }))
    })
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'reset', 'run-id': runId, 'batched-orchestration': 'true' }),
      post: false
    })
    expect(main.code).toBe(0)
    const bodies = e2e.requests('PUT', `/runs/${runId}/reset`).map(r => r.body)
    expect(bodies).toEqual([
      { machineId: machines.slice(0, 63), isBatchedOr8n: true },
      { machineId: machines.slice(63), isBatchedOr8n: true }
    ])
    expect(e2e.sim.currents.getRun(runId)?.resets.map(r => r.isBatchedOr8n)).toEqual([true, true])
  })

  it('never sends isBatchedOr8n without batched-orchestration', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), outcome: 'FAILED' })
    const { main } = await runAction({
      inputs: e2e.inputs({
        command: 'reset',
        'run-id': runId,
        'machine-ids': 'm-a',
        'batched-orchestration': 'false'
      }),
      post: false
    })
    expect(main.code).toBe(0)
    const bodies = e2e.requests('PUT', `/runs/${runId}/reset`).map(r => r.body)
    expect(bodies).toEqual([{ machineId: ['m-a'] }])
    expect(bodies.every(b => !Object.hasOwn(b as object, 'isBatchedOr8n'))).toBe(true)
  })

  it('without machine-ids, resets each machine of the failed specs once', async () => {
    const runId = e2e.sim.currents.addRun({
      projectId: e2e.project(),
      outcome: 'FAILED',
      durationMs: 0,
      specs: [
        { spec: 'a.cy.ts', machineId: 'm-pass' },
        { spec: 'b.cy.ts', machineId: 'm-1', failures: 1 },
        { spec: 'c.cy.ts', machineId: 'm-2', failures: 2 },
        { spec: 'd.cy.ts', machineId: 'm-1', failures: 1 },
        { spec: 'e.cy.ts', machineId: '', failures: 1 },
        { spec: 'f.cy.ts', machineId: 'm-pass' }
      ]
    })
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'reset', 'run-id': runId }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(e2e.requests().map(r => [r.method, r.path])).toEqual([
      ['GET', `/runs/${runId}`],
      ['PUT', `/runs/${runId}/reset`]
    ])
    const body = e2e.requests('PUT')[0].body as { machineId: string[] }
    expect([...body.machineId].sort()).toEqual(['m-1', 'm-2'])
    expect(main.stdout).toContain('\nReset 2 machines of Currents run ')
  })

  it('sends the machines of failed specs in batches of at most 63', async () => {
    const machines = Array.from({ length: 70 }, (_, i) => `machine-${i + 1}`)
    const runId = e2e.sim.currents.addRun({
      projectId: e2e.project(),
      outcome: 'FAILED',
      durationMs: 0,
      specs: machines.map((machineId, i) => ({ spec: `s-${i}.cy.ts`, machineId, failures: 1 }))
    })
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'reset', 'run-id': runId }),
      post: false
    })
    expect(main.code).toBe(0)
    const batches = e2e
      .requests('PUT', `/runs/${runId}/reset`)
      .map(r => (r.body as { machineId: string[] }).machineId)
    expect(batches.map(b => b.length)).toEqual([63, 7])
    const sent = batches.flat()
    expect(new Set(sent).size).toBe(sent.length)
    expect([...sent].sort()).toEqual([...machines].sort())
  })
})

describe('Currents delete and status', () => {
  it('deletes the run, after which status of it fails with not found', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project() })
    const deleted = await runAction({
      inputs: e2e.inputs({ command: 'delete', 'run-id': runId }),
      post: false
    })
    expect(deleted.main.code).toBe(0)
    expect(e2e.requests().map(r => [r.method, r.path])).toEqual([['DELETE', `/runs/${runId}`]])
    expect(e2e.sim.currents.getRun(runId)?.deleted).toBe(true)
    const status = await runAction({
      inputs: e2e.inputs({ command: 'status', 'run-id': runId }),
      post: false
    })
    expect(status.main.code).toBe(1)
    const verdicts = verdictLines(status.main.stdout)
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]).toMatch(/not found/i)
    expect(verdicts[0]).toContain(runId)
  })

  it('delete succeeds when its answer is lost and the repeat gets 404', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project() })
    e2e.sim.faults.add({
      service: 'currents',
      method: 'DELETE',
      path: `/runs/${runId}`,
      kind: 'drop-after-handling'
    })
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'delete', 'run-id': runId }),
      post: false
    })
    expect(e2e.requests('DELETE', `/runs/${runId}`)).toHaveLength(2)
    expect(main.code).toBe(0)
    expect(verdictLines(main.stdout)).toEqual([])
    expect(e2e.sim.currents.getRun(runId)?.deleted).toBe(true)
  })

  it('delete of an unknown run fails with not found', async () => {
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'delete', 'run-id': 'no-such-run' }),
      post: false
    })
    expect(e2e.requests('DELETE')).toHaveLength(1)
    expect(main.code).toBe(1)
    const verdicts = verdictLines(main.stdout)
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]).toMatch(/delete Currents run no-such-run: not found/)
  })

  it('status reads a failed run once, sets the outputs, and exits 0', async () => {
    const runId = e2e.sim.currents.addRun({
      projectId: e2e.project(),
      outcome: 'FAILED',
      failedSpecs: 2,
      durationMs: 0
    })
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'status', 'run-id': runId })
    })
    expect(main.code).toBe(0)
    expect(e2e.requests().map(r => [r.method, r.path])).toEqual([['GET', `/runs/${runId}`]])
    expect(main.outputs).toMatchObject({
      'run-id': runId,
      status: 'failed',
      result: 'FAILED',
      failed: '2'
    })
    expect(verdictLines(main.stdout)).toEqual([])
    // A status read is not a gate: no error annotations for the run's failed specs.
    expect(fileAnnotations(main.stdout)).toEqual([])
  })

  it('status does not wait for a run in progress', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: Infinity })
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'status', 'run-id': runId }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'running', result: 'RUNNING' })
    expect(e2e.requests()).toHaveLength(1)
  })

  it('says that a run in progress with failed tests already is failing', async () => {
    const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: Infinity })
    e2e.sim.currents.setRunField(runId, 'status', 'FAILING')
    e2e.sim.currents.setRunField(runId, 'groups', [
      { groupId: 'g', tests: { overall: 4, passes: 3, failures: 1, pending: 0, skipped: 0 } }
    ])
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'status', 'run-id': runId }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.stdout).toContain(`\nCurrents run ${runId} is failing (FAILING)\n`)
    e2e.sim.currents.complete(runId, 'FAILED')
  })
})

describe('Currents bad input', () => {
  const many = Array.from({ length: 64 }, (_, i) => `m-${i}`).join(',')
  it.each([
    ['project-id', 'is missing for run', {}],
    ['project-id', 'is missing for cancel-hook', { command: 'cancel-hook' }],
    ['machine-ids', 'has 64 ids', { command: 'reset', 'run-id': 'r1', 'machine-ids': many }],
    ['branch', 'has a space', { 'project-id': 'p', branch: 'feature/my branch' }],
    ['test-plan-id', 'is a testsigma input', { 'project-id': 'p', 'test-plan-id': '274' }],
    ['run-id', 'is missing for reset', { command: 'reset' }]
  ])("fails before any request when '%s' %s", async (input, _why, more) => {
    const { main, post } = await runAction({ inputs: e2e.inputs(more) })
    expect(main.code).toBe(1)
    const verdicts = verdictLines(main.stdout)
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]).toContain(`Input '${input}'`)
    expect(post?.code).toBe(0)
    expect(e2e.requests()).toEqual([])
  })
})
