/**
 * A JUnit XML file of a run whose service has none to download (Currents), for the test views
 * of other CIs (GitLab's artifacts:reports:junit, Jenkins' junit, Azure's PublishTestResults).
 * Built from what the gate already knows, so it costs no request: a `<testsuite>` per item with
 * the item's own counts, a `<testcase>` per failed or flaky test that was read, and one summary
 * `<testcase>` for the item's other tests, so that the suites' counts add up to the run's.
 *
 * Every name and message comes from the service and is escaped here by hand rather than by an
 * XML library: characters XML 1.0 cannot hold at all (NUL, lone surrogates) must go, which no
 * builder does, and attribute newlines must survive as references.
 */
import type { FailedTest, FailedTests, FlakyTests, RunItem, RunSnapshot } from '../model/run.js'

export interface JunitInput {
  /** The run in words, e.g. "Currents run abc": the root's name. */
  name: string
  run: RunSnapshot
  failed?: FailedTests
  flaky?: FlakyTests
}

/** Anything XML 1.0 cannot carry, even as a reference: dropped rather than breaking the file. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

const ATTRIBUTE: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A parser turns a raw newline or tab in an attribute into a space: references keep them.
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;'
}

export const xmlAttribute = (s: string): string =>
  s.replace(NOT_XML, '').replace(/[&<>"'\n\r\t]/g, c => ATTRIBUTE[c])

export const xmlText = (s: string): string =>
  s.replace(NOT_XML, '').replace(/[&<>]/g, c => ATTRIBUTE[c])

/** A count from the service, which may be anything: a whole number, at least 0. */
const count = (n: number): number => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0)

const seconds = (ms: number | undefined): string | undefined =>
  ms !== undefined && Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : undefined

function element(
  name: string,
  attributes: Record<string, string | number | undefined>,
  body?: string
): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`)
    .join('')
  return body === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${body}</${name}>`
}

interface Suite {
  item: RunItem
  failed: FailedTest[]
  flaky: FailedTest[]
}

/** A test's spec as the run names it, without the checkout folders the gate put in front. */
const belongs = (test: FailedTest, item: RunItem): boolean => {
  const group = test.group ?? test.file
  const file = item.file.replace(/\\/g, '/').replace(/^(\.\/)+/, '')
  return group !== undefined && (group === file || group.endsWith(`/${file}`))
}

/**
 * Each test goes to the first item of its file with room left for it (its stats count more
 * such tests than are placed): a spec run in two groups (browsers) is two items of one file.
 */
function place(suites: Suite[], tests: FailedTest[], kind: 'failed' | 'flaky'): void {
  for (const test of tests) {
    const fits = (s: Suite) =>
      belongs(test, s.item) &&
      s[kind].length < count(kind === 'failed' ? s.item.failures : s.item.flaky)
    const suite =
      suites.find(s => belongs(test, s.item) && s.item.file === test.group && fits(s)) ??
      suites.find(fits)
    suite?.[kind].push(test)
  }
}

function testcase(test: FailedTest, classname: string, body?: string): string {
  return element(
    'testcase',
    {
      name: test.name,
      classname,
      file: test.file,
      line: test.line !== undefined && test.line > 0 ? Math.floor(test.line) : undefined
    },
    body
  )
}

function failedCase(test: FailedTest, classname: string): string {
  const text = [test.message, test.details, test.url].filter(Boolean).join('\n')
  const failure = element(
    'failure',
    { message: test.message ?? 'failed', type: 'failure' },
    xmlText(text)
  )
  return testcase(test, classname, failure)
}

function flakyCase(test: FailedTest, classname: string): string {
  // A flaky test passed in the end: a pass in every test view, with why it is worth a look.
  const why = `Flaky: passed after failing${test.message ? ` with: ${test.message}` : ''}`
  return testcase(test, classname, `<system-out>${xmlText(why)}</system-out>`)
}

/** The item's tests not read one by one, as one test case, failed when any of them failed. */
function summaryCase(suite: Suite, url: string | undefined): string | undefined {
  const { item } = suite
  const left = count(item.tests) - suite.failed.length - suite.flaky.length
  if (left <= 0) return undefined
  const failed = Math.min(left, Math.max(0, count(item.failures) - suite.failed.length))
  const skipped = Math.min(left - failed, count(item.skipped))
  const passed = left - failed - skipped
  const parts = [
    passed ? `${passed} passed` : '',
    failed ? `${failed} failed` : '',
    skipped ? `${skipped} skipped` : ''
  ].filter(Boolean)
  const name = `${left} other test${left === 1 ? '' : 's'} (${parts.join(', ')})`
  const where = url ? `; see ${url}` : ''
  const body = failed
    ? element(
        'failure',
        {
          message: `${failed} failed test${failed === 1 ? ' was' : 's were'} not read one by one${where}`,
          type: 'failure'
        },
        ''
      )
    : passed === 0
      ? '<skipped/>'
      : undefined
  return element('testcase', { name, classname: item.file }, body)
}

function testsuite(suite: Suite, url: string | undefined): string {
  const { item } = suite
  const cases = [
    ...suite.failed.map(t => failedCase(t, item.file)),
    ...suite.flaky.map(t => flakyCase(t, item.file)),
    summaryCase(suite, url)
  ].filter(c => c !== undefined)
  const attributes = {
    name: item.file,
    tests: count(item.tests),
    failures: count(item.failures),
    errors: 0,
    skipped: count(item.skipped),
    time: seconds(item.durationMs)
  }
  return cases.length === 0
    ? `  ${element('testsuite', attributes)}`
    : `  ${element('testsuite', attributes, `\n    ${cases.join('\n    ')}\n  `)}`
}

/** The run as one JUnit XML document, from its items and the failed and flaky tests read. */
export function junitXml({ name, run, failed, flaky }: JunitInput): string {
  const suites: Suite[] = (run.items ?? []).map(item => ({ item, failed: [], flaky: [] }))
  place(suites, failed?.tests ?? [], 'failed')
  place(suites, flaky?.tests ?? [], 'flaky')
  const sum = (key: 'tests' | 'failures') => suites.reduce((acc, s) => acc + count(s.item[key]), 0)
  const root = {
    name,
    tests: sum('tests'),
    failures: sum('failures'),
    errors: 0,
    time: seconds(run.durationMs)
  }
  const body = suites.map(s => testsuite(s, run.url)).join('\n')
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    suites.length === 0 ? element('testsuites', root) : element('testsuites', root, `\n${body}\n`),
    ''
  ].join('\n')
}
