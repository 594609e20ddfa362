/** The exit rules of SPEC.md and the one-line verdict that goes with them. */
import type { Outcome, Stop } from '../model/outcome.js'
import { describeError, isGateError } from '../model/errors.js'
import type { RunCounts, RunSnapshot, RunStatus } from '../model/run.js'
import type { Settings } from '../settings/settings.js'
import { type Triage, failuresGate } from '../model/triage.js'
import { cancelledWhy, formatDuration, plural, statusPhrase, stopLater } from '../model/words.js'

export interface Verdict {
  status: RunStatus | ''
  exitCode: 0 | 1
  /** The final line: an ::error:: when exitCode is 1, otherwise a notice-free info line. */
  line: string
  /** The run failed, and the gate passes all the same: every failure quarantined or known. */
  allowed?: true
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

/**
 * The counts of the step's result. After reruns of the failed tests (rerun-failed) the last
 * rerun holds only the tests it reran, so the plan's figures are: the total of the first run,
 * failed and skipped of the last rerun, and the rest passed. While that rerun is unfinished its
 * counts are partial, and shown as they are.
 */
export function outcomeCounts(outcome: Outcome): RunCounts {
  const run = outcome.run
  if (!run) return {}
  const first = outcome.history[0]
  const total = first?.counts.total
  const failed = run.counts.failed
  if (outcome.reruns === 0 || first === run || run.state !== 'finished') return run.counts
  if (total === undefined || failed === undefined) return run.counts
  const skipped = run.counts.skipped ?? 0
  return {
    total,
    passed: Math.max(0, total - failed - skipped),
    failed,
    skipped,
    flaky: run.counts.flaky
  }
}

/** "12 tests, 10 passed, 2 failed": known counts only; failed, skipped and flaky when some. */
export function countsText(c: RunCounts): string {
  const parts = [
    c.total !== undefined ? plural(c.total, 'test') : '',
    c.passed !== undefined ? `${c.passed} passed` : '',
    c.failed ? `${c.failed} failed` : '',
    c.skipped ? `${c.skipped} skipped` : '',
    c.flaky ? `${c.flaky} flaky` : ''
  ].filter(Boolean)
  return parts.join(', ')
}

export function verdict(settings: Settings, given: Outcome, error?: unknown): Verdict {
  if (error !== undefined && !isGateError(error, 'aborted')) {
    // The step fails, so its status may not say passed (e.g. a run that passed whose JUnit
    // report could not be saved): outputs, summary and exit code agree.
    const status = finalStatus(given)
    return {
      status: status === 'passed' ? 'failed' : status,
      exitCode: 1,
      line: describeError(error)
    }
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
  const own = outcome.done && !run ? outcome.done : runLine(settings, outcome, run, outcome.stop)
  const t = status === 'failed' && !outcome.stop ? outcome.triage : undefined
  const line = t ? `${own}; ${triageText(t, settings.gate.failOn)}` : own
  if (outcome.stop?.reason === 'signal') return { status, exitCode: 1, line }
  if (t && !failuresGate(t, settings.gate.failOn))
    return { status, exitCode: 0, line, allowed: true }
  if (status === 'passed' || !settings.wait || !settings.failOnFailure)
    return { status, exitCode: 0, line }
  return { status, exitCode: 1, line }
}

/**
 * What the gate made of the failures, for the verdict line: "the gate passes: 2 quarantined"
 * or "3 failed: 1 new, 2 also failing on main".
 */
export function triageText(t: Triage, failOn: 'any' | 'new'): string {
  if (t.unchecked !== undefined) return `the gate fails: ${t.unchecked}`
  const parts = [
    t.fresh.length ? `${t.fresh.length} new` : '',
    t.known.length ? `${t.known.length} also failing on ${t.baseline}` : '',
    t.quarantined.length ? `${t.quarantined.length} quarantined` : ''
  ].filter(Boolean)
  const all = t.fresh.length + t.known.length + t.quarantined.length
  const split = `${plural(all, 'failure')}: ${parts.join(', ')}`
  if (!failuresGate(t, failOn)) return `the gate passes (${split})`
  return split
}

function runLine(
  settings: Settings,
  outcome: Outcome,
  run: RunSnapshot | undefined,
  stop: Stop | undefined
): string {
  const label = settings.provider === 'testsigma' ? 'Testsigma' : 'Currents'
  const id = run?.id ?? outcome.runId
  const name = id !== undefined ? `${label} run ${id}` : `the ${label} run`
  const counts = countsText(outcomeCounts(outcome))
  const reruns = outcome.reruns > 0 ? ` after ${plural(outcome.reruns, 'rerun')}` : ''
  const figures = counts ? `: ${counts}${reruns}` : reruns
  // The status phrase says "was cancelled" beside the result word (resultWord() elsewhere).
  const own = run
    ? `${name} ${statusPhrase(run, run.status)}${run.result ? ` (${run.result})` : ''}${figures}`
    : ''
  if (!stop) return own || `No result is known for ${name}`
  const timeout = `wait-timeout (${formatDuration(settings.waitTimeoutMs)}) passed`
  const signal = stop.reason === 'signal'
  const why = cancelledWhy(settings.host)
  const whyLower = why.charAt(0).toLowerCase() + why.slice(1)
  if (stop.note) return `${signal ? why : timeout}: ${stop.note}`
  switch (stop.outcome) {
    case 'cancelled':
      return `${capitalize(name)} was ${signal ? `cancelled because ${whyLower}` : `stopped because ${timeout}`}${figures}`
    case 'already-finished':
      return `${own || capitalize(name)}; it had already finished when ${signal ? whyLower : timeout}`
    case 'not-found':
      return `${signal ? why : timeout}, and ${name} was not found to stop`
    case 'not-attempted':
      if (signal && id === undefined) return `${why} before ${name} was known`
      if (signal) return `${why}; ${name} was not stopped`
      return `${timeout}; ${name} is left running (cancel-on-timeout: false)${figures}`
    case 'failed':
      return `${signal ? why : timeout}, but stopping ${name} failed (${stop.error ?? 'unknown error'}); ${stop.then ?? stopLater(settings.host)}`
  }
}

/**
 * The service's result word as shown to people. A run cancelled or timed out may still carry
 * the word of the tests that had run (a Currents run cancelled while its tests passed): it
 * never shows alone then.
 */
export function resultWord(run: RunSnapshot, status: RunStatus | '' = run.status): string {
  const ended = status === 'cancelled' ? 'cancelled' : status === 'timed-out' ? 'timed out' : ''
  if (!ended || !run.result || /CANCEL|STOP|TIME|ABORT/i.test(run.result)) return run.result
  return `${run.result}, but the run was ${ended}`
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
