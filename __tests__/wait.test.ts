import { describe, expect, it } from '@jest/globals'
import { GateError } from '../src/model/errors.js'
import { type Clock, type PollOptions, nextInterval, pollUntil } from '../src/waiting/wait.js'

const T0 = 1_750_000_000_000
const MINUTE = 60_000

/** Time that moves only when the loop sleeps; records every sleep. */
class FakeClock implements Clock {
  t = T0
  sleeps: number[] = []
  /** Called inside each sleep, after time has moved (e.g. to fire a signal mid-sleep). */
  duringSleep?: (n: number) => void

  now(): number {
    return this.t
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new GateError('aborted', 'aborted'))
    this.sleeps.push(ms)
    this.t += ms
    this.duringSleep?.(this.sleeps.length)
    if (signal?.aborted) return Promise.reject(new GateError('aborted', 'aborted'))
    return Promise.resolve()
  }
}

/** A poll that answers each scripted step in turn (the last one repeats), noting poll times. */
function scripted(clock: FakeClock, steps: Array<number | GateError>) {
  const times: number[] = []
  let i = 0
  const poll = async () => {
    times.push(clock.now() - T0)
    const step = steps[Math.min(i++, steps.length - 1)]
    if (step instanceof GateError) throw step
    return step
  }
  return { poll, times }
}

function options(
  clock: FakeClock,
  poll: () => Promise<number>,
  over: Partial<PollOptions<number>> = {}
): PollOptions<number> {
  return {
    poll,
    isDone: v => v === 1,
    intervalMs: 5000,
    maxIntervalMs: 30_000,
    deadline: T0 + 60 * MINUTE,
    clock,
    ...over
  }
}

const transient = (retryAfterMs?: number) =>
  new GateError('transient', 'HTTP 503 Service Unavailable', { status: 503, retryAfterMs })

describe('nextInterval', () => {
  it('grows by half', () => {
    expect(nextInterval(5000, 5000, 30_000)).toBe(7500)
  })

  it('is capped at the maximum', () => {
    expect(nextInterval(25_000, 5000, 30_000)).toBe(30_000)
    expect(nextInterval(30_000, 5000, 30_000)).toBe(30_000)
  })

  it('is never below the minimum', () => {
    expect(nextInterval(100, 5000, 30_000)).toBe(5000)
  })
})

describe('pollUntil', () => {
  it('sleeps 5s, then ×1.5 each time, capped at 30s', async () => {
    const clock = new FakeClock()
    const { poll } = scripted(clock, [0, 0, 0, 0, 0, 0, 0, 1])
    await pollUntil(options(clock, poll))
    expect(clock.sleeps).toEqual([5000, 7500, 11_250, 16_875, 25_313, 30_000, 30_000])
  })

  it('is done on the first poll without sleeping', async () => {
    const clock = new FakeClock()
    const { poll } = scripted(clock, [1])
    const result = await pollUntil(options(clock, poll))
    expect(result).toEqual({ kind: 'done', value: 1, polls: 1 })
    expect(clock.sleeps).toEqual([])
  })

  it('reports each value it reads', async () => {
    const clock = new FakeClock()
    const { poll } = scripted(clock, [0, 2, 1])
    const seen: number[] = []
    await pollUntil(options(clock, poll, { onValue: v => seen.push(v) }))
    expect(seen).toEqual([0, 2, 1])
  })

  it('times out after one last poll that starts 1 s before the deadline', async () => {
    const clock = new FakeClock()
    const { poll, times } = scripted(clock, [0, 0, 0, 0, 0, 7])
    const result = await pollUntil(options(clock, poll, { deadline: T0 + MINUTE }))
    expect(result).toEqual({ kind: 'timeout', last: 7, polls: 6 })
    expect(times).toEqual([0, 5000, 12_500, 23_750, 40_625, 59_000])
    expect(clock.now()).toBe(T0 + 59_000)
  })

  it('gives the last poll a quarter of the time left when less than 4 s is left', async () => {
    const clock = new FakeClock()
    const { poll, times } = scripted(clock, [0])
    await pollUntil(options(clock, poll, { deadline: T0 + 3000 }))
    expect(times).toEqual([0, 2250])
  })

  it("answers 'done', not 'timeout', for a run that finished in the last interval", async () => {
    const clock = new FakeClock()
    const poll = async () => (clock.now() >= T0 + 50_000 ? 1 : 0)
    const result = await pollUntil(options(clock, poll, { deadline: T0 + MINUTE }))
    expect(result.kind).toBe('done')
  })

  it('polls at most 130 times in a 1 h wait with the defaults, the last just before the deadline', async () => {
    const clock = new FakeClock()
    const { poll, times } = scripted(clock, [0])
    const result = await pollUntil(options(clock, poll))
    expect(result.kind).toBe('timeout')
    expect(result.polls).toBeLessThanOrEqual(130)
    expect(times.at(-1)).toBe(60 * MINUTE - 1000)
  })

  it('caps a Retry-After longer than the wait at the deadline', async () => {
    const clock = new FakeClock()
    const { poll, times } = scripted(clock, [transient(10 * 60 * MINUTE)])
    const result = await pollUntil(options(clock, poll, { deadline: T0 + MINUTE }))
    expect(result.kind).toBe('timeout')
    expect(times).toEqual([0, 59_000])
    expect(Math.max(...clock.sleeps)).toBe(59_000)
  })

  it('ends a poll that hangs at the deadline (its signal fires), as a timeout', async () => {
    const clock = new FakeClock()
    const started = Date.now()
    const hang = (signal?: AbortSignal) =>
      new Promise<number>((_resolve, reject) =>
        signal?.addEventListener('abort', () => reject(new GateError('aborted', 'aborted')))
      )
    const result = await pollUntil(options(clock, hang, { deadline: T0 + 150 }))
    expect(result).toEqual({ kind: 'timeout', last: undefined, polls: 1 })
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('tolerates transient errors and goes on waiting', async () => {
    const clock = new FakeClock()
    const { poll } = scripted(clock, [transient(), transient(), transient(), 0, 1])
    const inARow: number[] = []
    const result = await pollUntil(options(clock, poll, { onTransient: (_e, n) => inARow.push(n) }))
    expect(result).toEqual({ kind: 'done', value: 1, polls: 5 })
    expect(inARow).toEqual([1, 2, 3])
  })

  it('goes on after 5 transient errors in a row while they span less than 2 minutes', async () => {
    const clock = new FakeClock()
    const failures = Array.from({ length: 6 }, () => transient())
    const { poll } = scripted(clock, [...failures, 1])
    const result = await pollUntil(options(clock, poll))
    expect(result.kind).toBe('done')
  })

  it('goes on after 2 minutes of transient errors while they are fewer than 5', async () => {
    const clock = new FakeClock()
    const failures = Array.from({ length: 4 }, () => transient(60_000))
    const { poll } = scripted(clock, [...failures, 1])
    const result = await pollUntil(options(clock, poll))
    expect(result.kind).toBe('done')
  })

  it('gives up once the errors are 5 in a row and span 2 minutes, rethrowing the last', async () => {
    const clock = new FakeClock()
    const last = transient()
    const steps = [...Array.from({ length: 7 }, () => transient()), last]
    const { poll, times } = scripted(clock, steps)
    await expect(pollUntil(options(clock, poll))).rejects.toBe(last)
    expect(times.length).toBe(8)
    expect(times.at(-2)).toBeLessThan(120_000)
    expect(times.at(-1)).toBeGreaterThanOrEqual(120_000)
  })

  it('gives up at the 5th error in a row when they already span 2 minutes', async () => {
    const clock = new FakeClock()
    const { poll, times } = scripted(clock, [transient(60_000)])
    await expect(pollUntil(options(clock, poll))).rejects.toMatchObject({ kind: 'transient' })
    expect(times.length).toBe(5)
  })

  it('starts the count again after a successful poll', async () => {
    const clock = new FakeClock()
    const fail = () => transient(60_000)
    const steps = [fail(), fail(), fail(), fail(), 0, fail(), fail(), fail(), fail(), 1]
    const { poll } = scripted(clock, steps)
    const result = await pollUntil(options(clock, poll, { deadline: T0 + 24 * 60 * MINUTE }))
    expect(result.kind).toBe('done')
  })

  it('sleeps at least a Retry-After, even above max-poll-interval, then resumes the schedule', async () => {
    const clock = new FakeClock()
    const { poll } = scripted(clock, [transient(45_000), 0, 1])
    await pollUntil(options(clock, poll))
    expect(clock.sleeps).toEqual([45_000, 7500])
  })

  it('ends at once on an error that is not transient', async () => {
    const clock = new FakeClock()
    const denied = new GateError('auth', 'HTTP 401: the API key was rejected', { status: 401 })
    const { poll, times } = scripted(clock, [0, denied, 1])
    await expect(pollUntil(options(clock, poll))).rejects.toBe(denied)
    expect(times.length).toBe(2)
  })

  it('ends at once on an error that is not a GateError', async () => {
    const clock = new FakeClock()
    const bug = new TypeError('x is undefined')
    const poll = async (): Promise<number> => {
      throw bug
    }
    await expect(pollUntil(options(clock, poll))).rejects.toBe(bug)
    expect(clock.sleeps).toEqual([])
  })

  it("rejects with 'aborted' without polling when the signal has already fired", async () => {
    const clock = new FakeClock()
    const { poll, times } = scripted(clock, [0])
    const controller = new AbortController()
    controller.abort(new Error('received SIGINT'))
    await expect(
      pollUntil(options(clock, poll, { signal: controller.signal }))
    ).rejects.toMatchObject({ kind: 'aborted' })
    expect(times).toEqual([])
  })

  it("rejects with 'aborted' when the signal fires while sleeping", async () => {
    const clock = new FakeClock()
    const { poll, times } = scripted(clock, [0])
    const controller = new AbortController()
    clock.duringSleep = n => {
      if (n === 2) controller.abort(new Error('received SIGINT'))
    }
    await expect(
      pollUntil(options(clock, poll, { signal: controller.signal }))
    ).rejects.toMatchObject({ kind: 'aborted' })
    expect(times.length).toBe(2)
  })

  it("rejects with 'aborted' when the signal fires during a poll", async () => {
    const clock = new FakeClock()
    const controller = new AbortController()
    let polls = 0
    const poll = async () => {
      polls++
      controller.abort(new Error('received SIGTERM'))
      return 0
    }
    await expect(
      pollUntil(options(clock, poll, { signal: controller.signal }))
    ).rejects.toMatchObject({ kind: 'aborted' })
    expect(polls).toBe(1)
  })

  it('gives each poll a signal that fires with its own signal', async () => {
    const clock = new FakeClock()
    const controller = new AbortController()
    const seen: AbortSignal[] = []
    const poll = async (signal?: AbortSignal) => {
      seen.push(signal as AbortSignal)
      return 1
    }
    await pollUntil({ ...options(clock, poll), signal: controller.signal })
    expect(seen).toHaveLength(1)
    expect(seen[0].aborted).toBe(false)
    controller.abort()
    expect(seen[0].aborted).toBe(true)
  })
})
