/** Stopping a run that nobody waits for any more: on a signal, or at the wait deadline. */
import { GateError, describeError, isGateError } from '../model/errors.js'
import type { CancelOutcome, RunSnapshot } from '../model/run.js'
import { DEFAULT_API_URL } from '../settings/settings.js'
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
  runId: string,
  reason: 'signal' | 'timeout'
): Promise<void> {
  const { provider, settings, state } = ctx
  const name = provider.describe(runId)
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
  let tried = await tryStop(ctx, runId, budgetMs)
  if (!tried.ok && noPostStep(ctx)) {
    // No post step will try again: the CLI does, within its own time (a second signal ends
    // the process at once, cli/main.ts).
    ctx.log.warn(`Could not stop ${name}: ${tried.error}; trying again`)
    tried = await tryStop(ctx, runId, STOP_AFTER_TIMEOUT_MS)
  }
  if (tried.ok) {
    outcome.stop = { reason, outcome: tried.result, at }
    state.save('phase', 'done')
    if (tried.final) record(outcome, tried.final)
    ctx.log.info(
      tried.result === 'cancelled'
        ? `Stopped ${name}`
        : tried.result === 'already-finished'
          ? `${name} had already finished`
          : `${name} was not found`
    )
    return
  }
  // Phase stays 'waiting': the post step, if any, tries again.
  const then = noPostStep(ctx) ? `stop it with: ${cancelCommand(settings, runId)}` : undefined
  outcome.stop = { reason, outcome: 'failed', at, error: tried.error, then }
  ctx.log.warn(`Could not stop ${name}: ${tried.error}; ${then ?? stopLater(settings.host)}`)
}

/** The CLI has no post step to try a failed stop again: it does, then names the command. */
const noPostStep = (ctx: Context) => ctx.settings.host === 'cli'

type Tried = { ok: true; result: CancelOutcome; final?: RunSnapshot } | { ok: false; error: string }

/** Stop tries and, after a stop (with `readBack`), one read of the run, all within budgetMs. */
async function tryStop(
  ctx: Context,
  runId: string,
  budgetMs: number,
  readBack = true
): Promise<Tried> {
  const budget = timeoutSignal(budgetMs, `no answer within ${budgetMs} ms`)
  try {
    // Not tied to ctx.signal: that one has fired already. Urgent: short, bounded retries.
    const result = await ctx.provider.cancel(runId, { urgent: true, signal: budget.signal })
    const final =
      result === 'cancelled' && readBack
        ? await readFinalState(ctx, runId, budget.signal)
        : undefined
    return { ok: true, result, final }
  } catch (e) {
    const error = budget.signal.aborted
      ? `no answer within ${(budgetMs / 1000).toFixed(1)}s`
      : describeError(e)
    return { ok: false, error }
  } finally {
    budget.clear()
  }
}

/** The CLI command that stops a run, for a stop that could not be made here. */
function cancelCommand(settings: Context['settings'], runId: string): string {
  const url =
    settings.apiUrl === DEFAULT_API_URL[settings.provider] ? '' : ` --api-url ${settings.apiUrl}`
  return `test-run-gate cancel --provider ${settings.provider} --run-id ${runId}${url}`
}

/**
 * A run this step started and stops following for another reason than its end (a rejected
 * key, an answer of the wrong shape or about another run): nobody would stop it otherwise, so
 * it is stopped as at the deadline. Answers the error to end with, saying how the stop went.
 */
export async function stopAfterError(
  ctx: Context,
  runId: string,
  error: unknown
): Promise<unknown> {
  if (!isGateError(error)) return error
  const name = ctx.provider.describe(runId)
  ctx.log.info(`Stopped following ${name} (${describeError(error)}); stopping it`)
  // No read-back: reads are what failed, and the step ends with the error, not the run's state.
  const tried = await tryStop(ctx, runId, STOP_AFTER_TIMEOUT_MS, false)
  if (tried.ok) ctx.state.save('phase', 'done')
  const said = tried.ok
    ? tried.result === 'cancelled'
      ? `stopped ${name}`
      : tried.result === 'already-finished'
        ? `${name} had already finished`
        : `${name} was not found to stop`
    : `stopping ${name} failed too (${tried.error}); ${noPostStep(ctx) ? `stop it with: ${cancelCommand(ctx.settings, runId)}` : 'stop it in ' + ctx.provider.label}`
  ctx.log.info(said.charAt(0).toUpperCase() + said.slice(1))
  return new GateError(error.kind, `${error.message}; ${said}`, {
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    mayHaveReachedServer: error.mayHaveReachedServer,
    cause: error
  })
}

/** One quick read after a stop, so outputs and summary show the run as stopped (best effort). */
async function readFinalState(
  ctx: Context,
  runId: string,
  signal: AbortSignal
): Promise<RunSnapshot | undefined> {
  try {
    // Best effort: a short look, never the rest of the budget.
    const quick = AbortSignal.any([signal, AbortSignal.timeout(READ_BACK_MS)])
    return await ctx.provider.get(runId, { urgent: true, signal: quick })
  } catch (e) {
    ctx.log.debug(
      `Could not read ${ctx.provider.describe(runId)} after stopping it: ${describeError(e)}`
    )
    return undefined
  }
}
