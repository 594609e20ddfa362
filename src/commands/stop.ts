/** Stopping a run that nobody waits for any more: on a signal, or at the wait deadline. */
import { describeError } from '../model/errors.js'
import type { RunSnapshot } from '../model/run.js'
import { GRACE, graceLeft } from '../waiting/signals.js'
import { timeoutSignal } from '../waiting/timers.js'
import { cancelledWhy, formatDuration, stopLater } from '../model/words.js'
import { type Context } from './context.js'
import { type Outcome, record } from '../model/outcome.js'

/** At the wait deadline nothing presses as a signal does; still, a stop never hangs. */
export const STOP_AFTER_TIMEOUT_MS = 20_000

/** The read after a stop, so that outputs show the run as stopped. */
const READ_BACK_MS = 2500

export async function cancelOnStop(
  ctx: Context,
  outcome: Outcome,
  run: RunSnapshot,
  reason: 'signal' | 'timeout'
): Promise<void> {
  const { provider, settings, state } = ctx
  const name = provider.describe(run.id)
  const at = ctx.clock.now()
  const timeout = `wait-timeout (${formatDuration(settings.waitTimeoutMs)}) passed`
  if (reason === 'timeout' && !settings.cancelOnTimeout) {
    outcome.stop = { reason, outcome: 'not-attempted', at }
    state.save('phase', 'done')
    ctx.log.warn(`${timeout}; ${name} is left running (cancel-on-timeout: false)`)
    return
  }
  ctx.log.info(`${reason === 'signal' ? cancelledWhy(settings.host) : timeout}; stopping ${name}`)
  // Every stop try and the read-back share one budget: after a signal, what is left of
  // GRACE.stopMs, so that the step writes its outputs and exits before SIGTERM.
  const budgetMs = reason === 'signal' ? graceLeft(ctx.signal, GRACE.stopMs) : STOP_AFTER_TIMEOUT_MS
  const budget = timeoutSignal(budgetMs, `no answer within ${budgetMs} ms`)
  try {
    // Not tied to ctx.signal: that one has fired already. Urgent: short, bounded retries.
    const result = await provider.cancel(run.id, { urgent: true, signal: budget.signal })
    outcome.stop = { reason, outcome: result, at }
    state.save('phase', 'done')
    if (result === 'cancelled') await recordFinalState(ctx, outcome, run.id, budget.signal)
    ctx.log.info(
      result === 'cancelled'
        ? `Stopped ${name}`
        : result === 'already-finished'
          ? `${name} had already finished`
          : `${name} was not found`
    )
  } catch (e) {
    // Phase stays 'waiting': the post step tries again.
    const error = budget.signal.aborted
      ? `no answer within ${(budgetMs / 1000).toFixed(1)}s`
      : describeError(e)
    outcome.stop = { reason, outcome: 'failed', at, error }
    ctx.log.warn(`Could not stop ${name}: ${error}; ${stopLater(settings.host)}`)
  } finally {
    budget.clear()
  }
}

/** One quick read after a stop, so outputs and summary show the run as stopped (best effort). */
async function recordFinalState(
  ctx: Context,
  outcome: Outcome,
  runId: string,
  signal: AbortSignal
): Promise<void> {
  try {
    // Best effort: a short look, never the rest of the budget.
    const quick = AbortSignal.any([signal, AbortSignal.timeout(READ_BACK_MS)])
    record(outcome, await ctx.provider.get(runId, { urgent: true, signal: quick }))
  } catch (e) {
    ctx.log.debug(
      `Could not read ${ctx.provider.describe(runId)} after stopping it: ${describeError(e)}`
    )
  }
}
