/**
 * Parsers for the value syntaxes of workflow inputs. Each returns the value or throws a
 * bad-input GateError whose message names the input, the value and what is accepted.
 */
import { badInput } from '../model/errors.js'

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** `500ms`, `5s`, `2m`, `1h`, `1h30m`, `1m30s`; a bare number means seconds. */
export function parseDuration(input: string, value: string): number {
  const v = value.trim().toLowerCase()
  const accepted = `use a duration like 500ms, 5s, 2m, 1h or 1h30m (a bare number means seconds)`
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000)
  const parts = v.match(/\d+(?:\.\d+)?(?:ms|s|m|h)/g)
  if (!parts || parts.join('') !== v)
    throw badInput(input, `'${value}' is not a duration; ${accepted}`)
  let total = 0
  for (const part of parts) {
    const [, num, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(part) as RegExpExecArray
    total += Number(num) * UNIT_MS[unit]
  }
  return Math.round(total)
}

const TRUE = new Set(['true', 'yes', '1', 'on'])
const FALSE = new Set(['false', 'no', '0', 'off'])

export function parseBoolean(input: string, value: string): boolean {
  const v = value.trim().toLowerCase()
  if (TRUE.has(v)) return true
  if (FALSE.has(v)) return false
  throw badInput(input, `'${value}' is not a boolean; use true or false (also yes/no, 1/0)`)
}

/** Items separated by commas or newlines; blanks dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[,\r\n]/)
    .map(s => s.trim())
    .filter(s => s !== '')
}

export function parseInteger(
  input: string,
  value: string,
  { min, max }: { min: number; max: number }
): number {
  const v = value.trim()
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`
  if (!/^[+]?\d+$/.test(v))
    throw badInput(input, `'${value}' is not a whole number; use a number ${range}`)
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw badInput(input, `${v} is out of range; use a number ${range}`)
  }
  return n
}

export function parsePositiveId(input: string, value: string): number {
  return parseInteger(input, value, { min: 1, max: Number.MAX_SAFE_INTEGER })
}

export function parseEnum<T extends string>(
  input: string,
  value: string,
  allowed: readonly T[]
): T {
  const v = value.trim()
  const hit = allowed.find(a => a.toLowerCase() === v.toLowerCase())
  if (hit === undefined) throw badInput(input, `'${value}' is not one of: ${allowed.join(', ')}`)
  return hit
}

/** `KEY=VALUE` lines (newline separated; blank lines and lines starting with # are skipped). */
export function parseKeyValues(input: string, value: string): Record<string, string> {
  const out = new Map<string, string>()
  const lines = value.split(/\r?\n/)
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const eq = line.indexOf('=')
    const key = eq > 0 ? line.slice(0, eq).trim() : ''
    if (key === '') {
      throw badInput(input, `line ${i + 1} is not KEY=VALUE; write one KEY=VALUE per line`)
    }
    if (out.has(key)) throw badInput(input, `key '${key}' is given twice`)
    out.set(key, line.slice(eq + 1).trim())
  })
  // fromEntries defines own properties: a key such as __proto__ stays data.
  return Object.fromEntries(out)
}
