/**
 * `command: run` (and the waiting half of `rerun`): start or find the run, wait for it, rerun
 * failures when asked, then save its report and read its failed tests (after-run.ts). Cancels
 * the run on a signal or at the wait deadline.
 */
import { describeError, isGateError } from '../model/errors.js'
import type { RerunItem, RunSnapshot } from '../model/run.js'
import { pollUntil } from '../waiting/wait.js'
import { formatDuration } from '../model/words.js'
import { afterRun } from './after-run.js'
import { type Context } from './context.js'
import { type Outcome, record } from '../model/outcome.js'
import { untilAnswered } from './in-flight.js'
import { cancelOnStop } from './stop.js'
import { progressPrinter } from './progress.js'

export async function runCommand(ctx: Context, outcome: Outcome): Promise<void> {
  const { settings, provider, state } = ctx
  const deadline = outcome.startedAt + settings.waitTimeoutMs
  let run: RunSnapshot | undefined
  if (settings.runId !== undefined) {
    run = await provider.get(settings.runId, { signal: ctx.signal })
    ctx.log.info(`Waiting for ${provider.describe(run.id)}${run.url ? ` (${run.url})` : ''}`)
  } else if (provider.start) {
    state.save('phase', 'starting')
    // A signal ends the waits between tries (nothing was taken on then), never a try in flight.
    const subject = provider.startSubject?.() ?? { what: 'the run', where: provider.label }
    run = await untilAnswered(
      ctx,
      outcome,
      provider.start({ sleepSignal: ctx.signal }),
      `a run of ${subject.what}`,
      subject.where
    )
    ctx.log.info(`Started ${provider.describe(run.id)}${run.url ? `: ${run.url}` : ''}`)
  } else {
    state.save('phase', 'waiting')
    run = await findRun(ctx, outcome, deadline)
    if (run === undefined) return
  }
  record(outcome, run)
  await waitAndRerun(ctx, outcome, run, deadline)
}

/** Waits for `run`, then reruns its failures while asked to; the last run decides. */
export async function waitAndRerun(
  ctx: Context,
  outcome: Outcome,
  first: RunSnapshot,
  deadline: number
): Promise<void> {
  const { settings, provider, state } = ctx
  let run = first
  state.save('runId', run.id)
  ctx.onRunKnown?.(run)
  if (!settings.wait) {
    state.save('phase', 'started')
    if (ctx.signal.aborted) await cancelOnStop(ctx, outcome, run, 'signal')
    return
  }
  for (;;) {
    state.save('phase', 'waiting')
    const finished = await waitFor(ctx, outcome, run, deadline)
    if (!finished) return
    run = finished
    if (
      run.status !== 'failed' ||
      outcome.reruns >= settings.testsigma.rerunFailed ||
      !provider.rerun
    )
      break
    outcome.reruns++
    ctx.log.info(
      `Rerunning the failed tests of ${provider.describe(run.id)} (rerun ${outcome.reruns} of ${settings.testsigma.rerunFailed})`
    )
    run = await startRerun(ctx, outcome, run.id, 'ONLY_FAILED_TESTS')
  }
  state.save('phase', 'done')
  try {
    await afterRun(ctx, outcome, run)
  } catch (e) {
    // Cancelled after the run had ended (its report downloading): nothing is left to stop.
    if (isGateError(e, 'aborted'))
      outcome.stop = { reason: 'signal', outcome: 'already-finished', at: ctx.clock.now() }
    throw e
  }
}

/**
 * Starts a rerun of a finished run and makes it the run of this step. While the POST is in
 * flight the state names no run: the old one has ended, the new one is not known yet.
 */
export async function startRerun(
  ctx: Context,
  outcome: Outcome,
  runId: string,
  type: string,
  items?: readonly RerunItem[]
): Promise<RunSnapshot> {
  const { provider, state } = ctx
  const rerun = provider.rerun as NonNullable<typeof provider.rerun>
  state.save('phase', 'starting')
  state.save('runId', '')
  const run = await untilAnswered(
    ctx,
    outcome,
    rerun.call(provider, runId, type, items, { sleepSignal: ctx.signal }),
    `a rerun of ${provider.describe(runId)}`,
    `the runs of ${provider.describe(runId)} in ${provider.label}`
  )
  state.save('runId', run.id)
  state.save('phase', 'waiting')
  ctx.onRunKnown?.(run)
  record(outcome, run)
  ctx.log.info(`Started ${provider.describe(run.id)}${run.url ? `: ${run.url}` : ''}`)
  return run
}

/** " 3 times in a row" after the first of consecutive failures. */
const inARow = (n: number) => (n > 1 ? ` ${n} times in a row` : '')

/**
 * Polls one run to its end. Answers the finished snapshot, or undefined when the wait was cut
 * short (signal or deadline) and the run was cancelled as the settings say.
 */
async function waitFor(
  ctx: Context,
  outcome: Outcome,
  run: RunSnapshot,
  deadline: number
): Promise<RunSnapshot | undefined> {
  const { settings, provider } = ctx
  const print = progressPrinter(ctx, provider.describe(run.id), outcome.startedAt)
  print(run)
  if (run.state === 'finished') return run
  if (ctx.signal.aborted) return void (await cancelOnStop(ctx, outcome, run, 'signal'))
  try {
    const result = await pollUntil({
      poll: signal => provider.get(run.id, { signal }),
      isDone: r => r.state === 'finished',
      intervalMs: settings.pollIntervalMs,
      maxIntervalMs: settings.maxPollIntervalMs,
      deadline,
      signal: ctx.signal,
      clock: ctx.clock,
      onValue: r => {
        record(outcome, r)
        print(r)
      },
      onTransient: (e, n) =>
        ctx.log.warn(
          `Reading ${provider.describe(run.id)} failed${inARow(n)}; trying again: ${describeError(e)}`
        )
    })
    if (result.kind === 'done') return result.value
    await cancelOnStop(ctx, outcome, outcome.run ?? run, 'timeout')
    return undefined
  } catch (e) {
    if (!isGateError(e, 'aborted')) throw e
    await cancelOnStop(ctx, outcome, outcome.run ?? run, 'signal')
    return undefined
  }
}

/** Currents-style: look for a run recorded elsewhere until it exists or the deadline passes. */
async function findRun(
  ctx: Context,
  outcome: Outcome,
  deadline: number
): Promise<RunSnapshot | undefined> {
  const { settings, provider } = ctx
  const find = provider.find as NonNullable<typeof provider.find>
  const subject = provider.findSubject?.() ?? { what: `the ${provider.label} run`, hint: '' }
  const timeout = `wait-timeout (${formatDuration(settings.waitTimeoutMs)})`
  ctx.log.info(`Looking for ${subject.what}, until ${timeout} passes`)
  let announced = false
  try {
    const result = await pollUntil({
      poll: async signal => {
        const found = await find({ signal })
        if (found === undefined && !announced) {
          announced = true
          ctx.log.info(`No ${provider.label} run recorded yet; looking again until wait-timeout`)
        }
        return found
      },
      isDone: r => r !== undefined,
      intervalMs: settings.pollIntervalMs,
      maxIntervalMs: settings.maxPollIntervalMs,
      deadline,
      signal: ctx.signal,
      clock: ctx.clock,
      onTransient: (e, n) =>
        ctx.log.warn(`Looking for the run failed${inARow(n)}; trying again: ${describeError(e)}`)
    })
    if (result.kind === 'done' && result.value) {
      ctx.log.info(
        `Found ${provider.describe(result.value.id)}${result.value.foundBy ? ` by ${result.value.foundBy}` : ''}${result.value.url ? `: ${result.value.url}` : ''}`
      )
      return result.value
    }
    outcome.stop = { reason: 'timeout', outcome: 'not-attempted', at: ctx.clock.now() }
    outcome.done = `No ${provider.label} run was found within ${timeout}: looked for ${subject.what}${subject.hint ? `; ${subject.hint}` : ''}`
    ctx.state.save('phase', 'done')
    return undefined
  } catch (e) {
    if (!isGateError(e, 'aborted')) throw e
    // Nothing found to cancel by id: post cancels by GitHub run when the job was cancelled.
    outcome.stop = { reason: 'signal', outcome: 'not-attempted', at: ctx.clock.now() }
    return undefined
  }
}
