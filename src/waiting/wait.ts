/**
 * The poll loop: an adaptive interval, an overall deadline, an AbortSignal, and a budget of
 * consecutive transient failures (SPEC.md "Waiting"). Time comes from an injectable clock so
 * that tests and the benchmark can run an hour of polling in milliseconds.
 */
import { GateError, isGateError } from '../model/errors.js'
import { sleepFor, timeoutSignal } from './timers.js'

export interface Clock {
  now(): number
  /** Resolves after ms; rejects with GateError('aborted') as soon as the signal fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepFor(ms, signal, () => abortError(signal as AbortSignal))
}

export function abortError(signal: AbortSignal): GateError {
  const reason =
    signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? '')
  return new GateError('aborted', `aborted${reason ? `: ${reason}` : ''}`)
}

/** Delays grow by this factor from poll-interval toward max-poll-interval. */
export const GROWTH = 1.5

/**
 * The last poll starts this long before the deadline (at most a quarter of the time left), so
 * that its answer can arrive inside wait-timeout: a run that finished in the final interval is
 * reported as finished, not timed out.
 */
export const LAST_POLL_MS = 1000

/** Give up on a run of transient failures only when it is this long in count AND in time. */
export const FAILURE_BUDGET = { count: 5, ms: 120_000 }

export function nextInterval(current: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(current * GROWTH)))
}

export interface PollOptions<T> {
  /** Reads the current value; transient GateErrors are tolerated within the failure budget. */
  poll: (signal?: AbortSignal) => Promise<T>
  isDone: (value: T) => boolean
  intervalMs: number
  maxIntervalMs: number
  /** Absolute clock time after which the wait ends with `timeout`. */
  deadline: number
  signal?: AbortSignal
  clock?: Clock
  onValue?: (value: T) => void
  onTransient?: (error: GateError, inARow: number) => void
  failureBudget?: { count: number; ms: number }
}

export type PollResult<T> =
  { kind: 'done'; value: T; polls: number } | { kind: 'timeout'; last?: T; polls: number }

/**
 * Polls until `isDone`, the deadline, or the signal (which rejects with GateError 'aborted').
 * Each poll gets a signal that also fires at the deadline, so no request, retry or Retry-After
 * runs past it. Errors that are not transient end the wait at once; the result is never
 * guessed.
 */
export async function pollUntil<T>(o: PollOptions<T>): Promise<PollResult<T>> {
  const clock = o.clock ?? systemClock
  const budget = o.failureBudget ?? FAILURE_BUDGET
  let interval = o.intervalMs
  let polls = 0
  let last: T | undefined
  let failures = 0
  let failingSince = 0
  let lastPoll = false
  for (;;) {
    if (o.signal?.aborted) throw abortError(o.signal)
    let wait = interval
    const deadline = timeoutSignal(o.deadline - clock.now(), 'wait-timeout passed')
    try {
      polls++
      const signal = o.signal ? AbortSignal.any([o.signal, deadline.signal]) : deadline.signal
      const value = await o.poll(signal)
      failures = 0
      last = value
      o.onValue?.(value)
      if (o.isDone(value)) return { kind: 'done', value, polls }
    } catch (e) {
      if (o.signal?.aborted) throw abortError(o.signal)
      if (deadline.signal.aborted) return { kind: 'timeout', last, polls }
      if (!isGateError(e, 'transient')) throw e
      if (failures++ === 0) failingSince = clock.now()
      o.onTransient?.(e, failures)
      if (failures >= budget.count && clock.now() - failingSince >= budget.ms) throw e
      wait = Math.max(wait, e.retryAfterMs ?? 0)
    } finally {
      deadline.clear()
    }
    const left = o.deadline - clock.now()
    if (left <= 0 || lastPoll) return { kind: 'timeout', last, polls }
    if (wait >= left) {
      lastPoll = true
      wait = left - Math.min(LAST_POLL_MS, left / 4)
    }
    await clock.sleep(wait, o.signal)
    interval = nextInterval(interval, o.intervalMs, o.maxIntervalMs)
  }
}
