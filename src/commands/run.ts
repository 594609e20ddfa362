/**
 * `command: run` (and the waiting half of `rerun`): start or find the run, wait for it, rerun
 * failures when asked, then save its report and read its failed tests (after-run.ts). Cancels
 * the run on a signal or at the wait deadline.
 */
import { GateError, describeError, isGateError } from '../model/errors.js'
import type { RunSnapshot } from '../model/run.js'
import { pollUntil } from '../waiting/wait.js'
import { formatDuration } from '../model/words.js'
import { afterRun } from './after-run.js'
import { type Context } from './context.js'
import { type Outcome, record } from '../model/outcome.js'
import { startRerun, startUntil } from './start.js'
import { cancelOnStop, stopAfterError } from './stop.js'
import { progressPrinter } from './progress.js'

export async function runCommand(ctx: Context, outcome: Outcome): Promise<void> {
  const { settings, provider, state } = ctx
  const deadline = outcome.startedAt + settings.waitTimeoutMs
  if (settings.runId !== undefined) {
    // Known from the input: outputs name it and a signal stops it, whatever its first read does.
    outcome.runId = settings.runId
    return waitAndRerun(ctx, outcome, settings.runId, deadline, false)
  }
  let run: RunSnapshot | undefined
  if (provider.start) {
    state.save('phase', 'starting')
    // A signal ends the waits between tries (nothing was taken on then), never a try in flight.
    const subject = provider.startSubject?.() ?? { what: 'the run', where: provider.label }
    const about = { subject: `a run of ${subject.what}`, where: subject.where }
    run = await startUntil(ctx, outcome, deadline, about, opts =>
      (provider.start as NonNullable<typeof provider.start>)(opts)
    )
    if (run === undefined) return
    ctx.log.info(`Started ${provider.describe(run.id)}${run.url ? `: ${run.url}` : ''}`)
  } else {
    state.save('phase', 'waiting')
    run = await findRun(ctx, outcome, deadline)
    if (run === undefined) return
  }
  record(outcome, run)
  await waitAndRerun(ctx, outcome, run, deadline, provider.start !== undefined)
}

/**
 * Waits for a run (a snapshot, or an id not read yet), then reruns its failures while asked
 * to; the last run decides. `started`: this step started it, so it stops what it gives up on.
 */
export async function waitAndRerun(
  ctx: Context,
  outcome: Outcome,
  first: RunSnapshot | string,
  deadline: number,
  started: boolean
): Promise<void> {
  const { settings, provider, state } = ctx
  let known = typeof first === 'string' ? undefined : first
  let runId = typeof first === 'string' ? first : first.id
  state.save('runId', runId)
  if (known) ctx.onRunKnown?.(known)
  for (;;) {
    state.save('phase', 'waiting')
    const run = await follow(ctx, outcome, { id: runId, known, started }, deadline)
    if (!run) return
    if (!settings.wait) {
      state.save('phase', 'started')
      if (ctx.signal.aborted) await cancelOnStop(ctx, outcome, run.id, 'signal')
      return
    }
    if (
      run.status !== 'failed' ||
      outcome.reruns >= settings.testsigma.rerunFailed ||
      !provider.rerun
    )
      return finish(ctx, outcome, run)
    outcome.reruns++
    ctx.log.info(
      `Rerunning the failed tests of ${provider.describe(run.id)} (rerun ${outcome.reruns} of ${settings.testsigma.rerunFailed})`
    )
    let rerun: RunSnapshot | undefined
    try {
      rerun = await startRerun(ctx, outcome, run.id, deadline, 'ONLY_FAILED_TESTS')
    } catch (e) {
      // The failed run's tests are still worth reporting: the rerun never replaced it.
      if (!isGateError(e, 'aborted')) await afterRun(ctx, outcome, run)
      throw e
    }
    if (rerun === undefined) return afterRun(ctx, outcome, run)
    known = rerun
    runId = rerun.id
    started = true
  }
}

/** The last run has finished: its report and failed tests. */
async function finish(ctx: Context, outcome: Outcome, run: RunSnapshot): Promise<void> {
  ctx.state.save('phase', 'done')
  try {
    await afterRun(ctx, outcome, run)
  } catch (e) {
    // Cancelled after the run had ended (its report downloading): nothing is left to stop.
    if (isGateError(e, 'aborted'))
      outcome.stop = { reason: 'signal', outcome: 'already-finished', at: ctx.clock.now() }
    throw e
  }
}

/** " 3 times in a row" after the first of consecutive failures. */
const inARow = (n: number) => (n > 1 ? ` ${n} times in a row` : '')

/** The run being followed: its id, its last snapshot when read, whether this step started it. */
interface Followed {
  id: string
  known?: RunSnapshot
  started: boolean
}

/**
 * Polls one run to its end (with wait: false, one read), its first read included: the same
 * deadline and transient rule. Answers the last snapshot, or undefined when the wait was cut
 * short (signal or deadline) and the run was stopped as the settings say. A run this step
 * started and stops following for any other reason is stopped too.
 */
async function follow(
  ctx: Context,
  outcome: Outcome,
  run: Followed,
  deadline: number
): Promise<RunSnapshot | undefined> {
  const { settings, provider } = ctx
  const print = progressPrinter(ctx, provider.describe(run.id), outcome.startedAt)
  let read = run.known !== undefined
  if (run.known) {
    print(run.known)
    if (run.known.state === 'finished' || !settings.wait) return run.known
  }
  if (ctx.signal.aborted) return void (await cancelOnStop(ctx, outcome, run.id, 'signal'))
  try {
    const result = await pollUntil({
      poll: signal => provider.get(run.id, { signal }),
      isDone: r => r.state === 'finished' || !settings.wait,
      intervalMs: settings.pollIntervalMs,
      maxIntervalMs: settings.maxPollIntervalMs,
      deadline,
      signal: ctx.signal,
      clock: ctx.clock,
      onValue: r => {
        record(outcome, r)
        if (!read) {
          read = true
          ctx.log.info(`Waiting for ${provider.describe(r.id)}${r.url ? ` (${r.url})` : ''}`)
          ctx.onRunKnown?.(r)
        }
        print(r)
      },
      onTransient: (e, n) =>
        ctx.log.warn(
          `Reading ${provider.describe(run.id)} failed${inARow(n)}; trying again: ${describeError(e)}`
        )
    })
    if (result.kind === 'done') return result.value
    await cancelOnStop(ctx, outcome, run.id, 'timeout')
    return undefined
  } catch (e) {
    if (isGateError(e, 'aborted')) {
      await cancelOnStop(ctx, outcome, run.id, 'signal')
      return undefined
    }
    throw run.started ? await stopAfterError(ctx, run.id, e) : e
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
  // The failures since the last answer: a wait that ends on them says why nothing was found.
  let failing: { error: GateError; tries: number; since: number } | undefined
  const failed = (error: GateError, tries = (failing?.tries ?? 0) + 1) => {
    failing = { error, tries, since: failing?.since ?? ctx.clock.now() }
  }
  try {
    const result = await pollUntil({
      poll: async signal => {
        let found: RunSnapshot | undefined
        try {
          found = await find({ signal })
        } catch (e) {
          // Cut off by wait-timeout between retries: the failure before the cut is the news.
          if (isGateError(e, 'aborted') && e.lastFailure && !ctx.signal.aborted)
            failed(e.lastFailure)
          throw e
        }
        failing = undefined
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
      onTransient: (e, n) => {
        failed(e, n)
        ctx.log.warn(`Looking for the run failed${inARow(n)}; trying again: ${describeError(e)}`)
      }
    })
    if (result.kind === 'done' && result.value) {
      ctx.log.info(
        `Found ${provider.describe(result.value.id)}${result.value.foundBy ? ` by ${result.value.foundBy}` : ''}${result.value.url ? `: ${result.value.url}` : ''}`
      )
      return result.value
    }
    outcome.stop = { reason: 'timeout', outcome: 'not-attempted', at: ctx.clock.now() }
    outcome.done = failing
      ? `No ${provider.label} run was found within ${timeout}: ${lastTries(failing)}; looked for ${subject.what}`
      : `No ${provider.label} run was found within ${timeout}: looked for ${subject.what}${subject.hint ? `; ${subject.hint}` : ''}`
    ctx.state.save('phase', 'done')
    return undefined
  } catch (e) {
    if (isGateError(e, 'transient') && failing) {
      // Only the wait's failure budget lets a transient error out: say that it gave up, and why.
      const over = formatDuration(Math.round((ctx.clock.now() - failing.since) / 1000) * 1000)
      throw new GateError(
        'transient',
        `Stopped looking for the ${provider.label} run after ${over} of failures, before ${timeout} passed: ${lastTries(failing)}`,
        { cause: e, url: failing.error.url, status: failing.error.status }
      )
    }
    if (!isGateError(e, 'aborted')) throw e
    // Nothing found to cancel by id: post cancels by GitHub run when the job was cancelled.
    outcome.stop = { reason: 'signal', outcome: 'not-attempted', at: ctx.clock.now() }
    return undefined
  }
}

/** "the last 5 tries failed: <why> at <url>", for a wait that ends on failures. */
function lastTries(f: { error: GateError; tries: number }): string {
  const tries = f.tries === 1 ? 'the last try' : `the last ${f.tries} tries`
  return `${tries} failed: ${describeError(f.error)}${f.error.url ? ` at ${f.error.url}` : ''}`
}
