/** The failed tests in the summary and in the check run's text and annotations. */
import { describe, expect, it } from '@jest/globals'
import { type Outcome, newOutcome, record } from '../src/model/outcome.js'
import type { FailedTest, FailedTests, RunSnapshot } from '../src/model/run.js'
import { checkAnnotations, checkDetails } from '../src/github/check-details.js'
import { failedTestsSection } from '../src/report/failed-tests.js'
import { renderSummary } from '../src/report/summary.js'
import { verdict } from '../src/report/verdict.js'
import { testSettings } from './fixtures.js'

const RUN_URL = 'https://app.currents.dev/run/r1'

const test = (i: number, group?: string): FailedTest => ({
  name: `Suite › test ${i}`,
  ...(group ? { file: group, line: 10 + i, group } : {}),
  message: `failed ${i}`,
  url: RUN_URL
})

const failed = (tests: FailedTest[], more: Partial<FailedTests> = {}): FailedTests => ({
  tests,
  found: tests.length,
  unread: [],
  ...more
})

function run(over: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: 'r1',
    url: RUN_URL,
    state: 'finished',
    status: 'failed',
    result: 'FAILED',
    counts: { total: 10, failed: 3 },
    failures: [
      { id: 'i1', file: 'tests/a.spec.ts', title: 'tests/a.spec.ts', failures: 2, url: RUN_URL },
      { id: 'i2', file: 'tests/b.spec.ts', title: 'tests/b.spec.ts', failures: 1, url: RUN_URL }
    ],
    ...over
  }
}

function outcome(f: FailedTests, r = run()): Outcome {
  const o = newOutcome(Date.parse('2025-06-01T12:00:00Z'))
  record(o, r)
  o.failed = f
  return o
}

describe('the summary section "Failed tests"', () => {
  it('groups the tests by spec file, with their lines', () => {
    const md = failedTestsSection(
      failed([test(1, 'tests/a.spec.ts'), test(2, 'tests/a.spec.ts'), test(3, 'tests/b.spec.ts')])
    ).join('\n')
    expect(md).toContain('#### Failed tests (3)')
    expect(md.match(/\*\*tests\/a\.spec\.ts\*\*/g)).toHaveLength(1)
    expect(md).toContain('**tests/b.spec.ts**')
    expect(md).toContain(`| [Suite › test 2](${RUN_URL}) | 12 | failed 2 |`)
  })

  it('has no line column when no test has a line (Testsigma)', () => {
    const md = failedTestsSection(failed([test(1)])).join('\n')
    expect(md).toContain('| Test | Message |')
    expect(md).toContain(`| [Suite › test 1](${RUN_URL}) | failed 1 |`)
  })

  it('says how many more there are past the listed ones', () => {
    const tests = Array.from({ length: 100 }, (_, i) => test(i))
    const md = failedTestsSection(failed(tests, { found: 130 })).join('\n')
    expect(md).toContain('#### Failed tests (130)')
    expect(md).toContain('…and 30 more, not listed.')
    expect(md.split('\n').filter(l => l.startsWith('| [Suite'))).toHaveLength(100)
  })

  it('escapes names and messages: no markup, no table break, no workflow command', () => {
    const hostile: FailedTest = {
      name: 'a | b <img src=x onerror=alert(1)>',
      message: '::error::x\n| cell | [link](javascript:alert(1))',
      url: 'javascript:alert(1)'
    }
    const md = failedTestsSection(failed([hostile])).join('\n')
    const row = md.split('\n').find(l => l.includes('img'))
    expect(row).toBe(
      '| a &#124; b &#60;img src=x onerror=alert(1)&#62; | ::error::x &#124; cell &#124; &#91;link&#93;(javascript:alert(1)) |'
    )
    expect(md.split('\n').some(l => l.startsWith('::'))).toBe(false)
  })

  it('keeps the failed specs table only for the specs whose tests were not read', () => {
    const s = testSettings({ provider: 'currents', 'test-plan-id': '', 'project-id': 'p' })
    const all = outcome(failed([test(1, 'tests/a.spec.ts'), test(2, 'tests/b.spec.ts')]))
    expect(renderSummary(s, all, verdict(s, all))).not.toContain('#### Failed (2)')
    const part = outcome(failed([test(1, 'tests/a.spec.ts')], { unread: [run().failures[1]] }))
    const md = renderSummary(s, part, verdict(s, part))
    expect(md).toContain('#### Failed (2)')
    expect(md).toContain('The tests of 1 more failed file were not read one by one')
  })
})

describe('check run details', () => {
  it('puts each test at its file and line, and a test without a file on the workflow file', () => {
    const annotations = checkAnnotations(
      failed([test(1, 'tests/a.spec.ts'), test(2)]),
      '.github/workflows/ci.yml'
    )
    expect(annotations).toEqual([
      {
        path: 'tests/a.spec.ts',
        start_line: 11,
        end_line: 11,
        annotation_level: 'failure',
        title: 'Suite › test 1',
        message: 'failed 1',
        raw_details: RUN_URL
      },
      {
        path: '.github/workflows/ci.yml',
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
        title: 'Suite › test 2',
        message: 'failed 2',
        raw_details: RUN_URL
      }
    ])
  })

  it('annotates the specs not read by file after the tests, 100 in all', () => {
    const unread = Array.from({ length: 30 }, (_, i) => ({
      file: `tests/u${i}.spec.ts`,
      title: `tests/u${i}.spec.ts`,
      failures: 1
    }))
    const tests = Array.from({ length: 80 }, (_, i) => test(i, 'tests/a.spec.ts'))
    const annotations = checkAnnotations(failed(tests, { unread }))
    expect(annotations).toHaveLength(100)
    expect(annotations[80]).toMatchObject({ path: 'tests/u0.spec.ts', start_line: 1 })
  })

  it('gives the section as text, and removes the API key from every word', () => {
    const s = testSettings({ provider: 'currents', 'test-plan-id': '', 'project-id': 'p' })
    const leaky = { ...test(1, 'tests/a.spec.ts'), message: `bad key ${s.apiKey}` }
    const details = checkDetails(s, outcome(failed([leaky])))
    expect(details.text).toContain('#### Failed tests (1)')
    expect(JSON.stringify(details)).not.toContain(s.apiKey)
    expect(details.annotations?.[0].message).toBe('bad key ***')
  })

  it('is empty when the failed tests are not known', () => {
    const s = testSettings()
    const o = newOutcome(0)
    record(o, run())
    expect(checkDetails(s, o)).toEqual({})
  })
})
