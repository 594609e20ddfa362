/**
 * The job summary, as markdown. Every piece of text from the API goes through md()/mdLink();
 * lists are bounded so the summary stays far below GitHub's 1 MiB step-summary limit.
 */
import type { Outcome } from '../model/outcome.js'
import { formatElapsed } from '../commands/progress.js'
import type { RunCounts, RunSnapshot, RunStatus } from '../model/run.js'
import type { Settings } from '../settings/settings.js'
import { cancelledWhy, formatDuration, stopLater } from '../model/words.js'
import { failedTestsSection } from './failed-tests.js'
import { triageSection } from './triage-section.js'
import { md, mdLink, withoutKey } from './text.js'
import { type Verdict, outcomeCounts, resultWord } from './verdict.js'
import { flakyTestsSection } from './flaky-tests.js'
import { nextStep } from './next-step.js'

export const MAX_FAILURE_ROWS = 100

const ICON: Record<RunStatus, string> = {
  passed: '✅',
  failed: '❌',
  cancelled: '⏹️',
  'timed-out': '⏱️',
  queued: '⏳',
  running: '⏳'
}

export function statusIcon(v: Verdict): string {
  return v.status ? ICON[v.status] : v.exitCode === 0 ? '✅' : '❌'
}

/**
 * The summary as written: with the API key removed, should an API have echoed it into a message,
 * since the summary file and a check run's output are not masked like the log.
 */
export function summaryFor(
  settings: Settings,
  outcome: Outcome,
  v: Verdict,
  checkUrl?: string
): string {
  return withoutKey(renderSummary(settings, outcome, v, checkUrl), settings.apiKey)
}

export function renderSummary(
  settings: Settings,
  outcome: Outcome,
  v: Verdict,
  checkUrl?: string
): string {
  const out: string[] = []
  const run = outcome.run
  const provider = settings.provider === 'testsigma' ? 'Testsigma' : 'Currents'
  // An armed hook has no result: in a matrix, a line per job would bury the summaries that
  // matter, so "armed" goes to the log only.
  if (settings.command === 'cancel-hook' && v.exitCode === 0 && !outcome.stop) return ''
  const icon = statusIcon(v)
  const title = run
    ? `${provider} run ${run.id}: ${v.status ? v.status.replace('-', ' ') : 'unknown'}`
    : `${provider} ${settings.command}`
  out.push(`### ${icon} ${md(title)}`, '')
  out.push(md(v.line, 2000), '')
  const links = [
    run?.url ? mdLink('Open the run', run.url) : '',
    checkUrl ? mdLink('Check run', checkUrl) : ''
  ].filter(Boolean)
  if (links.length) out.push(links.join(' · '), '')
  if (run) {
    out.push(...countsTable(outcomeCounts(outcome), run, outcome.reruns), '')
    const details: Array<[string, string]> = [['Result', resultWord(run, v.status)]]
    if (run.message) details.push(['Message', run.message])
    details.push(...(run.details ?? []))
    out.push('| | |', '|---|---|', ...details.map(([k, val]) => `| ${md(k)} | ${md(val)} |`), '')
  }
  if (outcome.history.length > 1) out.push(...historyTable(outcome.history), '')
  if (outcome.stop) out.push(stopLine(settings, outcome), '')
  const failed = outcome.failed
  if (failed) out.push(...failedTestsSection(failed))
  if (outcome.triage) out.push(...triageSection(outcome.triage, settings.gate.quarantine))
  // Once the tests are known, the failed items add only the ones whose tests were not read.
  const itemsToo = !failed || failed.tests.length === 0 || failed.unread.length > 0
  if (run && run.failures.length > 0 && itemsToo) out.push(...failureTable(run), '')
  out.push(...flakyTestsSection(outcome.flaky))
  if (outcome.junitPath)
    out.push(`JUnit report saved to \`${outcome.junitPath.replace(/`/g, "'")}\`.`, '')
  const next = nextStep(settings, outcome, v)
  if (next) out.push(next, '')
  return out.join('\n')
}

function countsTable(c: RunCounts, run: RunSnapshot, reruns: number): string[] {
  const n = (v: number | undefined) => (v === undefined ? '–' : String(v))
  const duration = run.durationMs === undefined ? '–' : formatElapsed(run.durationMs)
  return [
    '| Total | Passed | Failed | Skipped | Flaky | Duration | Reruns |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${n(c.total)} | ${n(c.passed)} | ${n(c.failed)} | ${n(c.skipped)} | ${n(c.flaky)} | ${duration} | ${reruns} |`
  ]
}

function historyTable(history: RunSnapshot[]): string[] {
  return [
    '#### Runs',
    '',
    '| # | Run | Status | Result | Passed | Failed | Total |',
    '|---:|---|---|---|---:|---:|---:|',
    ...history.map(
      (r, i) =>
        `| ${i + 1} | ${mdLink(r.id, r.url)} | ${r.status} | ${md(resultWord(r))} | ${r.counts.passed ?? '–'} | ${r.counts.failed ?? '–'} | ${r.counts.total ?? '–'} |`
    )
  ]
}

function stopLine(settings: Settings, outcome: Outcome): string {
  const stop = outcome.stop!
  const at = new Date(stop.at)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
  const why =
    stop.reason === 'signal'
      ? cancelledWhy(settings.host)
      : `wait-timeout (${formatDuration(settings.waitTimeoutMs)}) passed`
  const what: Record<typeof stop.outcome, string> = {
    cancelled: 'the run was stopped',
    'already-finished': 'the run had already finished',
    'not-found': 'the run was not found to stop',
    // Without a run (a find that never found one) there was nothing to stop.
    'not-attempted': !outcome.run
      ? stop.reason === 'timeout'
        ? 'no run was found'
        : 'no run was known to stop'
      : stop.reason === 'timeout'
        ? 'the run was left running (cancel-on-timeout: false)'
        : 'the run was not stopped',
    failed: `stopping the run failed (${stop.error ?? ''}); ${stop.then ?? stopLater(settings.host)}`
  }
  const note = stop.note ? ` ${md(stop.note.charAt(0).toUpperCase() + stop.note.slice(1))}.` : ''
  return `**${why}** at ${at}: ${md(what[stop.outcome])}.${note}`
}

function failureTable(run: RunSnapshot): string[] {
  const rows = run.failures.slice(0, MAX_FAILURE_ROWS)
  const lines = [
    `#### Failed (${run.failures.length})`,
    '',
    '| Item | Failures | Detail |',
    '|---|---:|---|',
    ...rows.map(
      f =>
        `| ${f.url ? mdLink(f.file ?? f.title, f.url) : md(f.file ?? f.title)} | ${f.failures ?? ''} | ${md(f.detail)} |`
    )
  ]
  if (run.failures.length > rows.length)
    lines.push('', `…and ${run.failures.length - rows.length} more, not listed.`)
  return lines
}
