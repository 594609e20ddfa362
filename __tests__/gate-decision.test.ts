/** A gate with a quarantine or a baseline: its exit code, verdict line, outputs and summary. */
import { describe, expect, it } from '@jest/globals'
import { type Outcome, newOutcome, record } from '../src/model/outcome.js'
import type { FailedTest, FailedTests, RunSnapshot } from '../src/model/run.js'
import { type QuarantineEntry, triage } from '../src/model/triage.js'
import { computeOutputs } from '../src/report/outputs.js'
import { renderSummary } from '../src/report/summary.js'
import { verdict } from '../src/report/verdict.js'
import { renderComment } from '../src/report/comment.js'
import { testSettings } from './fixtures.js'

const currents = (inputs: Record<string, string> = {}) =>
  testSettings({ provider: 'currents', 'test-plan-id': '', 'project-id': 'bAYZ4a', ...inputs })

const pay: FailedTest = {
  name: 'Checkout › pays with a saved card',
  file: 'cypress/e2e/checkout.cy.ts',
  line: 12,
  message: 'Timed out'
}
const login: FailedTest = { name: 'Login › signs in', file: 'cypress/e2e/login.cy.ts' }
const entry: QuarantineEntry = {
  test: 'Checkout › *',
  reason: 'sandbox | flaky',
  until: '2027-01-15',
  owner: '@acme/payments',
  line: 3
}

function failedRun(failed: number): RunSnapshot {
  return {
    id: 'r1',
    state: 'finished',
    status: 'failed',
    result: 'FAILED',
    counts: { total: 5, passed: 5 - failed, failed },
    failures: []
  }
}

function gate(tests: FailedTest[], entries: QuarantineEntry[], baseline?: FailedTest[]): Outcome {
  const o = newOutcome(1_750_000_000_000)
  record(o, failedRun(tests.length))
  const failed: FailedTests = { tests, found: tests.length, unread: [] }
  o.failed = failed
  o.triage = triage(failed, entries, '2026-12-06', {
    countedFailures: tests.length,
    baseline: baseline && {
      name: 'main',
      failed: { tests: baseline, found: baseline.length, unread: [] }
    }
  })
  return o
}

describe('a gate with a quarantine', () => {
  const settings = currents({ quarantine: '.github/test-quarantine.yml' })

  it('passes when every failure is quarantined, its status still the run’s', () => {
    const o = gate([pay], [entry])
    const v = verdict(settings, o)
    expect(v).toMatchObject({ status: 'failed', exitCode: 0, allowed: true })
    expect(v.line).toBe(
      'Currents run r1 failed (FAILED): 5 tests, 4 passed, 1 failed; the gate passes (1 failure: 1 quarantined)'
    )
    const out = computeOutputs(o, undefined, v.status)
    expect(out.status).toBe('failed')
    expect(JSON.parse(out['quarantined-tests'])).toEqual([
      {
        name: pay.name,
        file: pay.file,
        line: 12,
        message: 'Timed out',
        reason: 'sandbox | flaky',
        until: '2027-01-15',
        owner: '@acme/payments'
      }
    ])
  })

  it('fails on a failure the quarantine does not cover', () => {
    const v = verdict(settings, gate([pay, login], [entry]))
    expect(v.exitCode).toBe(1)
    expect(v.allowed).toBeUndefined()
    expect(v.line).toContain('2 failures: 1 new, 1 quarantined')
  })

  it('fails, and says why, when the failures could not all be checked', () => {
    const o = gate([pay], [entry])
    o.triage = triage(o.failed, [entry], '2026-12-06', { countedFailures: 3 })
    const v = verdict(settings, o)
    expect(v.exitCode).toBe(1)
    expect(v.line).toContain('the gate fails: the run counts 3 failed tests, and 1 was read')
  })

  it('shows the quarantined tests in the summary, escaped', () => {
    const o = gate([pay], [entry])
    const text = renderSummary(settings, o, verdict(settings, o))
    expect(text).toContain('**1 failed: 0 new, 1 quarantined.**')
    expect(text).toContain('#### Quarantined (1)')
    expect(text).toContain(
      '| Checkout › pays with a saved card | sandbox &#124; flaky | @acme/payments | 2027-01-15 |'
    )
  })

  it('warns in the summary of an entry that expired', () => {
    const o = gate([pay], [{ ...entry, until: '2026-12-05' }])
    const v = verdict(settings, o)
    expect(v.exitCode).toBe(1)
    expect(renderSummary(settings, o, v)).toContain(
      '⚠️ The quarantine of Checkout › pays with a saved card (.github/test-quarantine.yml line 3) expired on 2026-12-05: fix the test or extend the entry.'
    )
  })
})

describe('a gate with a baseline', () => {
  it('fails on new failures only with fail-on new, and marks each failure known or not', () => {
    const settings = currents({ baseline: 'main', 'fail-on': 'new' })
    const known = gate([login], [], [login])
    const v = verdict(settings, known)
    expect(v).toMatchObject({ exitCode: 0, allowed: true })
    expect(v.line).toContain('the gate passes (1 failure: 1 also failing on main)')
    expect(JSON.parse(computeOutputs(known)['failed-tests'])).toEqual([
      { name: login.name, file: login.file, known: true }
    ])
    const both = gate([pay, login], [], [login])
    expect(verdict(settings, both).exitCode).toBe(1)
    expect(
      JSON.parse(computeOutputs(both)['failed-tests']).map((t: { known?: boolean }) => t.known)
    ).toEqual([false, true])
    expect(renderSummary(settings, both, verdict(settings, both))).toContain(
      '**2 failed: 1 new, 1 also failing on `main`.**'
    )
  })

  it('fails on known failures too with fail-on any (the default)', () => {
    const settings = currents({ baseline: 'main' })
    const v = verdict(settings, gate([login], [], [login]))
    expect(v.exitCode).toBe(1)
    expect(v.line).toContain('1 failure: 1 also failing on main')
  })

  it('composes: quarantined first, then known, then new', () => {
    const settings = currents({ quarantine: 'q.yml', baseline: 'main', 'fail-on': 'new' })
    const o = gate([pay, login], [entry], [pay, login])
    expect(o.triage?.quarantined.map(q => q.test)).toEqual([pay])
    expect(o.triage?.known).toEqual([login])
    expect(verdict(settings, o)).toMatchObject({ exitCode: 0, allowed: true })
  })
})

describe('the pull request comment of a gate with a quarantine', () => {
  it('shows the quarantined tests, as the summary does', () => {
    const settings = currents({
      quarantine: '.github/test-quarantine.yml',
      'pr-comment': 'true',
      'github-token': 'ghs_x'
    })
    const o = gate([pay], [entry])
    const body = renderComment(
      {
        settings,
        outcome: o,
        verdict: verdict(settings, o),
        links: { summary: 'https://github.com/acme/shop/actions/runs/1/attempts/1' }
      },
      'e2e'
    )
    expect(body).toContain('#### Quarantined (1)')
    expect(body).toContain('sandbox &#124; flaky')
  })
})
