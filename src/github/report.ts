/** The GitHub-facing edge: outputs, summary and annotations for one outcome. */
import * as workflow from './workflow.js'
import type { Outcome } from '../model/outcome.js'
import type { Settings } from '../settings/settings.js'
import { notGating } from '../model/triage.js'
import { annotateFailures } from './annotations.js'
import { computeOutputs } from '../report/outputs.js'
import { showsFailedTests } from '../report/failed-tests.js'
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
  if (outcome.run && showsFailedTests(settings, outcome, v.status)) {
    annotateFailures(outcome.run, outcome.failed, notGating(outcome.triage, settings.gate.failOn))
  }
  const summary = summaryFor(settings, outcome, v, check?.url)
  if (settings.summary && summary !== '') {
    try {
      await workflow.appendSummary(summary)
    } catch (e) {
      workflow.warning(
        `Could not write the job summary: ${e instanceof Error ? e.message : String(e)}`
      )
    }
  }
}
