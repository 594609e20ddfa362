/** Stopping a run that nobody waits for any more: on a signal, or at the wait deadline. */
import { describeError } from '../errors.js'
import type { RunSnapshot } from '../providers/provider.js'
import { type Context, type Outcome, record } from './context.js'

export async function cancelOnStop(
  ctx: Context,
  outcome: Outcome,
  run: RunSnapshot,
  reason: 'signal' | 'timeout'
): Promise<void> {
  const { provider, settings, state } = ctx
  const name = provider.describe(run.id)
  const at = ctx.clock.now()
  if (reason === 'timeout' && !settings.cancelOnTimeout) {
    outcome.stop = { reason, outcome: 'not-attempted', at }
    state.save('phase', 'done')
    ctx.log.warn(`wait-timeout passed; ${name} is left running (cancel-on-timeout: false)`)
    return
  }
  ctx.log.info(
    `${reason === 'signal' ? 'Cancellation requested' : 'wait-timeout passed'}: stopping ${name}`
  )
  try {
    // Not tied to ctx.signal: that one has fired already. Urgent: short, bounded retries.
    const result = await provider.cancel(run.id, { urgent: true })
    outcome.stop = { reason, outcome: result, at }
    state.save('phase', 'done')
    if (result === 'cancelled') await recordFinalState(ctx, outcome, run.id)
    ctx.log.info(
      result === 'cancelled'
        ? `Stopped ${name}`
        : result === 'already-finished'
          ? `${name} had already finished`
          : `${name} was not found`
    )
  } catch (e) {
    // Phase stays 'waiting': the post step tries again.
    outcome.stop = { reason, outcome: 'failed', at, error: describeError(e) }
    ctx.log.warn(`Could not stop ${name}: ${describeError(e)}; the post step will try again`)
  }
}

/** One quick read after a stop, so outputs and summary show the run as stopped (best effort). */
async function recordFinalState(ctx: Context, outcome: Outcome, runId: string): Promise<void> {
  try {
    record(outcome, await ctx.provider.get(runId, { urgent: true }))
  } catch (e) {
    ctx.log.debug(
      `Could not read ${ctx.provider.describe(runId)} after stopping it: ${describeError(e)}`
    )
  }
}
