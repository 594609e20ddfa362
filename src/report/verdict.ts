/** The exit rules of SPEC.md and the one-line verdict that goes with them. */
import type { Outcome } from '../commands/context.js'
import { describeError, isGateError } from '../errors.js'
import type { RunSnapshot, RunStatus } from '../providers/provider.js'
import type { Settings } from '../settings.js'

export interface Verdict {
  status: RunStatus | ''
  exitCode: 0 | 1
  /** The final line: an ::error:: when exitCode is 1, otherwise a notice-free info line. */
  line: string
}

const COMMANDS_WITHOUT_GATE = new Set([
  'status',
  'cancel',
  'cancel-hook',
  'reset',
  'delete',
  'last-failed'
])

export function finalStatus(outcome: Outcome): RunStatus | '' {
  const stop = outcome.stop
  // Cancelled after the run had ended (e.g. while its report downloaded): the run's own result.
  const ended = stop?.outcome === 'already-finished' && outcome.run?.state === 'finished'
  if (stop?.reason === 'signal' && !ended) return 'cancelled'
  if (outcome.stop?.reason === 'timeout') return 'timed-out'
  return outcome.run?.status ?? ''
}

export function countsText(run: RunSnapshot): string {
  const c = run.counts
  const parts = [
    c.total !== undefined ? `${c.total} tests` : '',
    c.passed !== undefined ? `${c.passed} passed` : '',
    c.failed !== undefined ? `${c.failed} failed` : '',
    c.skipped ? `${c.skipped} skipped` : '',
    c.flaky ? `${c.flaky} flaky` : ''
  ].filter(Boolean)
  return parts.join(', ')
}

export function verdict(settings: Settings, given: Outcome, error?: unknown): Verdict {
  if (error !== undefined && !isGateError(error, 'aborted')) {
    return { status: finalStatus(given), exitCode: 1, line: describeError(error) }
  }
  // A signal that cut a command short before it could record a stop still cancels the step.
  const outcome: Outcome =
    error !== undefined && given.stop === undefined
      ? { ...given, stop: { reason: 'signal', outcome: 'not-attempted', at: given.startedAt } }
      : given
  const status = finalStatus(outcome)
  if (COMMANDS_WITHOUT_GATE.has(settings.command) && outcome.stop === undefined) {
    return { status, exitCode: 0, line: outcome.done ?? 'Done' }
  }
  const run = outcome.run
  const name = run
    ? `${settings.provider === 'testsigma' ? 'Testsigma' : 'Currents'} run ${run.id}`
    : `The ${settings.provider} run`
  const counts = run ? countsText(run) : ''
  const result = run?.result ? ` (${run.result})` : ''
  const reruns = outcome.reruns > 0 ? ` after ${outcome.reruns} rerun(s)` : ''
  const stopped = stopText(outcome)
  const line =
    outcome.done && !run
      ? outcome.done
      : `${name} ${status || 'unknown'}${result}${reruns}${counts ? `: ${counts}` : ''}${stopped}`
  if (outcome.stop?.reason === 'signal') return { status, exitCode: 1, line }
  if (status === 'passed' || !settings.wait || !settings.failOnFailure)
    return { status, exitCode: 0, line }
  return { status, exitCode: 1, line }
}

function stopText(outcome: Outcome): string {
  const stop = outcome.stop
  if (!stop) return ''
  if (stop.note) return `; the workflow was cancelled: ${stop.note}`
  const why = stop.reason === 'signal' ? 'the workflow was cancelled' : 'wait-timeout passed'
  switch (stop.outcome) {
    case 'cancelled':
      return `; ${why}, so it was stopped`
    case 'already-finished':
      return `; ${why}, and it had already finished`
    case 'not-found':
      return `; ${why}, and it was not found to stop`
    case 'not-attempted':
      return `; ${why}`
    case 'failed':
      return `; ${why}, and stopping it failed (${stop.error ?? 'unknown error'})`
  }
}
