/**
 * The last line of the summary, the comment and the check: what to do next, from what the gate
 * knows (its provider, its settings, where its report is), for a run that did not pass.
 */
import type { Outcome } from '../model/outcome.js'
import type { Settings } from '../settings/settings.js'
import { formatDuration } from '../model/words.js'
import { mdLink } from './text.js'
import type { Verdict } from './verdict.js'
import { isGate } from '../settings/gate.js'

export function nextStep(settings: Settings, outcome: Outcome, v: Verdict): string | undefined {
  const run = outcome.run
  if (!run || !isGate(settings.command)) return undefined
  const steps: string[] = []
  if (v.status === 'failed') steps.push(rerunHint(settings, outcome.reruns))
  if (v.status === 'timed-out')
    steps.push(
      `the run took longer than \`wait-timeout\` (${formatDuration(settings.waitTimeoutMs)}): raise it if the run needs more`
    )
  if (v.status !== 'failed' && v.status !== 'timed-out') return undefined
  if (outcome.junitPath)
    steps.push(
      'keep the JUnit report for your test view: upload it with `actions/upload-artifact` (`if: always()`)'
    )
  steps.push(run.url ? `every detail is on ${mdLink("the run's page", run.url)}` : '')
  return `**Next:** ${steps.filter(Boolean).join('; ')}.`
}

function rerunHint(settings: Settings, reruns: number): string {
  if (settings.provider === 'currents')
    return "rerun only what failed with GitHub's **Re-run failed jobs** and a `command: last-failed` step before `playwright test` (Playwright)"
  return reruns > 0
    ? `the tests failed again in ${reruns === 1 ? 'the rerun' : `all ${reruns} reruns`}: they fail for real`
    : 'rerun only the failed tests with `rerun-failed: 1` (or `command: rerun` on this run)'
}
