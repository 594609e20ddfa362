/** The pull request comment's markdown, the gate's identity, the next step and the result word. */
import { describe, expect, it } from '@jest/globals'
import { type Outcome, newOutcome, record } from '../src/model/outcome.js'
import type { FailedTest, RunSnapshot } from '../src/model/run.js'
import {
  COMMENT_TESTS,
  MAX_COMMENT,
  commentIdentity,
  commentMarker,
  renderComment
} from '../src/report/comment.js'
import { nextStep } from '../src/report/next-step.js'
import { resultWord, verdict } from '../src/report/verdict.js'
import { preText } from '../src/report/text.js'
import { testSettings } from './fixtures.js'

const currents = (more: Record<string, string> = {}) =>
  testSettings({ provider: 'currents', 'test-plan-id': '', 'project-id': 'bAYZ4a', ...more })

function run(over: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: 'r1',
    url: 'https://app.currents.dev/run/r1',
    state: 'finished',
    status: 'failed',
    result: 'FAILED',
    counts: { total: 30, passed: 25, failed: 5, skipped: 0 },
    failures: [],
    ...over
  }
}

function outcome(r: RunSnapshot, more: Partial<Outcome> = {}): Outcome {
  const o = newOutcome(0)
  record(o, r)
  return Object.assign(o, more)
}

const test = (i: number, over: Partial<FailedTest> = {}): FailedTest => ({
  name: `Suite › case ${i}`,
  file: 'tests/a b.spec.ts',
  line: 10 + i,
  message: `Error ${i}`,
  details: 'Expected: 200\nReceived: 500',
  ...over
})

const links = {
  summary: 'https://github.com/acme/shop/actions/runs/1/attempts/1',
  blob: 'https://github.com/acme/shop/blob/abc'
}

function comment(o: Outcome, s = currents()): string {
  return renderComment(
    { settings: s, outcome: o, verdict: verdict(s, o), links },
    commentIdentity(s)
  )
}

describe('renderComment', () => {
  it('starts with the marker and links each test to its line in the head commit', () => {
    const o = outcome(run(), { failed: { tests: [test(1)], found: 1, unread: [] } })
    const body = comment(o)
    expect(body.startsWith(commentMarker('currents:project:bAYZ4a'))).toBe(true)
    expect(body).toContain(
      '[tests/a b.spec.ts:11](https://github.com/acme/shop/blob/abc/tests/a%20b.spec.ts#L11)'
    )
    expect(body).toContain(
      '<details><summary>The whole error</summary><pre>\nExpected: 200\nReceived: 500\n</pre></details>'
    )
  })

  it('links a file whose name holds a lone surrogate (encodeURI throws on one)', () => {
    const o = outcome(run(), {
      failed: { tests: [test(1, { file: 'tests/a\uD800.spec.ts' })], found: 1, unread: [] }
    })
    expect(comment(o)).toContain(
      '(https://github.com/acme/shop/blob/abc/tests/a%EF%BF%BD.spec.ts#L11)'
    )
  })

  it(`shows at most ${COMMENT_TESTS} tests, then how many more, with a link to the job summary`, () => {
    const tests = Array.from({ length: 35 }, (_, i) => test(i))
    const body = comment(outcome(run(), { failed: { tests, found: 35, unread: [] } }))
    expect(body.match(/^\*\*Suite › case/gm)).toHaveLength(COMMENT_TESTS)
    expect(body).toContain(`…and 15 more in the [job summary](${links.summary}).`)
  })

  it('stays within the limit with the longest fields, and nothing in it is markup', () => {
    const huge = '<img src=x> | ]('.repeat(5000)
    const tests = Array.from({ length: 100 }, (_, i) =>
      test(i, { name: huge, message: huge, details: `${huge}\n`.repeat(50) })
    )
    const o = outcome(run(), {
      failed: { tests, found: 100, unread: [] },
      flaky: { tests: tests.slice(0, 50), found: 50 }
    })
    const body = comment(o)
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT)
    expect(body).not.toContain('<img')
    expect(body).not.toMatch(/\| \]\(/)
  })

  it('says passed, and shows no failed test, for a run that passed', () => {
    const body = comment(
      outcome(run({ status: 'passed', result: 'PASSED', counts: { total: 3, passed: 3 } }))
    )
    expect(body).toContain('### ✅ Currents run r1: passed')
    expect(body).not.toContain('Failed tests')
  })

  it('removes the API key, should a service have echoed it', () => {
    const s = currents({ 'api-key': 'sk-SECRET-123' })
    const o = outcome(run(), {
      failed: { tests: [test(1, { message: 'token sk-SECRET-123' })], found: 1, unread: [] }
    })
    expect(comment(o, s)).not.toContain('sk-SECRET-123')
  })
})

describe('commentIdentity', () => {
  it('is the check name when there is one, else provider and plan or project (and a set ciBuildId)', () => {
    expect(commentIdentity(currents({ 'check-name': 'e2e', 'github-token': 't' }))).toBe(
      'check:e2e'
    )
    expect(commentIdentity(testSettings({ 'test-plan-id': '274' }))).toBe('testsigma:plan:274')
    expect(commentIdentity(currents())).toBe('currents:project:bAYZ4a')
    expect(commentIdentity(currents({ 'ci-build-id': 'nightly' }))).toBe(
      'currents:project:bAYZ4a:build:nightly'
    )
  })

  it('cannot end the HTML comment it is written in', () => {
    expect(commentMarker('x --> <b>')).toBe('<!-- test-run-gate: x%20--%3E%20%3Cb%3E -->')
  })
})

describe('nextStep', () => {
  it('says how to rerun only what failed, and where the run is', () => {
    const o = outcome(run())
    const s = currents()
    expect(nextStep(s, o, verdict(s, o))).toMatch(
      /^\*\*Next:\*\* rerun only what failed .*last-failed.*\[the run's page\]\(https:\/\/app\.currents\.dev\/run\/r1\)\.$/
    )
  })

  it('says nothing for a run that passed', () => {
    const o = outcome(run({ status: 'passed', result: 'PASSED' }))
    expect(nextStep(currents(), o, verdict(currents(), o))).toBeUndefined()
  })
})

describe('resultWord', () => {
  it("never shows a cancelled run's PASSED alone", () => {
    expect(resultWord(run({ status: 'cancelled', result: 'PASSED' }))).toBe(
      'PASSED, but the run was cancelled'
    )
    expect(resultWord(run({ status: 'timed-out', result: 'PASSED' }))).toBe(
      'PASSED, but the run was timed out'
    )
    expect(resultWord(run({ status: 'cancelled', result: 'STOPPED' }))).toBe('STOPPED')
    expect(resultWord(run({ status: 'failed', result: 'FAILED' }))).toBe('FAILED')
  })
})

describe('preText', () => {
  it('keeps lines, drops blank ones (they would end the HTML block) and escapes markup', () => {
    expect(preText('a <b>\n\n| c |\n  at x')).toBe('a &#60;b&#62;\n&#124; c &#124;\n  at x')
  })
})
