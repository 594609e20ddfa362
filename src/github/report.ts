/** The GitHub-facing edge: outputs, summary and annotations for one outcome. */
import * as workflow from './workflow.js'
import type { Outcome } from '../model/outcome.js'
import type { Settings } from '../settings/settings.js'
import { annotateFailures } from './annotations.js'
import { computeOutputs } from '../report/outputs.js'
import { summaryFor } from '../report/summary.js'
import type { Verdict } from '../report/verdict.js'

export async function report(
  settings: Settings,
  outcome: Outcome,
  v: Verdict,
  check?: { id?: number; url?: string },
  commentUrl?: string
): Promise<void> {
  const outputs = computeOutputs(outcome, check?.id, v.status, commentUrl)
  for (const [name, value] of Object.entries(outputs)) workflow.setOutput(name, value)
  // Annotations belong to a gate (run, rerun) on a failed run: a status read or a cancel passes,
  // whatever the run, and a run stopped (cancelled, timed out) has its own verdict line.
  if (
    (settings.command === 'run' || settings.command === 'rerun') &&
    settings.annotations &&
    outcome.run &&
    outcome.run.state === 'finished' &&
    outcome.run.status === 'failed' &&
    v.status === 'failed'
  ) {
    annotateFailures(outcome.run, outcome.failed)
  }
  if (settings.summary) {
    try {
      await workflow.appendSummary(summaryFor(settings, outcome, v, check?.url))
    } catch (e) {
      workflow.warning(
        `Could not write the job summary: ${e instanceof Error ? e.message : String(e)}`
      )
    }
  }
}
