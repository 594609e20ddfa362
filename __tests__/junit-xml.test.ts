/**
 * The JUnit file a Currents gate writes (issue 21, item 3): well-formed whatever the names, and
 * its counts add up to the run's.
 */
import { describe, expect, it } from '@jest/globals'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { junitXml, xmlAttribute, xmlText } from '../src/files/junit-xml.js'
import type { FailedTest, RunSnapshot } from '../src/model/run.js'

const HOSTILE = `<&"'\u0000\u0008\uD800]]>\n\ttail`

function run(more: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: 'r1',
    url: 'https://app.currents.dev/run/r1',
    state: 'finished',
    status: 'failed',
    result: 'FAILED',
    counts: { total: 10, passed: 6, failed: 3, skipped: 1, flaky: 1 },
    durationMs: 59850,
    failures: [],
    items: [
      { file: 'login.spec.ts', tests: 3, failures: 0, skipped: 0, flaky: 0, durationMs: 1200 },
      { file: 'reports.spec.ts', tests: 5, failures: 2, skipped: 1, flaky: 1, durationMs: 4500 },
      { file: 'checkout.cy.ts', tests: 2, failures: 1, skipped: 0, flaky: 0 }
    ],
    ...more
  }
}

const failed: FailedTest[] = [
  {
    name: 'Reports › exports CSV',
    group: 'tests/reports.spec.ts',
    file: 'tests/reports.spec.ts',
    line: 12,
    message: 'Error: expect(received).toBe(expected)',
    details: 'Expected: 1\nReceived: 2'
  }
]
const flaky: FailedTest[] = [
  { name: 'Reports › is flaky', group: 'tests/reports.spec.ts', message: 'Timeout' }
]

type Node = Record<string, unknown>
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: name => ['testsuite', 'testcase'].includes(name),
  // Character references (&#10;) are decoded only with this set, as every JUnit consumer does.
  processEntities: true,
  htmlEntities: true
})
function parse(xml: string): { root: Node; suites: Node[] } {
  expect(XMLValidator.validate(xml)).toBe(true)
  const root = (parser.parse(xml) as { testsuites: Node }).testsuites
  return { root, suites: (root.testsuite ?? []) as Node[] }
}
const cases = (suite: Node) => (suite.testcase ?? []) as Node[]

describe('junitXml', () => {
  const xml = junitXml({
    name: 'Currents run r1',
    run: run(),
    failed: { tests: failed, found: 1, unread: [] },
    flaky: { tests: flaky, found: 1 }
  })

  it('writes a testsuite per spec with its own counts and time, in the run order', () => {
    const { root, suites } = parse(xml)
    expect(root).toMatchObject({ name: 'Currents run r1', tests: '10', failures: '3' })
    expect(root.time).toBe('59.850')
    expect(suites.map(s => [s.name, s.tests, s.failures, s.skipped, s.time])).toEqual([
      ['login.spec.ts', '3', '0', '0', '1.200'],
      ['reports.spec.ts', '5', '2', '1', '4.500'],
      ['checkout.cy.ts', '2', '1', '0', undefined]
    ])
  })

  it('puts each test read in its spec (under the checkout folders), failed ones with the failure', () => {
    const reports = cases(parse(xml).suites[1])
    expect(reports[0]).toMatchObject({
      name: 'Reports › exports CSV',
      classname: 'reports.spec.ts',
      file: 'tests/reports.spec.ts',
      line: '12',
      failure: {
        message: 'Error: expect(received).toBe(expected)',
        '#text': 'Error: expect(received).toBe(expected)\nExpected: 1\nReceived: 2'
      }
    })
    expect(reports[1]).toMatchObject({ name: 'Reports › is flaky' })
    expect(reports[1].failure).toBeUndefined()
    expect(reports[1]['system-out']).toBe('Flaky: passed after failing with: Timeout')
  })

  it("adds one summary case per spec for the tests not read, so the counts add up to the run's", () => {
    const { suites } = parse(xml)
    const summaries = suites.map(s => cases(s).at(-1) as Node)
    expect(summaries.map(c => c.name)).toEqual([
      '3 other tests (3 passed)',
      '3 other tests (1 passed, 1 failed, 1 skipped)',
      '2 other tests (1 passed, 1 failed)'
    ])
    expect(summaries[0].failure).toBeUndefined()
    expect((summaries[1].failure as Node).message).toBe(
      '1 failed test was not read one by one; see https://app.currents.dev/run/r1'
    )
    // Tests read plus the tests the summaries stand for: every test of the run, once.
    const stood = (c: Node) => Number(/^(\d+) other/.exec(String(c.name))?.[1] ?? 1)
    const all = suites.flatMap(cases).reduce((n, c) => n + stood(c), 0)
    expect(all).toBe(10)
  })

  it('a spec whose tests were all skipped is one skipped case', () => {
    const { suites } = parse(
      junitXml({
        name: 'x',
        run: run({ items: [{ file: 'a.ts', tests: 2, failures: 0, skipped: 2, flaky: 0 }] })
      })
    )
    expect(cases(suites[0])).toEqual([
      { name: '2 other tests (2 skipped)', classname: 'a.ts', skipped: '' }
    ])
  })

  it('escapes hostile names and messages everywhere, dropping what XML cannot hold', () => {
    const out = junitXml({
      name: HOSTILE,
      run: run({
        url: HOSTILE,
        items: [{ file: HOSTILE, tests: 2, failures: 2, skipped: 0, flaky: 0 }]
      }),
      failed: {
        tests: [
          { name: HOSTILE, group: HOSTILE, file: HOSTILE, message: HOSTILE, details: HOSTILE }
        ],
        found: 1,
        unread: []
      }
    })
    expect(out.includes('\u0000') || out.includes('\u0008')).toBe(false)
    const clean = `<&"']]>\n\ttail`
    const { root, suites } = parse(out)
    expect(root.name).toBe(clean)
    expect(suites[0].name).toBe(clean)
    const [test, summary] = cases(suites[0])
    expect(test).toMatchObject({ name: clean, classname: clean, file: clean })
    expect((test.failure as Node).message).toBe(clean)
    expect((test.failure as Node)['#text']).toBe(`${clean}\n${clean}`)
    expect((summary.failure as Node).message).toBe(
      `1 failed test was not read one by one; see ${clean}`
    )
  })

  it('escapes the five markup characters and keeps newlines in attributes as references', () => {
    expect(xmlAttribute(`a<b>&"c'\n\r\t`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;&#10;&#13;&#9;')
    expect(xmlText('a<b>&]]>\n')).toBe('a&lt;b&gt;&amp;]]&gt;\n')
    expect(xmlText('\u0000\uFFFE\uDC00ok\u{1F600}')).toBe('ok\u{1F600}')
  })

  it('ignores counts a service should not send, and a test of no spec in the run', () => {
    const { root, suites } = parse(
      junitXml({
        name: 'x',
        run: run({
          items: [{ file: 'a.ts', tests: -3, failures: Number.NaN, skipped: 1.5, flaky: 0 }]
        }),
        failed: { tests: [{ name: 'elsewhere', group: 'b.ts' }], found: 1, unread: [] }
      })
    )
    expect(root).toMatchObject({ tests: '0', failures: '0' })
    expect(suites[0]).toMatchObject({ tests: '0', failures: '0', skipped: '1' })
    expect(cases(suites[0])).toEqual([])
  })

  it('writes an empty testsuites for a run with no items', () => {
    const { root, suites } = parse(junitXml({ name: 'x', run: run({ items: undefined }) }))
    expect(root).toMatchObject({ tests: '0', failures: '0' })
    expect(suites).toEqual([])
  })
})
