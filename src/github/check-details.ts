/** The check run's text and annotations: the failed tests, as GitHub's checks API takes them. */
import type { Outcome } from '../model/outcome.js'
import type { FailedTest, FailedTests } from '../model/run.js'
import { notGating } from '../model/triage.js'
import type { Settings } from '../settings/settings.js'
import { failedEntries, failedTestsSection } from '../report/failed-tests.js'
import { flakyTestsSection } from '../report/flaky-tests.js'
import { withoutKey } from '../report/text.js'
import { triageSection } from '../report/triage-section.js'

/** What the completed check shows besides its summary: the failed and flaky tests. */
export interface CheckDetails {
  /** Markdown (the output's `text`). */
  text?: string
  annotations?: readonly CheckAnnotation[]
}

/** A check run annotation as GitHub's checks API takes it. */
export interface CheckAnnotation {
  path: string
  start_line: number
  end_line: number
  annotation_level: 'failure' | 'warning'
  title: string
  message: string
  raw_details?: string
}

/** GitHub's limits on an annotation's title and message. */
const MAX_TITLE = 255
const MAX_MESSAGE = 60_000

/**
 * Check run annotations for the failed tests. The API wants a path and a line for each: a test
 * without a file is put on the workflow's file (where the gate runs), line 1.
 */
export function checkAnnotations(
  failed: FailedTests | undefined,
  workflowPath = '.github',
  lenient: ReadonlySet<FailedTest> = new Set()
): CheckAnnotation[] {
  return failedEntries(failed).map(t => {
    const line = t.file !== undefined && t.line !== undefined ? t.line : 1
    const a: CheckAnnotation = {
      path: t.file ?? workflowPath,
      start_line: line,
      end_line: line,
      // A quarantined failure (or a known one with fail-on new) is shown, but does not gate.
      annotation_level: lenient.has(t) ? 'warning' : 'failure',
      title: (t.title ?? t.name).slice(0, MAX_TITLE),
      message: (t.message ?? 'Failed').slice(0, MAX_MESSAGE)
    }
    // The rest of the error (Expected/Received, the code frame), then where to read more.
    const raw = [t.details, t.url].filter(Boolean).join('\n\n')
    if (raw) a.raw_details = raw.slice(0, MAX_MESSAGE)
    return a
  })
}

/** The check run's text and annotations: the failed tests, the key removed from every word. */
export function checkDetails(settings: Settings, outcome: Outcome): CheckDetails {
  const failed = outcome.failed
  const clean = (text: string) => withoutKey(text, settings.apiKey)
  const flaky = flakyTestsSection(outcome.flaky)
  if (!failed) return flaky.length ? { text: clean(flaky.join('\n')) } : {}
  const lenient = notGating(outcome.triage, settings.gate.failOn)
  const annotations = checkAnnotations(failed, settings.github.workflowPath, lenient).map(a => ({
    ...a,
    path: clean(a.path),
    title: clean(a.title),
    message: clean(a.message),
    ...(a.raw_details !== undefined ? { raw_details: clean(a.raw_details) } : {})
  }))
  const sections = [
    ...failedTestsSection(failed),
    ...(outcome.triage ? triageSection(outcome.triage, settings.gate.quarantine) : []),
    ...flaky
  ]
  const text = clean(sections.join('\n'))
  return { ...(text ? { text } : {}), annotations }
}
