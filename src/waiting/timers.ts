/**
 * Timers for durations people type: Node's setTimeout holds at most 2^31-1 ms (about 24.8
 * days) and fires a longer one after 1 ms, which turned `poll-interval: 600h` into a busy loop.
 * These chain safe pieces instead.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** Calls fn after ms (any length); answers a function that cancels it. */
export function after(ms: number, fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const arm = (left: number): void => {
    const piece = Math.min(left, MAX_TIMER_MS)
    timer = setTimeout(() => (left > piece ? arm(left - piece) : fn()), piece)
  }
  arm(Number.isFinite(ms) ? Math.max(0, ms) : MAX_TIMER_MS * 1000)
  return () => clearTimeout(timer)
}

/** A signal that aborts after ms with `reason`; `clear` stops the timer (call it when done). */
export function timeoutSignal(ms: number, reason: string): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController()
  const clear = after(ms, () => controller.abort(new Error(reason)))
  return { signal: controller.signal, clear }
}

/** Resolves after ms; rejects with onAbort() as soon as the signal fires. */
export function sleepFor(ms: number, signal: AbortSignal | undefined, onAbort: () => Error) {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(onAbort())
    const abort = (): void => {
      cancel()
      reject(onAbort())
    }
    const cancel = after(ms, () => {
      signal?.removeEventListener('abort', abort)
      resolve()
    })
    signal?.addEventListener('abort', abort, { once: true })
  })
}
