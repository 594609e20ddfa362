import type { RunSnapshot, RunStatus } from './run.js'

/**
 * Counted nouns and durations in words, for messages that read as sentences: "1 rerun",
 * "2 reruns", "30m", never a noun with "(s)" after it.
 */

/** `1 test`, `2 tests`; `many` for nouns whose plural is not a plain -s. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

const UNITS: Array<[string, number]> = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000]
]

/** A duration the way inputs are written: 30m, 1h30m, 90s → 1m30s, 1500ms, 2s. */
export function formatDuration(ms: number): string {
  let left = Math.max(0, Math.round(ms))
  if (left % 1000 !== 0) return `${left}ms`
  let out = ''
  for (const [unit, size] of UNITS) {
    const n = Math.floor(left / size)
    if (n > 0) out += `${n}${unit}`
    left -= n * size
  }
  return out || '0s'
}

/** What a run's status says, as the predicate of a sentence about the run. */
export function statusPhrase(
  run: Pick<RunSnapshot, 'state' | 'counts'>,
  status: RunStatus | ''
): string {
  if (run.state !== 'finished' && (status === 'queued' || status === 'running')) {
    // A run still going with failed tests already (Currents says FAILING).
    return (run.counts.failed ?? 0) > 0 ? 'is failing' : `is ${status}`
  }
  switch (status) {
    case 'cancelled':
      return 'was cancelled'
    case 'timed-out':
      return 'timed out'
    case '':
      return 'has no known status'
    default:
      return status
  }
}

/**
 * Where the gate runs: GitHub's runner (the action) or any shell (the CLI). Outside GitHub there
 * is no workflow to cancel and no post step to try again, so the sentences say what is true there.
 */
export type Host = 'github' | 'cli'

/** Why a gate stops its run on a signal, as the start of a sentence. */
export function cancelledWhy(host: Host): string {
  return host === 'github' ? 'The workflow was cancelled' : 'The gate received a stop signal'
}

/** What happens to a run that could not be stopped. */
export function stopLater(host: Host): string {
  return host === 'github'
    ? 'the post step will try again'
    : 'stop it with test-run-gate cancel --run-id <id>'
}
