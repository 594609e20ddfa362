/**
 * Cancellation when the API makes it hard (SPEC.md "Cancellation"): a slow or failing stop is
 * still made inside the runner's grace (SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after), a
 * stop that main could not make is made again by post, and stopping a run that is already
 * stopped changes nothing. These tests time real signals, so they run one after another.
 */
import { describe, expect, it } from '@jest/globals'
import type { FaultAction, Simulator } from '../../sim/index.js'
import { SIGKILL_AFTER_MS, SIGTERM_AFTER_MS, commandLines, runAction } from './runner.js'
import { verdicts, withSim } from './fault-matrix.js'

const KEY = 'cancel-KEY-6006'

interface Provider {
  name: 'testsigma' | 'currents'
  /** A run that never ends on its own, and the inputs of a step that waits for it. */
  setup(sim: Simulator): Record<string, string>
  /** The poll of the run: SIGINT once one was seen. */
  polling(sim: Simulator): () => Promise<unknown>
  /** Main's stop request, and post's: post stops the same run, by its id. */
  stop: RegExp
  /** A fault rule that hits every stop main tries and none of post's. */
  mainOnly: { path: string; times: number }
  /** Tell the step that the run is already stopped, the way the service does. */
  alreadyStopped: FaultAction
  stopped(sim: Simulator): boolean
}

const TESTSIGMA: Provider = {
  name: 'testsigma',
  setup: sim => {
    sim.testsigma.addPlan(1, { durationMs: Infinity })
    return { provider: 'testsigma', 'api-url': sim.testsigmaUrl, 'test-plan-id': '1' }
  },
  polling: sim => () =>
    sim.waitForRequest(r => r.method === 'GET' && r.path === '/execution_results/1001', 10_000),
  stop: /^\/execution_results\/1001$/,
  // Main and post send the same request: main's urgent policy makes 3 tries (wire.ts).
  mainOnly: { path: '/execution_results/1001', times: 3 },
  alreadyStopped: {
    kind: 'json',
    status: 500,
    body: { error: 'Test Plan is not running; there is nothing to stop', code: '500' }
  },
  stopped: sim => sim.testsigma.getRun(1001)?.stoppedByUser === true
}

const CURRENTS: Provider = {
  name: 'currents',
  setup: sim => {
    sim.currents.addRun({
      runId: 'run-1',
      projectId: 'P',
      ciBuildId: 'B',
      githubRunId: '4242',
      githubRunAttempt: 1,
      durationMs: Infinity
    })
    return {
      provider: 'currents',
      'api-url': sim.currentsUrl,
      'project-id': 'P',
      'ci-build-id': 'B'
    }
  },
  polling: sim => () =>
    sim.waitForRequest(r => r.method === 'GET' && r.path === '/runs/run-1', 10_000),
  stop: /^\/runs\/run-1\/cancel$/,
  // Main and post send the same request: main's urgent policy makes 3 tries (wire.ts).
  mainOnly: { path: '/runs/run-1/cancel', times: 3 },
  alreadyStopped: {
    kind: 'json',
    status: 422,
    body: { status: 'FAILED', error: 'Run is already cancelled' }
  },
  stopped: sim => sim.currents.getRun('run-1')?.canceled !== undefined
}

const quick = { 'api-key': KEY, 'poll-interval': '200ms', 'max-poll-interval': '400ms' }

/** Cancels the step once the run is polled; answers the step and when SIGINT was sent. */
async function cancelled(
  sim: Simulator,
  p: Provider,
  fault?: FaultAction & { times?: number; path?: string }
) {
  const inputs = { ...p.setup(sim), ...quick }
  if (fault) sim.faults.add({ service: p.name, method: 'PUT', path: p.stop, ...fault })
  let sigint = 0
  const run = await runAction({
    inputs,
    cancel: {
      when: async () => {
        await p.polling(sim)()
        sigint = Date.now()
      }
    }
  })
  const stops = () => sim.requestsTo(p.name, 'PUT', p.stop)
  const mainEnd = run.main.startedAt + run.main.ms
  return { ...run, sigint, stops, mainEnd }
}

const GRACE = SIGTERM_AFTER_MS + SIGKILL_AFTER_MS

describe.each([TESTSIGMA, CURRENTS])('$name: SIGINT while the API is in trouble', p => {
  it.each([
    ['answers the stop slowly (1 s)', { kind: 'delay', ms: 1000 } as const, 1],
    ['answers the stop with 503 twice first', { kind: 'status', status: 503 } as const, 3]
  ])('%s: the stop is made within the grace and main exits before SIGKILL', (_n, action, tries) =>
    withSim({ apiKey: KEY }, async sim => {
      const { main, post, sigint, stops, mainEnd } = await cancelled(sim, p, {
        ...action,
        times: action.kind === 'status' ? 2 : 1
      })
      expect(stops()).toHaveLength(tries)
      expect(stops()[tries - 1].at - sigint).toBeLessThan(SIGTERM_AFTER_MS)
      expect(p.stopped(sim)).toBe(true)
      expect(main.signal).toBeNull()
      expect(main.code).toBe(1)
      expect(main.ms - (main.sigintAt ?? 0)).toBeLessThan(Math.min(5000, GRACE))
      expect(main.outputs.status).toBe('cancelled')
      expect(main.state.phase).toBe('done')
      expect(verdicts(main.stdout)).toHaveLength(1)
      // Main stopped it: post does nothing.
      expect(post?.code).toBe(0)
      expect(stops().filter(r => r.at >= mainEnd)).toEqual([])
    })
  )

  it('a stop that fails every time: main gives up in time, leaves it to post, which tries again', () =>
    withSim({ apiKey: KEY }, async sim => {
      const { main, post, stops, mainEnd } = await cancelled(sim, p, {
        kind: 'status',
        status: 503,
        times: Infinity
      })
      expect(main.signal).toBeNull()
      expect(main.code).toBe(1)
      expect(main.ms - (main.sigintAt ?? 0)).toBeLessThan(GRACE)
      expect(main.state.phase).toBe('waiting')
      expect(main.stdout).toMatch(/::warning::Could not stop .*the post step will try again/)
      const byMain = stops().filter(r => r.at < mainEnd)
      const byPost = stops().filter(r => r.at >= mainEnd)
      expect(byMain.length).toBeGreaterThanOrEqual(1)
      expect(byPost.length).toBeGreaterThanOrEqual(1)
      // Post never fails the job because of it: a warning, exit 0.
      expect(post?.code).toBe(0)
      expect(verdicts(post?.stdout ?? '')).toEqual([])
      expect(post?.stdout).toMatch(/::warning::Post: could not cancel/)
      expect(p.stopped(sim)).toBe(false)
    }))

  it('a stop that fails in main succeeds in post', () =>
    withSim({ apiKey: KEY }, async sim => {
      const { path, times } = p.mainOnly
      const { main, post, stops, mainEnd } = await cancelled(sim, p, {
        kind: 'status',
        status: 503,
        path,
        times
      })
      expect(main.state.phase).toBe('waiting')
      // The rule covers every try of main (it gave up) and none of post's (it went through).
      const byMain = stops().filter(r => r.at < mainEnd)
      expect(byMain.length).toBeGreaterThanOrEqual(1)
      expect(byMain.length).toBeLessThanOrEqual(times)
      expect(stops().filter(r => r.at >= mainEnd)).toHaveLength(1)
      expect(post?.code).toBe(0)
      expect(post?.stdout).toMatch(/Post: cancelled/)
      expect(p.stopped(sim)).toBe(true)
    }))

  it('the run was already stopped by someone else: same exit code, no error annotation', () =>
    withSim({ apiKey: KEY }, async sim => {
      const { main, post, stops, mainEnd } = await cancelled(sim, p, p.alreadyStopped)
      expect(stops()).toHaveLength(1)
      expect(main.code).toBe(1)
      expect(main.signal).toBeNull()
      expect(main.outputs.status).toBe('cancelled')
      expect(main.state.phase).toBe('done')
      expect(verdicts(main.stdout)).toHaveLength(1)
      expect(verdicts(main.stdout)[0]).toMatch(/had already finished/)
      expect(commandLines(main.stdout).filter(l => l.startsWith('::warning'))).toEqual([])
      expect(post?.code).toBe(0)
      expect(stops().filter(r => r.at >= mainEnd)).toEqual([])
    }))

  it('post after a killed main finds the run already stopped: nothing to report', () =>
    withSim({ apiKey: KEY }, async sim => {
      const inputs = { ...p.setup(sim), ...quick }
      const { main, post } = await runAction({
        inputs,
        cancel: {
          kill: true,
          when: async () => {
            await p.polling(sim)()
            // Someone else stops it between main's death and post.
            if (p.name === 'testsigma') sim.testsigma.complete(1001, 'STOPPED')
            else sim.currents.complete('run-1', 'CANCELED')
          }
        },
        jobStatus: 'cancelled'
      })
      expect(main.signal).toBe('SIGKILL')
      expect(main.state.phase).toBe('waiting')
      expect(post?.code).toBe(0)
      // One stop of the saved run, answered as already stopped: Currents 422, Testsigma 500.
      expect(sim.requestsTo(p.name, 'PUT').map(r => r.path)).toEqual([
        p.name === 'currents' ? '/runs/run-1/cancel' : '/execution_results/1001'
      ])
      expect(commandLines(post?.stdout ?? '').filter(l => /^::(error|warning)/.test(l))).toEqual([])
      expect(post?.stdout).toMatch(/had already finished|nothing to cancel/)
    }))
})

describe.each<['testsigma' | 'currents', number | string]>([
  ['testsigma', 1001],
  ['currents', 'run-1']
])('%s: the cancel command twice', (provider, id) => {
  it('the second one says it had already finished and exits 0 without an annotation', () =>
    withSim({ apiKey: KEY }, async sim => {
      const p = provider === 'testsigma' ? TESTSIGMA : CURRENTS
      const inputs: Record<string, string> = {
        ...p.setup(sim),
        ...quick,
        command: 'cancel',
        'run-id': String(id)
      }
      delete inputs['test-plan-id']
      delete inputs['ci-build-id']
      if (provider === 'testsigma') {
        await fetch(`${sim.testsigmaUrl}/execution_results`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ executionId: 1 })
        })
      }
      const first = await runAction({ inputs })
      const second = await runAction({ inputs })
      expect(first.main.code).toBe(0)
      expect(p.stopped(sim)).toBe(true)
      expect(second.main.code).toBe(0)
      expect(second.main.stdout).toMatch(/had already finished/)
      for (const step of [second.main, second.post]) {
        expect(commandLines(step?.stdout ?? '').filter(l => /^::(error|warning)/.test(l))).toEqual(
          []
        )
      }
    }))
})
