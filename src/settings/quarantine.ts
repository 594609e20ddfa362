/**
 * The quarantine file (input `quarantine`): a YAML list in the repository of tests that may
 * fail without failing the gate. Read and checked before any request, so that a mistake in it
 * is named with its line; the YAML parser is loaded only when the input is set.
 */
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { badInput } from '../model/errors.js'
import type { QuarantineEntry } from '../model/triage.js'
import type { Settings } from './settings.js'

const INPUT = 'quarantine'
export const MAX_ENTRIES = 1000
export const MAX_BYTES = 1024 * 1024
const KEYS = new Set(['test', 'file', 'reason', 'until', 'owner'])
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Reads the file at `path` (already resolved against the workspace). */
export async function readQuarantine(path: string, shown = path): Promise<QuarantineEntry[]> {
  const fail = (why: string) => badInput(INPUT, `${shown}: ${why}`)
  let size: number
  try {
    const s = await stat(path)
    if (!s.isFile()) throw fail('is not a file; give the path of the YAML file in the repository')
    size = s.size
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw fail(
        'does not exist; give the path of the YAML file in the repository (check out the repository before this step)'
      )
    throw e instanceof Error && e.name === 'GateError' ? e : fail(`cannot be read (${String(e)})`)
  }
  if (size > MAX_BYTES) throw fail(`is larger than 1 MiB; keep at most ${MAX_ENTRIES} entries`)
  return parseQuarantine(await readFile(path, 'utf8'), shown)
}

/** The entries of a quarantine file's text; `shown` names the file in messages. */
export async function parseQuarantine(text: string, shown: string): Promise<QuarantineEntry[]> {
  const { LineCounter, parseDocument, isMap, isSeq, isScalar } = await import('yaml')
  const lines = new LineCounter()
  // Only plain values are read: an alias or a tag (`!!binary`) is not text, and is refused.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true })
  const lineOf = (offset: number | undefined) => lines.linePos(offset ?? 0).line
  const startOf = (node: unknown) => (node as { range?: readonly number[] } | null)?.range?.[0]
  const fail = (line: number, why: string) => badInput(INPUT, `${shown} line ${line}: ${why}`)
  const first = doc.errors[0]
  if (first) throw fail(lineOf(first.pos[0]), `is not valid YAML (${first.message.split('\n')[0]})`)
  const root = doc.contents
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return []
  if (!isSeq(root))
    throw fail(
      lineOf(startOf(root)),
      'the file must be a list of entries, each starting with "- test:"'
    )
  if (root.items.length > MAX_ENTRIES)
    throw fail(
      lineOf(startOf(root)),
      `has ${root.items.length} entries; keep at most ${MAX_ENTRIES}`
    )
  return root.items.map((item, i) => {
    const line = lineOf(startOf(item))
    if (!isMap(item)) throw fail(line, `entry ${i + 1} is not a mapping of test, reason and until`)
    const fields: Record<string, string> = {}
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      const at = lineOf(startOf(pair.key))
      if (!KEYS.has(key))
        throw fail(
          at,
          `unknown key '${key.slice(0, 40)}'; an entry has test, file, reason, until and owner`
        )
      const value = isScalar(pair.value) ? pair.value.value : undefined
      if (typeof value !== 'string' && typeof value !== 'number')
        throw fail(at, `${key} must be text`)
      fields[key] = String(value).trim()
    }
    for (const key of ['test', 'reason', 'until'])
      if (!fields[key]) throw fail(line, `entry ${i + 1} has no ${key}; ${HINT[key]}`)
    if (!validDate(fields.until!))
      throw fail(
        line,
        `until '${fields.until!.slice(0, 40)}' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-15`
      )
    const entry: QuarantineEntry = {
      test: fields.test!,
      reason: fields.reason!,
      until: fields.until!,
      line
    }
    if (fields.file) entry.file = fields.file
    if (fields.owner) entry.owner = fields.owner
    return entry
  })
}

const HINT: Record<string, string> = {
  test: "add test: the failed test's name as the job summary shows it",
  reason: 'add reason: why the test may fail for now (an issue link helps)',
  until: 'add until: the last day the entry applies, as YYYY-MM-DD'
}

function validDate(text: string): boolean {
  const m = DATE.exec(text)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === text
}

/** The quarantine file's entries when the input is set: relative to the workspace. */
export async function loadQuarantine(
  settings: Readonly<Settings>
): Promise<readonly QuarantineEntry[] | undefined> {
  const path = settings.gate.quarantine
  if (path === undefined) return undefined
  return readQuarantine(resolve(settings.github.workspace ?? process.cwd(), path), path)
}
