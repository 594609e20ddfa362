/**
 * Cancelling Currents runs as the runner drives it: SIGINT to the gate, a killed gate (whose
 * post cancels the run it waited for, by id, and only that one), and the `cancel-hook` command
 * whose post step cancels the runs of a cancelled workflow by GitHub run.
 */
import { describe, expect, it } from '@jest/globals'
import {
  DEFAULT_BUILD_ID,
  GITHUB_RUN,
  GITHUB_RUN_BODY,
  httpLogLines,
  useCurrentsSim,
  verdictLines
} from './currents-helpers.js'
import { runAction } from './runner.js'

const e2e = useCurrentsSim()

/** An endless run of this GitHub run and attempt, as the Currents recorder would create it. */
const endlessRun = (projectId: string, more: { runId?: string; ciBuildId?: string } = {}) =>
  e2e.sim.currents.addRun({
    projectId,
    ciBuildId: DEFAULT_BUILD_ID,
    durationMs: Infinity,
    ...GITHUB_RUN,
    ...more
  })

/** Resolves (and notes when) once the action has polled this run: the gate is now waiting. */
function pollOf(runId: string) {
  const seen = { at: 0 }
  const when = async () => {
    await e2e.sim.waitForRequest(r => r.method === 'GET' && r.path === `/runs/${runId}`, 10_000)
    seen.at = Date.now()
  }
  return { when, seen }
}

describe('Currents gate: cancellation', () => {
  it('cancels the run at once on SIGINT, ends cancelled, and post does not cancel again', async () => {
    const projectId = e2e.project()
    const runId = endlessRun(projectId)
    const poll = pollOf(runId)
    const { main, post } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId }),
      cancel: { when: poll.when }
    })
    expect(main.signal).toBeNull()
    expect(main.code).not.toBe(0)
    const cancels = e2e.requests('PUT', `/runs/${runId}/cancel`)
    expect(cancels).toHaveLength(1)
    expect(cancels[0].body).toBe('')
    expect(cancels[0].at - poll.seen.at).toBeLessThan(3000)
    expect(main.ms - (main.sigintAt ?? 0)).toBeLessThan(5000)
    expect(e2e.sim.currents.view(runId)?.completionState).toBe('CANCELED')
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'cancelled' })
    expect(main.state.phase).toBe('done')
    expect(verdictLines(main.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::Currents run ${runId} was cancelled because the workflow was cancelled`
        )
      )
    ])
    expect(post?.code).toBe(0)
    expect(e2e.requests('PUT', '/runs/cancel-ci/github')).toEqual([])
  })

  it('takes a 422 to a repeated cancel as done', async () => {
    const projectId = e2e.project()
    const runId = endlessRun(projectId)
    // The first cancel is carried out, but its answer is lost: the retry gets 422.
    e2e.sim.faults.add({
      service: 'currents',
      method: 'PUT',
      path: `/runs/${runId}/cancel`,
      kind: 'drop-after-handling'
    })
    const poll = pollOf(runId)
    const { main, post } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId }),
      cancel: { when: poll.when }
    })
    expect(e2e.requests('PUT', `/runs/${runId}/cancel`)).toHaveLength(2)
    expect(main.code).not.toBe(0)
    expect(main.outputs.status).toBe('cancelled')
    expect(main.state.phase).toBe('done')
    expect(main.stdout).toContain('had already finished')
    expect(main.stdout).not.toMatch(/could not stop/i)
    expect(post?.code).toBe(0)
    expect(e2e.requests('PUT', '/runs/cancel-ci/github')).toEqual([])
  })

  it('post cancels the run it waited for, by its id, when main was killed mid-wait', async () => {
    const projectId = e2e.project()
    const runId = endlessRun(projectId)
    const { main, post } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId }),
      cancel: { kill: true, when: pollOf(runId).when },
      jobStatus: 'failure'
    })
    expect(main.signal).toBe('SIGKILL')
    expect(main.state).toMatchObject({ phase: 'waiting', runId })
    expect(e2e.requests().filter(r => r.method !== 'GET')).toEqual([
      expect.objectContaining({ method: 'PUT', path: `/runs/${runId}/cancel`, body: '' })
    ])
    expect(e2e.sim.currents.getRun(runId)?.canceled?.via).toBe('cancel')
    expect(post?.code).toBe(0)
    expect(post?.stdout).toContain(`Post: cancelled Currents run ${runId}`)
  })

  it('a gate killed by its step timeout cancels its own run only, not the other runs of the attempt', async () => {
    const projectId = e2e.project()
    // Two jobs of the same GitHub run attempt record two runs under their own ciBuildIds.
    const mine = endlessRun(projectId, { ciBuildId: 'e2e-web' })
    const sibling = endlessRun(projectId, { ciBuildId: 'e2e-api' })
    const { main, post } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, 'ci-build-id': 'e2e-web' }),
      // A step timeout past the grace: main dies; the job is not cancelled (job-status failure).
      cancel: { kill: true, when: pollOf(mine).when },
      jobStatus: 'failure'
    })
    expect(main.signal).toBe('SIGKILL')
    expect(main.state).toMatchObject({ phase: 'waiting', runId: mine })
    expect(post?.code).toBe(0)
    expect(e2e.requests().filter(r => r.method !== 'GET')).toEqual([
      expect.objectContaining({ method: 'PUT', path: `/runs/${mine}/cancel` })
    ])
    expect(e2e.requests('PUT', '/runs/cancel-ci/github')).toEqual([])
    expect(e2e.sim.currents.view(mine)?.completionState).toBe('CANCELED')
    expect(e2e.sim.currents.view(sibling)?.completionState).toBe('IN_PROGRESS')
  })

  it('post cancels a run given by run-id by its id, whichever workflow run recorded it', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({
      projectId,
      ciBuildId: 'nightly-77',
      durationMs: Infinity,
      githubRunId: '999',
      githubRunAttempt: 3
    })
    const { main, post } = await runAction({
      inputs: e2e.inputs({ 'run-id': runId }),
      // The second read: the first is the attach, before the run id is saved for post.
      cancel: {
        kill: true,
        when: () =>
          e2e.sim.waitForRequest(
            r =>
              r.method === 'GET' &&
              r.path === `/runs/${runId}` &&
              e2e.requests('GET', `/runs/${runId}`).length >= 2,
            10_000
          )
      },
      jobStatus: 'failure'
    })
    expect(main.signal).toBe('SIGKILL')
    expect(e2e.requests('PUT', '/runs/cancel-ci/github')).toEqual([])
    expect(e2e.requests('PUT', `/runs/${runId}/cancel`)).toHaveLength(1)
    expect(e2e.sim.currents.getRun(runId)?.canceled).toBeTruthy()
    expect(post?.code).toBe(0)
  })

  it('post of a gate killed while still looking cancels by GitHub run, with its ci-build-id', async () => {
    const projectId = e2e.project()
    const target = endlessRun(projectId, { ciBuildId: 'e2e-web' })
    const sibling = endlessRun(projectId, { ciBuildId: 'e2e-api' })
    // find never answers usefully: the gate is still looking when it is killed.
    e2e.sim.faults.add({
      service: 'currents',
      method: 'GET',
      path: '/runs/find',
      kind: 'status',
      status: 503,
      times: Infinity
    })
    const { main, post } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, 'ci-build-id': 'e2e-web' }),
      cancel: {
        kill: true,
        when: () =>
          e2e.sim.waitForRequest(
            r => r.path === '/runs/find' && r.query.projectId === projectId,
            10_000
          )
      },
      jobStatus: 'failure'
    })
    expect(main.signal).toBe('SIGKILL')
    expect(main.state).toEqual({ phase: 'waiting' })
    expect(post?.code).toBe(0)
    expect(e2e.requests().filter(r => r.method !== 'GET')).toEqual([
      expect.objectContaining({
        path: '/runs/cancel-ci/github',
        body: { ...GITHUB_RUN_BODY, projectId, ciBuildId: 'e2e-web' }
      })
    ])
    expect(e2e.sim.currents.view(target)?.completionState).toBe('CANCELED')
    expect(e2e.sim.currents.view(sibling)?.completionState).toBe('IN_PROGRESS')
  })

  it('on SIGINT before the run is recorded, ends cancelled and post cancels by GitHub run', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({
      projectId,
      ciBuildId: DEFAULT_BUILD_ID,
      recordAfterMs: 5000,
      durationMs: Infinity,
      ...GITHUB_RUN
    })
    const { main, post } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId }),
      cancel: {
        when: () =>
          e2e.sim.waitForRequest(
            r => r.path === '/runs/find' && r.query.projectId === projectId,
            10_000
          )
      }
    })
    expect(main.signal).toBeNull()
    expect(main.code).not.toBe(0)
    expect(main.outputs.status).toBe('cancelled')
    expect(main.state.phase).toBe('waiting')
    expect(post?.code).toBe(0)
    expect(e2e.requests().filter(r => r.method !== 'GET')).toEqual([
      expect.objectContaining({
        path: '/runs/cancel-ci/github',
        body: { ...GITHUB_RUN_BODY, projectId }
      })
    ])
    // Not recorded yet when post ran: nothing matched, and post said so without failing.
    expect(post?.stdout).toMatch(/nothing to cancel/i)
    expect(e2e.sim.currents.getRun(runId)?.canceled).toBeUndefined()
  })

  it('post makes no request after a gate that passed', async () => {
    const projectId = e2e.project()
    e2e.sim.currents.addRun({ projectId, ciBuildId: DEFAULT_BUILD_ID, ...GITHUB_RUN })
    const { main, post } = await runAction({ inputs: e2e.inputs({ 'project-id': projectId }) })
    expect(main.code).toBe(0)
    expect(post?.code).toBe(0)
    // Every request post could make is a write; main only reads.
    expect(e2e.requests().filter(r => r.method !== 'GET')).toEqual([])
    expect(httpLogLines(post?.stdout ?? '')).toEqual([])
  })
})

describe('Currents cancel-hook', () => {
  it('main arms the hook at once without any request', async () => {
    const { main } = await runAction({
      inputs: e2e.inputs({ command: 'cancel-hook', 'project-id': e2e.project() }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.ms).toBeLessThan(5000)
    expect(main.state.phase).toBe('hook')
    expect(e2e.requests()).toEqual([])
    expect(verdictLines(main.stdout)).toEqual([])
    // Nothing in the job summary while nothing happened: "armed" is for the log only.
    expect(main.summary).toBe('')
    expect(main.stdout).toContain(
      'Cancellation hook armed: if this workflow run is cancelled, the post step cancels its Currents runs'
    )
  })

  it('post makes no request when the job succeeded', async () => {
    const projectId = e2e.project()
    const runId = endlessRun(projectId)
    const { main, post } = await runAction({
      inputs: e2e.inputs({ command: 'cancel-hook', 'project-id': projectId }),
      jobStatus: 'success'
    })
    expect(main.code).toBe(0)
    expect(post?.code).toBe(0)
    expect(e2e.requests()).toEqual([])
    expect(e2e.sim.currents.view(runId)?.completionState).toBe('IN_PROGRESS')
  })

  it("post cancels this GitHub run's in-progress runs of the project when the job was cancelled", async () => {
    const projectId = e2e.project()
    const mine = [endlessRun(projectId), endlessRun(projectId, { ciBuildId: 'other-build' })]
    const otherProject = endlessRun(e2e.project())
    const otherAttempt = e2e.sim.currents.addRun({
      projectId,
      durationMs: Infinity,
      githubRunId: '4242',
      githubRunAttempt: 2
    })
    const { main, post } = await runAction({
      inputs: e2e.inputs({ command: 'cancel-hook', 'project-id': projectId }),
      jobStatus: 'cancelled'
    })
    expect(main.code).toBe(0)
    expect(post?.code).toBe(0)
    expect(e2e.requests().map(r => [r.method, r.path])).toEqual([['PUT', '/runs/cancel-ci/github']])
    expect(e2e.requests()[0].body).toEqual({ ...GITHUB_RUN_BODY, projectId })
    for (const id of mine) expect(e2e.sim.currents.view(id)?.completionState).toBe('CANCELED')
    for (const id of [otherProject, otherAttempt])
      expect(e2e.sim.currents.view(id)?.completionState).toBe('IN_PROGRESS')
  })

  it('post sends ciBuildId when the ci-build-id input is set', async () => {
    const projectId = e2e.project()
    const target = endlessRun(projectId, { ciBuildId: 'shard-build-9' })
    const sibling = endlessRun(projectId)
    const { post } = await runAction({
      inputs: e2e.inputs({
        command: 'cancel-hook',
        'project-id': projectId,
        'ci-build-id': 'shard-build-9'
      }),
      jobStatus: 'cancelled'
    })
    expect(post?.code).toBe(0)
    expect(e2e.requests('PUT', '/runs/cancel-ci/github').map(r => r.body)).toEqual([
      { ...GITHUB_RUN_BODY, projectId, ciBuildId: 'shard-build-9' }
    ])
    expect(e2e.sim.currents.view(target)?.completionState).toBe('CANCELED')
    expect(e2e.sim.currents.view(sibling)?.completionState).toBe('IN_PROGRESS')
  })

  it('post says there is nothing to cancel when no run matches (404), and does not fail', async () => {
    const { post } = await runAction({
      inputs: e2e.inputs({ command: 'cancel-hook', 'project-id': e2e.project() }),
      jobStatus: 'cancelled'
    })
    expect(e2e.requests('PUT', '/runs/cancel-ci/github')).toHaveLength(1)
    expect(post?.code).toBe(0)
    expect(post?.stdout).toMatch(/nothing to cancel/i)
    expect(post?.stdout).not.toContain('::warning')
    expect(verdictLines(post?.stdout ?? '')).toEqual([])
  })
})

describe('A cancelled workflow: hooks plus gate', () => {
  it.each([
    ['the gate is signalled', false],
    ['the gate runs in a container (no signal, killed)', true]
  ])('leaves none of its runs in progress when %s', async (_how, container) => {
    const projectId = e2e.project()
    // The runs of this attempt: the Cypress matrix's (default ciBuildId) and an API suite's.
    const cypress = endlessRun(projectId)
    const api = endlessRun(projectId, { ciBuildId: 'api-suite' })
    // Not this workflow run's, not this project's: they go on.
    const otherRun = e2e.sim.currents.addRun({
      projectId,
      durationMs: Infinity,
      githubRunId: '999',
      githubRunAttempt: 1
    })
    const otherProject = endlessRun(e2e.project())

    const gate = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId }),
      cancel: { kill: container, when: pollOf(cypress).when },
      jobStatus: 'cancelled'
    })
    const hooks = [
      await runAction({
        inputs: e2e.inputs({ command: 'cancel-hook', 'project-id': projectId }),
        jobStatus: 'cancelled'
      }),
      await runAction({
        inputs: e2e.inputs({
          command: 'cancel-hook',
          'project-id': projectId,
          'ci-build-id': 'api-suite'
        }),
        jobStatus: 'cancelled'
      })
    ]

    expect(gate.main.code).not.toBe(0)
    expect(gate.post?.code).toBe(0)
    for (const hook of hooks) {
      expect(hook.main.code).toBe(0)
      expect(hook.post?.code).toBe(0)
    }
    // The gate's run is cancelled by its id (by main, or by post in a container) ...
    expect(e2e.requests('PUT', `/runs/${cypress}/cancel`)).toHaveLength(1)
    expect(e2e.sim.currents.getRun(cypress)?.canceled?.via).toBe('cancel')
    // ... and the hooks cancel by GitHub run what is still in progress.
    expect(e2e.requests('PUT', '/runs/cancel-ci/github').map(r => r.body)).toEqual([
      { ...GITHUB_RUN_BODY, projectId },
      { ...GITHUB_RUN_BODY, projectId, ciBuildId: 'api-suite' }
    ])
    for (const id of [cypress, api])
      expect(e2e.sim.currents.view(id)?.completionState).toBe('CANCELED')
    for (const id of [otherRun, otherProject])
      expect(e2e.sim.currents.view(id)?.completionState).toBe('IN_PROGRESS')
  })
})
