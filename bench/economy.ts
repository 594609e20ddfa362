/**
 * Detection lag and request economy of the poll loop, in simulated time: the real pollUntil
 * with an injected clock, against a run that finishes at a given time.
 */
import { GateError } from '../src/model/errors.js'
import { type Clock, pollUntil } from '../src/waiting/wait.js'

export interface EconomyResult {
  runMs: number
  requests: number
  lagMs: number
  lagPct: number
}

function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms
    }
  }
  return c
}

/** A run that finishes at `runMs`, polled with the action's defaults (5 s growing to 30 s). */
export async function economy(
  runMs: number,
  intervalMs = 5000,
  maxIntervalMs = 30_000
): Promise<EconomyResult> {
  const clock = fakeClock()
  let requests = 0
  const result = await pollUntil({
    poll: async () => {
      requests++
      return clock.t >= runMs
    },
    isDone: done => done,
    intervalMs,
    maxIntervalMs,
    deadline: runMs * 2 + 3_600_000,
    clock
  })
  if (result.kind !== 'done') throw new Error('economy: the run never finished')
  const lagMs = clock.t - runMs
  return { runMs, requests, lagMs, lagPct: (100 * lagMs) / runMs }
}

/**
 * A server that answers 429 with Retry-After for `busyMs` (say, 10 minutes): counts the
 * requests made during that time. With no storm, that is about busyMs / retryAfterMs.
 */
export async function retryAfterStorm(
  busyMs: number,
  retryAfterMs: number
): Promise<{ requests: number; expectedAtMost: number }> {
  const clock = fakeClock()
  let requests = 0
  await pollUntil({
    poll: async () => {
      requests++
      if (clock.t < busyMs)
        throw new GateError('transient', 'HTTP 429', { status: 429, retryAfterMs })
      return true
    },
    isDone: done => done,
    intervalMs: 5000,
    maxIntervalMs: 30_000,
    deadline: busyMs * 10,
    clock,
    failureBudget: { count: Infinity, ms: Infinity }
  })
  return { requests, expectedAtMost: Math.ceil(busyMs / retryAfterMs) + 1 }
}
