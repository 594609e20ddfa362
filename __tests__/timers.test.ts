import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { MAX_TIMER_MS, after, sleepFor, timeoutSignal } from '../src/waiting/timers.js'
import { systemClock } from '../src/waiting/wait.js'

beforeEach(() => {
  jest.useFakeTimers()
})
afterEach(() => {
  jest.useRealTimers()
})

describe('timers longer than Node can hold (2^31-1 ms)', () => {
  it('after() fires only once the whole delay has passed', () => {
    const fn = jest.fn()
    after(MAX_TIMER_MS * 2 + 5, fn)
    jest.advanceTimersByTime(MAX_TIMER_MS)
    jest.advanceTimersByTime(MAX_TIMER_MS)
    expect(fn).not.toHaveBeenCalled()
    jest.advanceTimersByTime(5)
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('after() can be cancelled in any piece', () => {
    const fn = jest.fn()
    const cancel = after(MAX_TIMER_MS + 10, fn)
    jest.advanceTimersByTime(MAX_TIMER_MS + 1)
    cancel()
    jest.advanceTimersByTime(MAX_TIMER_MS)
    expect(fn).not.toHaveBeenCalled()
  })

  it('a 600 h sleep of the poller is still asleep after a day', async () => {
    let done = false
    void systemClock.sleep(600 * 3_600_000).then(() => (done = true))
    await jest.advanceTimersByTimeAsync(24 * 3_600_000)
    expect(done).toBe(false)
    await jest.advanceTimersByTimeAsync(576 * 3_600_000)
    expect(done).toBe(true)
  })

  it('timeoutSignal aborts with its reason, and not once cleared', () => {
    const a = timeoutSignal(MAX_TIMER_MS + 1, 'wait-timeout passed')
    jest.advanceTimersByTime(MAX_TIMER_MS)
    expect(a.signal.aborted).toBe(false)
    jest.advanceTimersByTime(1)
    expect((a.signal.reason as Error).message).toBe('wait-timeout passed')
    const b = timeoutSignal(10, 'x')
    b.clear()
    jest.advanceTimersByTime(20)
    expect(b.signal.aborted).toBe(false)
  })

  it('sleepFor rejects with the given error as soon as the signal fires', async () => {
    const c = new AbortController()
    const p = sleepFor(MAX_TIMER_MS * 3, c.signal, () => new Error('stopped'))
    c.abort()
    await expect(p).rejects.toThrow('stopped')
  })
})
