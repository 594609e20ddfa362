import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatDuration, plural, statusPhrase } from '../src/model/words.js'

describe('plural', () => {
  it('says 1 rerun, 2 reruns, 0 tests', () => {
    expect(plural(1, 'rerun')).toBe('1 rerun')
    expect(plural(2, 'rerun')).toBe('2 reruns')
    expect(plural(0, 'test')).toBe('0 tests')
  })

  it('takes an irregular plural', () => {
    expect(plural(3, 'entry', 'entries')).toBe('3 entries')
  })
})

describe('formatDuration', () => {
  it.each([
    [30 * 60_000, '30m'],
    [90 * 60_000, '1h30m'],
    [60 * 60_000, '1h'],
    [90_000, '1m30s'],
    [2000, '2s'],
    [1500, '1500ms'],
    [0, '0s']
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})

describe('statusPhrase', () => {
  type Case = [Parameters<typeof statusPhrase>[0], Parameters<typeof statusPhrase>[1], string]
  const cases: Case[] = [
    [{ state: 'running', counts: {} }, 'running', 'is running'],
    [{ state: 'queued', counts: {} }, 'queued', 'is queued'],
    [{ state: 'running', counts: { failed: 2 } }, 'running', 'is failing'],
    [{ state: 'finished', counts: {} }, 'cancelled', 'was cancelled'],
    [{ state: 'finished', counts: {} }, 'timed-out', 'timed out'],
    [{ state: 'finished', counts: {} }, 'passed', 'passed']
  ]
  it.each(cases)('%j %s: %s', (run, status, phrase) => {
    expect(statusPhrase(run, status)).toBe(phrase)
  })
})

describe('messages in src/', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap(e =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
    )

  it('count in words, never "test(s)", "file(s)" or any other noun with "(s)"', () => {
    const src = fileURLToPath(new URL('../src', import.meta.url))
    const hits = files(src).flatMap(f =>
      readFileSync(f, 'utf8')
        .split('\n')
        // Inside a string or template literal; a comment may name the form it forbids.
        .filter(l => /['`"][^'`"]*[a-z]\(s\)[^'`"]*['`"]/i.test(l) && !/^\s*(\*|\/\/)/.test(l))
        .map(l => `${f}: ${l.trim()}`)
    )
    expect(files(src).length).toBeGreaterThan(20)
    expect(hits).toEqual([])
  })
})
