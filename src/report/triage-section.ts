/**
 * The summary's (and the check run's) account of a gate that told failures apart: how many
 * are new, known or quarantined, the known ones by name, the quarantined ones with their
 * reason, owner and expiry, and the entries that expired. Every field goes through md().
 */
import type { Triage } from '../model/triage.js'
import { md, mdLink } from './text.js'

const MAX_ROWS = 100

export function triageSection(t: Triage, quarantineFile: string | undefined): string[] {
  const out: string[] = []
  const total = t.fresh.length + t.known.length + t.quarantined.length
  if (t.unchecked !== undefined) {
    out.push(`**No failure is quarantined or known while ${md(t.unchecked)}.**`, '')
  } else if (total > 0) {
    const parts = [
      `${t.fresh.length} new`,
      t.baseline !== undefined ? `${t.known.length} also failing on ${code(t.baseline)}` : '',
      quarantineFile !== undefined ? `${t.quarantined.length} quarantined` : ''
    ].filter(Boolean)
    out.push(`**${total} failed: ${parts.join(', ')}.**`, '')
  }
  if (t.baselineProblem !== undefined)
    out.push(`⚠️ ${md(t.baselineProblem)}: every failure counts as new.`, '')
  if (t.known.length > 0) {
    out.push(`#### Also failing on ${code(t.baseline ?? '')} (${t.known.length})`, '')
    for (const k of t.known.slice(0, MAX_ROWS))
      out.push(`- ${mdLink(k.name, k.url)}${k.file ? ` (${md(k.file)})` : ''}`)
    out.push('')
  }
  if (t.quarantined.length > 0) {
    out.push(`#### Quarantined (${t.quarantined.length})`, '')
    out.push('| Test | Reason | Owner | Until |', '|---|---|---|---|')
    for (const { test, entry } of t.quarantined.slice(0, MAX_ROWS))
      out.push(
        `| ${mdLink(test.name, test.url)} | ${md(entry.reason)} | ${md(entry.owner)} | ${entry.until} |`
      )
    out.push('')
  }
  for (const { test, entry } of t.expired.slice(0, MAX_ROWS))
    out.push(
      `⚠️ The quarantine of ${md(test.name)} (${md(quarantineFile ?? '')} line ${entry.line}) expired on ${entry.until}: fix the test or extend the entry.`,
      ''
    )
  return out
}

/** A branch name as inline code, with no backtick of its own to end it early. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").slice(0, 250)}\``
}
