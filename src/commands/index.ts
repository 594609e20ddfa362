/** One function per `command` input; each fills the outcome that the reporting edge reads. */
import { GateError, isGateError } from '../model/errors.js'
import type { Command } from '../settings/settings.js'
import { plural, statusPhrase } from '../model/words.js'
import { type Context } from './context.js'
import { type Outcome, record } from '../model/outcome.js'
import { lastFailedCommand } from './last-failed.js'
import { runCommand, waitAndRerun } from './run.js'
import { startRerun } from './start.js'
import { isGate } from '../settings/gate.js'

type CommandFn = (ctx: Context, outcome: Outcome) => Promise<void>

const need = <T>(capability: T | undefined, what: string): T => {
  if (capability === undefined) throw new GateError('bad-input', `Input 'command': ${what}`)
  return capability
}

const commands: Record<Command, CommandFn> = {
  run: runCommand,
  'last-failed': lastFailedCommand,

  async status(ctx, outcome) {
    const run = await ctx.provider.get(ctx.settings.runId as string, { signal: ctx.signal })
    record(outcome, run)
    outcome.done = `${ctx.provider.describe(run.id)} ${statusPhrase(run, run.status)}${run.result ? ` (${run.result})` : ''}`
  },

  async cancel(ctx, outcome) {
    const { provider, settings } = ctx
    if (settings.runId === undefined) {
      const cancelByCi = need(
        provider.cancelByCi,
        `cancel needs run-id with provider ${provider.name}`
      )
      const result = await cancelByCi.call(provider, { signal: ctx.signal })
      const runs = `${provider.label} runs of GitHub run ${settings.github.runId} attempt ${settings.github.runAttempt}`
      outcome.done =
        result === 'cancelled'
          ? `Cancelled the ${runs}`
          : result === 'already-cancelled'
            ? `The ${runs} were already cancelled`
            : `No ${provider.label} run of GitHub run ${settings.github.runId} attempt ${settings.github.runAttempt} was in progress`
      return
    }
    const name = provider.describe(settings.runId)
    const result = await provider.cancel(settings.runId, { signal: ctx.signal })
    if (result === 'not-found')
      throw new GateError('not-found', `${name} was not found; check run-id`)
    outcome.done =
      result === 'cancelled'
        ? `Cancelled ${name}`
        : `${name} had already finished; nothing to cancel`
  },

  async 'cancel-hook'(ctx, outcome) {
    ctx.state.save('phase', 'hook')
    outcome.done = `Cancellation hook armed: if this workflow run is cancelled, the post step cancels its ${ctx.provider.label} runs`
  },

  async rerun(ctx, outcome) {
    const { provider, settings } = ctx
    need(provider.rerun, `rerun is not a ${provider.name} command`)
    ctx.log.info(
      `Starting a rerun (${settings.testsigma.rerunType}) of ${provider.describe(settings.runId as string)}`
    )
    const deadline = outcome.startedAt + settings.waitTimeoutMs
    const run = await startRerun(
      ctx,
      outcome,
      settings.runId as string,
      deadline,
      settings.testsigma.rerunType,
      settings.testsigma.testCaseResults
    )
    if (run !== undefined) await waitAndRerun(ctx, outcome, run, deadline, true)
  },

  async reset(ctx, outcome) {
    const { provider, settings } = ctx
    const reset = need(provider.reset, `reset is not a ${provider.name} command`)
    const machines = await reset.call(
      provider,
      settings.runId as string,
      settings.currents.machineIds,
      { signal: ctx.signal }
    )
    outcome.done =
      machines === 0
        ? `${provider.describe(settings.runId as string)} has no failed specs with a machine to reset`
        : `Reset ${plural(machines, 'machine')} of ${provider.describe(settings.runId as string)}`
  },

  async delete(ctx, outcome) {
    const { provider, settings } = ctx
    const remove = need(provider.remove, `delete is not a ${provider.name} command`)
    await remove.call(provider, settings.runId as string, { signal: ctx.signal })
    outcome.done = `Deleted ${provider.describe(settings.runId as string)}`
  }
}

/**
 * Once main has ended with an error, post must not take it for a main step that died while
 * waiting (SPEC.md: no request on a normal job); the run may still go on, so a cancelled job
 * still cancels it. A signal is different: main cancelled, or post covers it as 'waiting'.
 */
export function commandFor(command: Command): CommandFn {
  return async (ctx, outcome) => {
    try {
      await commands[command](ctx, outcome)
    } catch (e) {
      if (!isGateError(e, 'aborted') && isGate(command)) {
        ctx.state.save('phase', 'failed')
      }
      throw e
    }
  }
}

/**
 * Runs the settings' command; answers the error it ended with, if any. A signal that cut the
 * command short before it could record a stop is recorded as one.
 */
export async function execute(ctx: Context, outcome: Outcome): Promise<unknown> {
  try {
    await commandFor(ctx.settings.command)(ctx, outcome)
    return undefined
  } catch (e) {
    if (isGateError(e, 'aborted') && !outcome.stop) {
      outcome.stop = { reason: 'signal', outcome: 'not-attempted', at: ctx.clock.now() }
    }
    ctx.log.debug(e instanceof Error && e.stack ? e.stack : String(e))
    return e
  }
}
