/**
 * A test's error as the services write it, for people: colour codes stripped, the first line
 * apart (the message everywhere), and the rest (Expected/Received, a code frame) bounded.
 */
import { MAX_DETAIL_LINES } from '../model/run.js'

/** CSI sequences (colours: `\u001b[31m`), OSC sequences (links) and two-byte escapes. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '')
}

/** A details line past this is cut: a minified bundle's one line would fill the comment. */
const MAX_LINE = 300

/**
 * What follows the first non-empty line of `text` (and then `more`, a code frame), colour codes
 * stripped, blank lines at either end dropped, at most MAX_DETAIL_LINES lines with a last
 * line saying how many were left out.
 */
export function errorDetails(text: string | undefined, more?: string): string | undefined {
  const lines = stripAnsi(text ?? '')
    .split(/\r?\n/)
    .map(l => l.trimEnd())
  const first = lines.findIndex(l => l.trim() !== '')
  const rest = trimBlank(first < 0 ? [] : lines.slice(first + 1))
  if (more !== undefined) rest.push('', ...stripAnsi(more).split(/\r?\n/))
  trimBlank(rest)
  if (rest.length === 0) return undefined
  const kept = rest
    .slice(0, MAX_DETAIL_LINES)
    .map(l => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE - 1)}…` : l))
  if (rest.length > kept.length) kept.push(`… ${rest.length - kept.length} more lines`)
  return kept.join('\n')
}

/** Drops the blank lines at either end, in place. */
function trimBlank(lines: string[]): string[] {
  while (lines.length > 0 && lines[0].trim() === '') lines.shift()
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop()
  return lines
}
