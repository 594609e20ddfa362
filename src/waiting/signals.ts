/**
 * The signals that mean "stop now". The runner sends SIGINT, then SIGTERM 7.5 s later, then
 * SIGKILL; on Windows it sends Ctrl-C then Ctrl-Break, which Node reports as SIGINT and SIGBREAK.
 */
export function terminationSignals(platform: NodeJS.Platform): NodeJS.Signals[] {
  return platform === 'win32' ? ['SIGINT', 'SIGBREAK', 'SIGTERM'] : ['SIGINT', 'SIGTERM']
}

/** Calls handler on each termination signal; answers a function that removes the handlers. */
export function onTermination(
  handler: (signal: NodeJS.Signals) => void,
  proc: Pick<NodeJS.Process, 'on' | 'off' | 'platform'> = process
): () => void {
  const signals = terminationSignals(proc.platform)
  for (const s of signals) proc.on(s, handler)
  return () => {
    for (const s of signals) proc.off(s, handler)
  }
}

/**
 * The budget after the first signal, inside the runner's 7.5 s before SIGTERM (SPEC.md
 * "Cancellation"), each counted from the signal: how long a trigger or rerun already sent may
 * still answer, by when every stop try and the read-back after it are done, and by when the
 * check run's last write is done. Outputs and the summary follow at once, then the exit.
 */
export const GRACE = { answerMs: 3000, stopMs: 5000, reportMs: 6500 }

/** The reason a termination signal aborts with: which signal, and when it came. */
export class SignalReceived extends Error {
  readonly at: number
  constructor(signal: NodeJS.Signals, at = Date.now()) {
    super(`received ${signal}`)
    this.at = at
  }
}

/**
 * Milliseconds left of a grace period of `ms` after the signal; the whole `ms` when the signal
 * has not fired (or fired for another reason).
 */
export function graceLeft(signal: AbortSignal, ms: number, now = Date.now()): number {
  const reason: unknown = signal.aborted ? signal.reason : undefined
  return reason instanceof SignalReceived ? Math.max(0, reason.at + ms - now) : ms
}

/**
 * Calls handler once when this process is re-parented: its parent died without passing a
 * signal on (SIGTERM to an `npx` ends npx alone and leaves the gate polling under init). A
 * process that init (or a container's init) started has no parent to lose. Windows does not
 * re-parent, so there this never fires.
 */
export function onParentGone(
  handler: (parent: number) => void,
  everyMs = 500,
  proc: Pick<NodeJS.Process, 'ppid'> = process
): () => void {
  const parent = proc.ppid
  if (parent <= 1) return () => {}
  const timer = setInterval(() => {
    if (proc.ppid === parent) return
    clearInterval(timer)
    handler(parent)
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
