/**
 * Cancellation and deadlines on the slow paths (issue 11): a signal while a trigger, a rerun or
 * a report download is in flight, or during a backoff sleep; a stop that hangs; a GitHub API
 * that never answers; a wait-timeout that a hanging poll or a long Retry-After must not
 * outlive; durations longer than a timer holds; answers about another run. The runner sends
 * SIGTERM 7.5 s after SIGINT: every cancelled step here must have exited and written its
 * outputs well before that. Timings are asserted with wide margins (a loaded 2-core machine).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { SIGTERM_AFTER_MS, errorLines, runAction, simInputs } from './runner.js'

const KEY = 'slow-KEY-1111'
let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY })
})
afterAll(async () => {
  await sim.close()
})

const testsigma = (plan: number, more: Record<string, string> = {}) =>
  simInputs(sim, 'testsigma', KEY, { 'test-plan-id': String(plan), ...more })

/** Resolves once the trigger (or, with `rerun`, a rerun) of the plan has reached the API. */
const posted =
  (plan: number, rerun = false) =>
  () =>
    sim.waitForRequest(r => {
      const body = r.body as { executionId?: number; isReRun?: boolean } | undefined
      return (
        r.method === 'POST' &&
        r.path === '/execution_results' &&
        body?.executionId === plan &&
        (body.isReRun === true) === rerun
      )
    }, 15_000)

/** Resolves once `n` reads of a Testsigma run have reached the API since `since`. */
const reads =
  (n: number, since = Date.now()) =>
  () =>
    sim.waitForRequest(
      r =>
        r.method === 'GET' &&
        r.at >= since &&
        sim.requestsTo('testsigma', 'GET', /^\/execution_results\/\d+$/).filter(x => x.at >= since)
          .length >= n,
      15_000
    )

/**
 * Exit within the grace: before SIGTERM (7.5 s after SIGINT). The budgets aim at about 5 s;
 * the margin is for a loaded 2-core machine.
 */
const beforeSigterm = (ms: number, sigintAt = 0) =>
  expect(ms - sigintAt).toBeLessThan(SIGTERM_AFTER_MS - 500)

describe('a signal while a run is being started', () => {
  it('a trigger that never answers in time: outputs cancelled, says a run may have started, exits before SIGTERM', async () => {
    sim.testsigma.addPlan(1101, { durationMs: Infinity })
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'POST',
      path: '/execution_results',
      kind: 'delay',
      ms: 20_000
    })
    try {
      const { main, post } = await runAction({
        inputs: testsigma(1101),
        cancel: { when: posted(1101) }
      })
      expect(main.signal).toBeNull()
      expect(main.code).toBe(1)
      beforeSigterm(main.ms, main.sigintAt)
      expect(main.outputs.status).toBe('cancelled')
      expect(main.stdout).toMatch(/a run of test plan 1101 may have started/)
      expect(main.summary).toMatch(/A run of test plan 1101 may have started/)
      expect(errorLines(main.stdout)).toHaveLength(1)
      expect(main.state.phase).toBe('starting')
      expect(post?.code).toBe(0)
    } finally {
      sim.faults.remove(rule)
    }
  })

  it('a trigger that answers within the grace: the new run is stopped', async () => {
    sim.testsigma.addPlan(1102, { durationMs: Infinity })
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'POST',
      path: '/execution_results',
      kind: 'delay',
      ms: 1500
    })
    try {
      const { main } = await runAction({
        inputs: testsigma(1102),
        cancel: { when: posted(1102) },
        post: false
      })
      expect(main.code).toBe(1)
      beforeSigterm(main.ms, main.sigintAt)
      const run = sim.testsigma.runsOf(1102)[0]
      expect(main.outputs['run-id']).toBe(String(run.id))
      expect(run.stoppedByUser).toBe(true)
      expect(main.outputs.status).toBe('cancelled')
      expect(main.state.phase).toBe('done')
    } finally {
      sim.faults.remove(rule)
    }
  })

  it('a signal during the backoff before a trigger is repeated ends at once: nothing started', async () => {
    sim.testsigma.addPlan(1103, { durationMs: Infinity })
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'POST',
      path: '/execution_results',
      kind: 'status',
      status: 503,
      retryAfter: '30',
      times: Infinity
    })
    try {
      const { main } = await runAction({
        inputs: testsigma(1103),
        cancel: { when: posted(1103) },
        post: false
      })
      expect(main.code).toBe(1)
      expect(main.ms - (main.sigintAt ?? 0)).toBeLessThan(5000)
      expect(main.outputs.status).toBe('cancelled')
      expect(main.stdout).not.toMatch(/may have started/)
      expect(sim.testsigma.runsOf(1103)).toEqual([])
      expect(rule.matched).toBe(1)
    } finally {
      sim.faults.remove(rule)
    }
  })

  it('a rerun POST in flight: the state names no finished run, and the step exits in time', async () => {
    sim.testsigma.addPlan(1104, { durationMs: 200, outcomes: ['FAILURE', 'SUCCESS'] })
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'POST',
      path: '/execution_results',
      kind: 'delay',
      ms: 20_000,
      skip: 1
    })
    try {
      const { main } = await runAction({
        inputs: testsigma(1104, { 'rerun-failed': '1' }),
        cancel: { when: posted(1104, true) },
        post: false
      })
      expect(main.code).toBe(1)
      beforeSigterm(main.ms, main.sigintAt)
      expect(main.outputs.status).toBe('cancelled')
      expect(main.stdout).toMatch(/a rerun of Testsigma run \d+ may have started/)
      expect(main.state.runId).toBe('')
      expect(main.state.phase).toBe('starting')
    } finally {
      sim.faults.remove(rule)
    }
  })
})

describe('a signal after the run', () => {
  it('while the JUnit report downloads: the download ends, outputs are written, exit in time', async () => {
    sim.testsigma.addPlan(1105, { durationMs: 200 })
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'GET',
      path: /^\/reports\/junit\//,
      kind: 'hang'
    })
    try {
      const { main } = await runAction({
        inputs: testsigma(1105, { 'junit-path': 'reports/junit.xml' }),
        cancel: {
          when: () => sim.waitForRequest(r => r.path.startsWith('/reports/junit/'), 15_000)
        },
        post: false
      })
      expect(main.code).toBe(1)
      expect(main.ms - (main.sigintAt ?? 0)).toBeLessThan(5000)
      expect(main.outputs.status).toBe('passed')
      expect(main.outputs['run-id']).toBe(String(sim.testsigma.runsOf(1105)[0].id))
      expect(main.outputs['junit-path'] ?? '').toBe('')
      expect(main.state.phase).toBe('done')
    } finally {
      sim.faults.remove(rule)
    }
  })
})

describe('the stop itself fits the grace', () => {
  it('a stop that hangs: outputs written before SIGTERM, post tries again', async () => {
    sim.testsigma.addPlan(1106, { durationMs: Infinity })
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'PUT',
      path: /^\/execution_results\/\d+$/,
      kind: 'hang',
      times: 3
    })
    try {
      const { main, post } = await runAction({
        inputs: testsigma(1106),
        cancel: { when: reads(1) }
      })
      expect(main.signal).toBeNull()
      beforeSigterm(main.ms, main.sigintAt)
      expect(main.outputs.status).toBe('cancelled')
      expect(main.state.phase).toBe('waiting')
      expect(main.summary).toMatch(/stopping the run failed \(no answer within/)
      expect(post?.code).toBe(0)
      expect(sim.testsigma.runsOf(1106)[0].stoppedByUser).toBe(true)
    } finally {
      sim.faults.remove(rule)
    }
  })

  it('a slow stop and a read-back that hangs: still before SIGTERM, with outputs', async () => {
    sim.testsigma.addPlan(1107, { durationMs: Infinity })
    const slow = sim.faults.add({
      service: 'testsigma',
      method: 'PUT',
      path: /^\/execution_results\/\d+$/,
      kind: 'delay',
      ms: 2000
    })
    const hang = sim.faults.add({
      service: 'testsigma',
      method: 'GET',
      path: /^\/execution_results\/\d+$/,
      kind: 'hang',
      skip: 2,
      times: Infinity
    })
    try {
      const { main } = await runAction({
        inputs: testsigma(1107),
        cancel: { when: reads(3) },
        post: false
      })
      beforeSigterm(main.ms, main.sigintAt)
      expect(main.outputs.status).toBe('cancelled')
      expect(main.state.phase).toBe('done')
      expect(sim.testsigma.runsOf(1107)[0].stoppedByUser).toBe(true)
    } finally {
      sim.faults.remove(slow)
      sim.faults.remove(hang)
    }
  })
})

describe('the GitHub API (check-name)', () => {
  it('a GitHub API that never answers is one warning after a bounded time, never a hang', async () => {
    sim.testsigma.addPlan(1108, { durationMs: 300 })
    const rule = sim.faults.add({ service: 'github', kind: 'hang', times: Infinity })
    try {
      const { main } = await runAction({
        inputs: testsigma(1108, { 'check-name': 'slow-gh', 'github-token': sim.githubToken }),
        env: { GITHUB_API_URL: sim.githubUrl },
        post: false
      })
      expect(main.code).toBe(0)
      expect(main.outputs.status).toBe('passed')
      expect(main.ms).toBeLessThan(25_000)
      const warnings = main.stdout.split('\n').filter(l => l.startsWith('::warning::Check run'))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/did not answer/)
    } finally {
      sim.faults.remove(rule)
    }
  })
})

describe('wait-timeout bounds everything inside the wait', () => {
  it('a poll that hangs ends at the deadline, and the run is stopped', async () => {
    sim.testsigma.addPlan(1109, { durationMs: Infinity })
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'GET',
      path: /^\/execution_results\/\d+$/,
      kind: 'hang',
      skip: 1,
      times: Infinity
    })
    try {
      const { main } = await runAction({
        inputs: testsigma(1109, { 'wait-timeout': '3s' }),
        post: false
      })
      expect(main.outputs.status).toBe('timed-out')
      expect(main.code).toBe(1)
      expect(main.ms).toBeLessThan(3000 + 8000)
      expect(sim.testsigma.runsOf(1109)[0].stoppedByUser).toBe(true)
    } finally {
      sim.faults.remove(rule)
    }
  })

  it('503 with Retry-After: 60 on every poll ends at the deadline', async () => {
    sim.testsigma.addPlan(1110, { durationMs: Infinity })
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'GET',
      path: /^\/execution_results\/\d+$/,
      kind: 'status',
      status: 503,
      retryAfter: '60',
      times: Infinity
    })
    try {
      const { main } = await runAction({
        inputs: testsigma(1110, { 'wait-timeout': '3s' }),
        post: false
      })
      expect(main.outputs.status).toBe('timed-out')
      expect(main.ms).toBeLessThan(3000 + 8000)
      expect(rule.matched).toBeLessThanOrEqual(3)
    } finally {
      sim.faults.remove(rule)
    }
  })

  it('poll-interval: 600h (past what a timer holds) sleeps, it does not poll in a loop', async () => {
    sim.testsigma.addPlan(1111, { durationMs: Infinity })
    const { main } = await runAction({
      inputs: testsigma(1111, {
        'wait-timeout': '3s',
        'poll-interval': '600h',
        'max-poll-interval': '700h'
      }),
      post: false
    })
    expect(main.outputs.status).toBe('timed-out')
    const run = sim.testsigma.runsOf(1111)[0]
    const reads = sim.requestsTo('testsigma', 'GET', `/execution_results/${run.id}`)
    expect(reads.length).toBeLessThanOrEqual(4)
    expect(main.ms).toBeGreaterThan(2000)
  })
})

describe('the run is ours', () => {
  it('a read that answers about another run is a bad response: that run is never stopped or reported', async () => {
    sim.testsigma.addPlan(1112, { durationMs: Infinity })
    sim.testsigma.addPlan(1113, { durationMs: Infinity })
    const other = await fetch(`${sim.testsigmaUrl}/execution_results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ executionId: 1113 })
    }).then(r => r.json() as Promise<{ id: number }>)
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'GET',
      path: /^\/execution_results\/\d+$/,
      kind: 'json',
      body: { id: other.id, executionId: 1113, status: 'STATUS_COMPLETED', result: 'SUCCESS' },
      times: Infinity
    })
    try {
      const { main } = await runAction({ inputs: testsigma(1112), post: false })
      const mine = sim.testsigma.runsOf(1112)[0]
      expect(main.code).toBe(1)
      expect(errorLines(main.stdout)[0]).toMatch(
        new RegExp(`read Testsigma run ${mine.id}: the answer is about run ${other.id}`)
      )
      expect(main.outputs['run-id']).toBe(String(mine.id))
      expect(main.outputs.status).not.toBe('passed')
      expect(sim.testsigma.getRun(other.id)?.stoppedByUser).not.toBe(true)
      expect(main.outputs.status).not.toBe('cancelled')
    } finally {
      sim.faults.remove(rule)
    }
  })

  it('a Currents read about another runId is a bad response, and that run is not cancelled', async () => {
    sim.currents.addRun({
      runId: 'run-mine',
      projectId: 'P',
      ciBuildId: 'mine',
      durationMs: Infinity
    })
    sim.currents.addRun({
      runId: 'run-other',
      projectId: 'P',
      ciBuildId: 'other',
      durationMs: Infinity
    })
    const other = sim.currents.view('run-other')
    const rule = sim.faults.add({
      service: 'currents',
      method: 'GET',
      path: '/runs/run-mine',
      kind: 'json',
      body: { status: 'OK', data: other },
      times: Infinity
    })
    try {
      const { main } = await runAction({
        inputs: simInputs(sim, 'currents', KEY, { 'run-id': 'run-mine' }),
        // Only should it go on waiting: counted from its first read, so a slow start-up on a
        // loaded machine never meets the signal before the step listens for it.
        cancel: {
          when: async () => {
            await sim.waitForRequest(r => r.path === '/runs/run-mine', 15_000)
            await new Promise(resolve => setTimeout(resolve, 1500))
          }
        },
        post: false
      })
      expect(main.code).toBe(1)
      expect(errorLines(main.stdout)[0]).toMatch(
        /read Currents run run-mine: the answer is about run run-other/
      )
      expect(main.outputs['run-id'] ?? '').not.toBe('run-other')
      expect(sim.currents.getRun('run-other')?.canceled).toBeUndefined()
    } finally {
      sim.faults.remove(rule)
    }
  })

  it('ids past 2^53 stay exact, in outputs and in the stop request', async () => {
    const big = '9007199254740993123'
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'GET',
      path: `/execution_results/${big}`,
      kind: 'non-json',
      body: `{"id": ${big}, "executionId": 7, "status": "STATUS_IN_PROGRESS", "result": "QUEUED"}`,
      times: Infinity
    })
    const stop = sim.faults.add({
      service: 'testsigma',
      method: 'PUT',
      path: `/execution_results/${big}`,
      kind: 'json',
      body: {},
      times: Infinity
    })
    try {
      const { main } = await runAction({
        inputs: simInputs(sim, 'testsigma', KEY, { 'run-id': big, 'wait-timeout': '1s' }),
        post: false
      })
      expect(main.outputs['run-id']).toBe(big)
      expect(main.outputs.status).toBe('timed-out')
      const put = sim.requestsTo('testsigma', 'PUT', `/execution_results/${big}`)
      expect(put.length).toBeGreaterThan(0)
      expect(put[0].text).toContain(`"id":${big}`)
    } finally {
      sim.faults.remove(rule)
      sim.faults.remove(stop)
    }
  })

  it('a 2xx trigger answer without a readable id says a run may have started', async () => {
    sim.testsigma.addPlan(1114, { durationMs: Infinity })
    const rule = sim.faults.add({
      service: 'testsigma',
      method: 'POST',
      path: '/execution_results',
      kind: 'json',
      status: 201,
      body: { status: 'STATUS_QUEUED' }
    })
    try {
      const { main } = await runAction({ inputs: testsigma(1114), post: false })
      expect(main.code).toBe(1)
      const errors = errorLines(main.stdout)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(/no run id.*A run of test plan 1114 may have started/)
    } finally {
      sim.faults.remove(rule)
    }
  })

  it.each([['javascript:alert(1)'], ['data:text/html,x'], ['http://example.com/run']])(
    'run-url %s from the API is dropped from outputs, links and the check run, for the run page on the API origin',
    async link => {
      const rule = sim.faults.add({
        service: 'testsigma',
        method: 'GET',
        path: '/execution_results/4242',
        kind: 'json',
        body: { id: 4242, app_url: link, status: 'STATUS_COMPLETED', result: 'SUCCESS' },
        times: Infinity
      })
      try {
        const { main } = await runAction({
          inputs: simInputs(sim, 'testsigma', KEY, {
            'run-id': '4242',
            'check-name': 'links',
            'github-token': sim.githubToken
          }),
          env: { GITHUB_API_URL: sim.githubUrl },
          post: false
        })
        expect(main.code).toBe(0)
        // The page the server names in its own JUnit report, on the API's origin (API.md).
        expect(main.outputs['run-url']).toBe(`${new URL(sim.testsigmaUrl).origin}/ui/td/runs/4242`)
        expect(main.summary).not.toContain(link)
        const checks = sim.requestsTo('github').filter(r => r.at >= main.startedAt)
        expect(checks.length).toBeGreaterThan(0)
        expect(checks.map(r => r.text).join('\n')).not.toContain(link.slice(0, 12))
      } finally {
        sim.faults.remove(rule)
      }
    }
  )
})
