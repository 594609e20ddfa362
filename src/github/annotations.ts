/** Error annotations for failed tests (or failed items), within GitHub's limit per step. */
import * as workflow from './workflow.js'
import type { FailedTest, FailedTests, RunSnapshot } from '../model/run.js'
import { plural } from '../model/words.js'
import { MAX_FAILURE_LINES, failedEntries } from '../report/failed-tests.js'

/**
 * One annotation per failed test, at its file and line when known (then GitHub shows it on the
 * pull request's diff); without tests, one per failed item as before.
 */
export function annotateFailures(
  run: RunSnapshot,
  failed?: FailedTests,
  lenient: ReadonlySet<FailedTest> = new Set()
): number {
  // error() escapes the message and the properties (%, CR, LF, ':' and ','): text from
  // the API cannot end the annotation early or start another workflow command.
  if (failed && failed.tests.length > 0) {
    const entries = failedEntries(failed).slice(0, MAX_FAILURE_LINES)
    for (const t of entries) {
      const message = [t.message ?? 'Failed', t.url ?? ''].filter(Boolean).join(' · ')
      // Quarantined (or known, with fail-on new): shown where it fails, as a warning.
      const annotate = lenient.has(t) ? workflow.warning : workflow.error
      annotate(message, {
        title: t.title ?? t.name,
        file: t.file,
        ...(t.file !== undefined && t.line !== undefined ? { startLine: t.line } : {})
      })
    }
    return entries.length
  }
  const items = run.failures.slice(0, MAX_FAILURE_LINES)
  for (const f of items) {
    const message = [
      f.failures ? plural(f.failures, 'failed test') : 'failed',
      f.detail ?? '',
      f.url ?? ''
    ]
      .filter(Boolean)
      .join(' · ')
    workflow.error(message, { title: f.file ? `Failed: ${f.file}` : f.title, file: f.file })
  }
  return items.length
}
