/**
 * Starting a run (a trigger, a rerun) inside the wait's deadline (README "Cancellation": no
 * request, retry or Retry-After wait runs past wait-timeout). The deadline ends the waits
 * between tries and caps each try's timeout; a signal ends the waits only (in-flight.ts).
 */
import { isGateError } from '../model/errors.js'
import type { RerunItem, RunSnapshot } from '../model/run.js'
import { type Outcome, record } from '../model/outcome.js'
import { formatDuration } from '../model/words.js'
import type { CallOptions } from '../providers/provider.js'
import { timeoutSignal } from '../waiting/timers.js'
import type { Context } from './context.js'
import { untilAnswered } from './in-flight.js'

/**
 * Answers the new run, or undefined when wait-timeout passed first (the stop is recorded,
 * with a note saying whether a run may have started). `subject` names what may have started,
 * e.g. "a run of test plan 274"; `where` where to check.
 */
export async function startUntil(
  ctx: Context,
  outcome: Outcome,
  deadline: number,
  about: { subject: string; where: string },
  start: (opts: CallOptions) => Promise<RunSnapshot>
): Promise<RunSnapshot | undefined> {
  const left = deadline - ctx.clock.now()
  const limit = timeoutSignal(left, 'wait-timeout passed')
  const passed = () => limit.signal.aborted || ctx.clock.now() >= deadline
  try {
    const opts = {
      sleepSignal: AbortSignal.any([ctx.signal, limit.signal]),
      deadline: Date.now() + left
    }
    return await untilAnswered(ctx, outcome, start(opts), about.subject, about.where)
  } catch (e) {
    if (ctx.signal.aborted || !passed()) throw e
    const timeout = `wait-timeout (${formatDuration(ctx.settings.waitTimeoutMs)}) passed`
    const note =
      isGateError(e) && e.mayHaveReachedServer
        ? `${about.subject} may have started (no answer in time): check ${about.where}`
        : `${about.subject} was not started`
    outcome.stop = { reason: 'timeout', outcome: 'not-attempted', at: ctx.clock.now(), note }
    ctx.state.save('phase', 'done')
    ctx.log.warn(`${timeout} while starting ${about.subject}; ${note}`)
    return undefined
  } finally {
    limit.clear()
  }
}

/**
 * Starts a rerun of a finished run and makes it the run of this step; undefined when
 * wait-timeout passed first. While the POST is in flight the state names no run: the old one
 * has ended, the new one is not known yet.
 */
export async function startRerun(
  ctx: Context,
  outcome: Outcome,
  runId: string,
  deadline: number,
  type: string,
  items?: readonly RerunItem[]
): Promise<RunSnapshot | undefined> {
  const { provider, state } = ctx
  const rerun = provider.rerun as NonNullable<typeof provider.rerun>
  state.save('phase', 'starting')
  state.save('runId', '')
  const about = {
    subject: `a rerun of ${provider.describe(runId)}`,
    where: `the runs of ${provider.describe(runId)} in ${provider.label}`
  }
  const run = await startUntil(ctx, outcome, deadline, about, opts =>
    rerun.call(provider, runId, type, items, opts)
  )
  if (run === undefined) return undefined
  state.save('runId', run.id)
  state.save('phase', 'waiting')
  ctx.onRunKnown?.(run)
  record(outcome, run)
  ctx.log.info(`Started ${provider.describe(run.id)}${run.url ? `: ${run.url}` : ''}`)
  return run
}
