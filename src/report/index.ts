/** The GitHub-facing edge: outputs, summary and annotations for one outcome. */
import * as core from '@actions/core'
import type { Outcome } from '../commands/context.js'
import type { Settings } from '../settings.js'
import { annotateFailures } from './annotations.js'
import { computeOutputs } from './outputs.js'
import { renderSummary } from './summary.js'
import type { Verdict } from './verdict.js'

export async function report(
  settings: Settings,
  outcome: Outcome,
  v: Verdict,
  check?: { id?: number; url?: string }
): Promise<void> {
  for (const [name, value] of Object.entries(computeOutputs(outcome, check?.id)))
    core.setOutput(name, value)
  if (
    settings.annotations &&
    outcome.run &&
    outcome.run.state === 'finished' &&
    outcome.run.status !== 'passed'
  ) {
    annotateFailures(outcome.run)
  }
  if (settings.summary && process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(renderSummary(settings, outcome, v, check?.url), true).write()
    } catch (e) {
      core.warning(`Could not write the job summary: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
}
