import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type RecordedRequest, type Simulator, startSimulator } from '../../sim/index.js'
import { OUTPUT_NAMES } from '../../src/report/outputs.js'
import { errorLines, githubWritesAfter, runAction } from './runner.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: 'chk-SECRET-key', githubToken: 'gh-token' })
})
afterAll(() => sim.close())

const inputs = (plan: number, more: Record<string, string> = {}) => ({
  provider: 'testsigma',
  'api-key': 'chk-SECRET-key',
  'api-url': sim.testsigmaUrl,
  'test-plan-id': String(plan),
  'poll-interval': '200ms',
  'max-poll-interval': '400ms',
  'check-name': `e2e-${plan}`,
  ...more
})
const env = () => ({ GITHUB_API_URL: sim.githubUrl, GITHUB_SERVER_URL: 'https://ghes.example.com' })

describe('check run (check-name)', () => {
  it('is created in progress on the head commit with a link to the run, then completed as success', async () => {
    sim.testsigma.addPlan(701, { outcomes: ['SUCCESS'], durationMs: 400 })
    const { main } = await runAction({ inputs: inputs(701), env: env(), post: false })
    expect(main.code).toBe(0)
    const check = sim.github.getCheck('e2e-701')
    expect(check?.owner).toBe('acme')
    expect(check?.repo).toBe('shop')
    const [create, ...patches] = check!.history
    expect(create.method).toBe('POST')
    expect(create.body).toMatchObject({
      name: 'e2e-701',
      head_sha: 'abc123def4567890abc123def4567890abc123de',
      status: 'in_progress',
      details_url: expect.stringContaining(main.outputs['run-id'])
    })
    expect(patches.at(-1)?.body).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      output: {
        title: expect.stringContaining('passed'),
        summary: expect.stringContaining('| Total |')
      }
    })
    expect(main.outputs['check-run-id']).toBe(String(check?.id))
    const auth = sim.requestsTo('github').map(r => r.headers.authorization)
    expect(auth.every(a => /gh-token/.test(a ?? ''))).toBe(true)
  })

  it('uses the pull request head sha from the event payload', async () => {
    sim.testsigma.addPlan(702, { outcomes: ['SUCCESS'], durationMs: 200 })
    const event = {
      pull_request: { number: 7, head: { sha: 'feedfacefeedfacefeedfacefeedfacefeedface' } }
    }
    const { main } = await runAction({
      inputs: inputs(702),
      env: { ...env(), GITHUB_EVENT_NAME: 'pull_request' },
      event,
      post: false
    })
    expect(main.code).toBe(0)
    expect(sim.github.getCheck('e2e-702')?.history[0].body).toMatchObject({
      head_sha: 'feedfacefeedfacefeedfacefeedfacefeedface'
    })
  })

  it('concludes failure for a failed run, with the summary as output', async () => {
    sim.testsigma.addPlan(703, { outcomes: ['FAILURE'], durationMs: 200 })
    const { main } = await runAction({ inputs: inputs(703), env: env(), post: false })
    expect(main.code).toBe(1)
    expect(sim.github.getCheck('e2e-703')?.current).toMatchObject({
      status: 'completed',
      conclusion: 'failure'
    })
  })

  it('concludes cancelled when the workflow is cancelled', async () => {
    sim.testsigma.addPlan(704, { durationMs: Infinity })
    const { main } = await runAction({
      inputs: inputs(704),
      env: env(),
      cancel: {
        when: () =>
          sim.waitForRequest(
            r =>
              r.service === 'github' &&
              r.method === 'POST' &&
              (r.body as { name?: string }).name === 'e2e-704',
            10_000
          )
      }
    })
    expect(main.outputs.status).toBe('cancelled')
    expect(sim.github.getCheck('e2e-704')?.current).toMatchObject({ conclusion: 'cancelled' })
  })

  it('concludes timed_out when wait-timeout passes', async () => {
    sim.testsigma.addPlan(705, { durationMs: Infinity })
    const { main } = await runAction({
      inputs: inputs(705, { 'wait-timeout': '1s' }),
      env: env(),
      post: false
    })
    expect(main.outputs.status).toBe('timed-out')
    expect(sim.github.getCheck('e2e-705')?.current).toMatchObject({ conclusion: 'timed_out' })
  })

  it('a token without checks: write is a warning with the fix, and the gate result stands', async () => {
    sim.testsigma.addPlan(706, { outcomes: ['SUCCESS'], durationMs: 200 })
    sim.github.forbid = true
    try {
      const { main } = await runAction({ inputs: inputs(706), env: env(), post: false })
      expect(main.code).toBe(0)
      expect(main.outputs.status).toBe('passed')
      expect(main.outputs['check-run-id']).toBe('')
      expect(errorLines(main.stdout)).toEqual([])
      // Both writes (create in progress, then complete) were refused: one warning for both.
      expect(
        sim.requestsTo('github').filter(r => r.at >= main.startedAt).length
      ).toBeGreaterThanOrEqual(2)
      const warnings = main.stdout.split('\n').filter(l => l.startsWith('::warning::'))
      expect(warnings).toEqual([
        "::warning::Check run 'e2e-706': GitHub refused to write it (HTTP 403). The token needs checks: write: give the job 'permissions: checks: write' (and pass github-token). Pull requests from forks get a read-only token, so no check run can be written for them"
      ])
    } finally {
      sim.github.forbid = false
    }
  })

  it('an armed cancel-hook completes its check as neutral, not as a passed gate', async () => {
    const { main } = await runAction({
      inputs: {
        provider: 'currents',
        'api-key': 'chk-SECRET-key',
        'api-url': sim.currentsUrl,
        command: 'cancel-hook',
        'project-id': 'hooked',
        'check-name': 'e2e-hook'
      },
      env: env(),
      post: false
    })
    expect(main.code).toBe(0)
    expect(sim.github.getCheck('e2e-hook')?.current).toMatchObject({
      status: 'completed',
      conclusion: 'neutral'
    })
  })

  it('without check-name no GitHub API request is made', async () => {
    sim.testsigma.addPlan(707, { outcomes: ['SUCCESS'], durationMs: 200 })
    const before = sim.requestsTo('github').length
    const { main } = await runAction({
      inputs: inputs(707, { 'check-name': '' }),
      env: env(),
      post: false
    })
    expect(main.code).toBe(0)
    expect(sim.requestsTo('github').length).toBe(before)
  })
})

describe('check run: a signal during its completion', () => {
  const CHECK_PATCH = /^\/repos\/acme\/shop\/check-runs\/\d+$/
  /** The completion of check `name` as it comes in (PATCH of its check run). */
  const completion = (name: string) => (r: RecordedRequest) =>
    r.service === 'github' &&
    r.method === 'PATCH' &&
    r.path === `/repos/acme/shop/check-runs/${sim.github.getCheck(name)?.id}`

  it('a completion that hangs is cut by SIGINT: one last write completes it, the step ends by itself', async () => {
    sim.testsigma.addPlan(720, { outcomes: ['FAILURE'], durationMs: 200 })
    const hang = sim.faults.add({
      service: 'github',
      method: 'PATCH',
      path: CHECK_PATCH,
      kind: 'hang'
    })
    let hung: RecordedRequest | undefined
    const { main } = await runAction({
      inputs: inputs(720),
      env: env(),
      cancel: {
        when: async () => (hung = await sim.waitForRequest(completion('e2e-720'), 30_000))
      },
      post: false
    })
    expect(hang.applied).toBe(1)
    // Ended by itself, long before the runner's SIGKILL, with every output and the run's verdict.
    expect(main.signal).toBeNull()
    expect(main.stdout).toContain('Received SIGINT: cancelling')
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('failed')
    expect(Object.keys(main.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    // One write after the signal, the completion, and no warning: the check says the result.
    expect(githubWritesAfter(sim, hung)).toHaveLength(1)
    const check = sim.github.getCheck('e2e-720')
    expect(check?.current).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(main.outputs['check-run-id']).toBe(String(check?.id))
    expect(main.stdout.split('\n').filter(l => l.startsWith('::warning::Check run'))).toEqual([])
  })

  it('a completion GitHub never answers: one last write, one warning, the step still ends by itself', async () => {
    sim.testsigma.addPlan(721, { outcomes: ['FAILURE'], durationMs: 200 })
    const hang = sim.faults.add({
      service: 'github',
      method: 'PATCH',
      path: CHECK_PATCH,
      kind: 'hang',
      times: Infinity
    })
    let hung: RecordedRequest | undefined
    try {
      const { main } = await runAction({
        inputs: inputs(721),
        env: env(),
        cancel: {
          when: async () => (hung = await sim.waitForRequest(completion('e2e-721'), 30_000))
        },
        post: false
      })
      // The last write waits at most what is left of the 6.5 s grace: SIGKILL comes at 10 s.
      expect(main.signal).toBeNull()
      expect(main.code).toBe(1)
      expect(main.outputs.status).toBe('failed')
      expect(Object.keys(main.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
      expect(hang.applied).toBe(2)
      expect(githubWritesAfter(sim, hung)).toHaveLength(1)
      expect(main.stdout.split('\n').filter(l => l.startsWith('::warning::Check run'))).toEqual([
        "::warning::Check run 'e2e-721': GitHub did not answer within the time allowed; the check was left as it is"
      ])
    } finally {
      sim.faults.remove(hang)
    }
  })
})
