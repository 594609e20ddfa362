/**
 * Looking for a Currents-style run while every find fails: the wait's end names the last
 * failure and its url, and 2 minutes of nothing but failures end the wait early.
 */
import { describe, expect, it } from '@jest/globals'
import { runCommand } from '../src/commands/run.js'
import type { Context } from '../src/commands/context.js'
import { GateError } from '../src/model/errors.js'
import { newOutcome } from '../src/model/outcome.js'
import type { Clock } from '../src/waiting/wait.js'

const T0 = 1_750_000_000_000
const URL = 'http://127.0.0.1:9/v1/runs/find'
const refused = () =>
  new GateError(
    'transient',
    'find the Currents run: could not connect to 127.0.0.1:9: connection refused (ECONNREFUSED)',
    { url: URL }
  )

/** Time moves only when the loop sleeps or a find takes its time. */
function fakeContext(find: (signal?: AbortSignal) => Promise<undefined>, waitTimeoutMs: number) {
  const clock = { t: T0 }
  const c: Clock = {
    now: () => clock.t,
    sleep: async ms => {
      clock.t += ms
    }
  }
  const ctx = {
    settings: { waitTimeoutMs, pollIntervalMs: 5000, maxPollIntervalMs: 30_000, wait: true },
    provider: {
      label: 'Currents',
      find: (o?: { signal?: AbortSignal }) => find(o?.signal),
      findSubject: () => ({ what: 'the Currents run of project p', hint: 'check project-id' }),
      describe: (id: string) => `Currents run ${id}`
    },
    state: { save: () => {} },
    log: { info: () => {}, warn: () => {}, debug: () => {}, error: () => {} },
    signal: new AbortController().signal,
    clock: c
  } as unknown as Context
  return { ctx, clock }
}

describe('looking for a run while every find fails', () => {
  it('ends at wait-timeout naming the last failure and its url', async () => {
    let finds = 0
    const { ctx } = fakeContext(async () => {
      finds++
      throw refused()
    }, 60_000)
    const outcome = newOutcome(T0)
    await runCommand(ctx, outcome)
    expect(outcome.stop?.reason).toBe('timeout')
    expect(outcome.done).toBe(
      `No Currents run was found within wait-timeout (1m): the last ${finds} tries failed: find the Currents run: could not connect to 127.0.0.1:9: connection refused (ECONNREFUSED) at ${URL}; looked for the Currents run of project p`
    )
    expect(finds).toBeGreaterThan(1)
  })

  it('names a failure cut off by the deadline between retries', async () => {
    const cut = new GateError('aborted', 'find the Currents run: aborted', {
      lastFailure: refused()
    })
    // The real deadline timer fires (wait-timeout is short); the find answers only then.
    const { ctx } = fakeContext(
      (signal?: AbortSignal) =>
        new Promise<undefined>((_, reject) =>
          signal?.addEventListener('abort', () => reject(cut), { once: true })
        ),
      100
    )
    const outcome = newOutcome(T0)
    await runCommand(ctx, outcome)
    expect(outcome.done).toMatch(
      /^No Currents run was found within wait-timeout \(100ms\): the last try failed: .*connection refused \(ECONNREFUSED\) at http:\/\/127\.0\.0\.1:9\/v1\/runs\/find;/
    )
  })

  it('forgets failures that an answer followed', async () => {
    let finds = 0
    const { ctx } = fakeContext(async () => {
      if (finds++ === 0) throw refused()
      return undefined
    }, 30_000)
    const outcome = newOutcome(T0)
    await runCommand(ctx, outcome)
    expect(outcome.done).toBe(
      'No Currents run was found within wait-timeout (30s): looked for the Currents run of project p; check project-id'
    )
  })

  it('stops after 2 minutes of nothing but failures, long before wait-timeout, and says so', async () => {
    let finds = 0
    const { ctx, clock } = fakeContext(async () => {
      finds++
      throw refused()
    }, 3_600_000)
    const error = await runCommand(ctx, newOutcome(T0)).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(GateError)
    const e = error as GateError
    expect(e.kind).toBe('transient')
    expect(e.url).toBe(URL)
    expect(e.message).toMatch(
      new RegExp(
        `^Stopped looking for the Currents run after 2m(\\d+s)? of failures, before wait-timeout \\(1h\\) passed: the last ${finds} tries failed: .*connection refused \\(ECONNREFUSED\\) at http://127\\.0\\.0\\.1:9/v1/runs/find$`
      )
    )
    expect(finds).toBeGreaterThanOrEqual(5)
    const spent = clock.t - T0
    expect(spent).toBeGreaterThanOrEqual(120_000)
    expect(spent).toBeLessThan(180_000)
  })
})
