/** Error annotations for failed items, within GitHub's limit per step. */
import * as workflow from '../workflow.js'
import type { RunSnapshot } from '../providers/provider.js'
import { plural } from '../words.js'

/**
 * GitHub shows at most 10 error annotations per step; the verdict's own ::error:: line is one
 * of them, so failed items get the other 9 and the summary lists the rest.
 */
export const MAX_ITEM_ANNOTATIONS = 9

export function annotateFailures(run: RunSnapshot): number {
  const items = run.failures.slice(0, MAX_ITEM_ANNOTATIONS)
  for (const f of items) {
    const message = [
      f.failures ? plural(f.failures, 'failed test') : 'failed',
      f.detail ?? '',
      f.url ?? ''
    ]
      .filter(Boolean)
      .join(' · ')
    // error() escapes the message and the properties (%, CR, LF, ':' and ','): text from
    // the API cannot end the annotation early or start another workflow command.
    workflow.error(message, { title: f.file ? `Failed: ${f.file}` : f.title, file: f.file })
  }
  return items.length
}
