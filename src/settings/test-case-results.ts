/**
 * The entries of `test-case-result-ids` (SPEC.md): which test case results of a Testsigma run a
 * USER_PICKED rerun takes and, for a data-driven case, which of its iterations. Entries are comma
 * or newline separated, each `ID`, `ID:ALL`, `ID:FAILED`, `ID:PASSED` or
 * `ID:USER_PICKED:IT IT ...` (iteration result ids, space separated).
 */
import { badInput } from '../model/errors.js'
import { parseList } from './parse.js'
import type { RerunItem } from '../model/run.js'

const INPUT = 'test-case-result-ids'
const GRAMMAR = 'use ID, ID:ALL, ID:FAILED, ID:PASSED or ID:USER_PICKED:IT IT ... (positive ids)'
/** The iteration words of Testsigma's rerun docs, iterationReRunType (seeds/001). */
const ITERATION_WORDS = { ALL: 'all', FAILED: 'failed', PASSED: 'passed' } as const
const PICKED = 'USER_PICKED'

/** Parses the whole input; every test case result may appear once. */
export function parseTestCaseResults(value: string): RerunItem[] {
  const seen = new Set<number>()
  return parseList(value).map(entry => {
    const item = parseEntry(entry)
    if (seen.has(item.id)) {
      throw badInput(INPUT, `${quote(entry)}: test case result ${item.id} is listed twice`)
    }
    seen.add(item.id)
    return item
  })
}

function parseEntry(entry: string): RerunItem {
  const [idText, type, picked, ...extra] = entry.split(':').map(part => part.trim())
  const id = positiveId(entry, idText)
  if (type === undefined) return { id }
  const word = type.toUpperCase()
  if (word === PICKED) {
    if (picked === undefined || picked === '' || extra.length > 0) {
      throw badInput(
        INPUT,
        `${quote(entry)}: USER_PICKED needs the iteration result ids after a second ':', space separated, e.g. ${id}:USER_PICKED:2916 2917`
      )
    }
    const iterations = picked.split(/\s+/).map(it => positiveId(entry, it))
    const twice = iterations.find((it, i) => iterations.indexOf(it) !== i)
    if (twice !== undefined) {
      throw badInput(INPUT, `${quote(entry)}: iteration result ${twice} is listed twice`)
    }
    return { id, iterations }
  }
  const iterations = Object.hasOwn(ITERATION_WORDS, word)
    ? ITERATION_WORDS[word as keyof typeof ITERATION_WORDS]
    : undefined
  if (iterations === undefined) {
    throw badInput(
      INPUT,
      `${quote(entry)}: ${quote(type)} is not an iteration rerun type; ${GRAMMAR}`
    )
  }
  if (picked !== undefined) {
    throw badInput(
      INPUT,
      `${quote(entry)}: only USER_PICKED takes iteration result ids; ${GRAMMAR}`
    )
  }
  return { id, iterations }
}

function positiveId(entry: string, text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1) {
    throw badInput(
      INPUT,
      `${quote(entry)}: ${quote(text)} is not a positive whole number; ${GRAMMAR}`
    )
  }
  return n
}

/** The value as typed, cut short: a long paste must not flood the one error line. */
function quote(text: string): string {
  return `'${text.length > 80 ? `${text.slice(0, 80)}…` : text}'`
}
