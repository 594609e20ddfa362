/**
 * What an instance says goes into annotations (`file=…,line=…`), the summary, the check run
 * and the outputs: a hostile or broken answer must not point them outside the repository, nor
 * carry terminal escapes. Applied to what tests.ts reads, whatever layout it read it from.
 */
import type { FailedTest, RunFailure } from '../../model/run.js'
import { stripAnsi } from './tests.js'
import { CONTROL_RUNS, hasControl } from '../../model/control.js'

/** Text without terminal escapes (removed first) or control characters, on one line. */
export function cleanText(text: string): string {
  return stripAnsi(text).replace(CONTROL_RUNS, ' ').replace(/\s+/g, ' ').trim()
}

/** Lines of text (an error's details) without terminal escapes or other control characters. */
export function cleanLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map(l => cleanText(l))
    .join('\n')
}

/**
 * A clean repository-relative path, or undefined: never absolute (`/x`, `\x`, `C:`), never
 * out of the checkout (a `..` segment), never a control character.
 */
export function cleanPath(path: string | undefined): string | undefined {
  if (path === undefined || path === '' || hasControl(path)) return undefined
  if (/^[/\\]/.test(path) || /^[a-z]:/i.test(path)) return undefined
  const parts = path.split(/[/\\]/)
  return parts.includes('..') ? undefined : path
}

/** A line of a file: a positive safe integer, else none (`1e300`, `2.5`, 20 digits). */
export function cleanLine(line: number | undefined): number | undefined {
  return line !== undefined && Number.isSafeInteger(line) && line > 0 ? line : undefined
}

export function cleanFailedTest(t: FailedTest): FailedTest {
  const out: FailedTest = { name: cleanText(t.name) || '(unnamed test)' }
  const file = cleanPath(t.file)
  const line = file === undefined ? undefined : cleanLine(t.line)
  if (t.title !== undefined) out.title = cleanText(t.title)
  if (file !== undefined) out.file = file
  if (line !== undefined) out.line = line
  if (t.message !== undefined) out.message = cleanText(t.message)
  if (t.details !== undefined) out.details = cleanLines(t.details)
  if (t.url !== undefined) out.url = t.url
  const group = cleanPath(t.group)
  if (group !== undefined) out.group = group
  return out
}

export function cleanFailure(f: RunFailure): RunFailure {
  const out: RunFailure = { ...f, title: cleanText(f.title) }
  const file = cleanPath(f.file)
  if (file === undefined) delete out.file
  else out.file = file
  if (f.detail !== undefined) out.detail = cleanText(f.detail)
  return out
}
