import { describe, expect, it } from '@jest/globals'
import type { FailedTest, FailedTests } from '../src/model/run.js'
import type { QuarantineEntry } from '../src/model/triage.js'
import {
  failuresGate,
  fileMatches,
  nameMatches,
  triage,
  uncheckedReason,
  utcDay
} from '../src/model/triage.js'

const failed = (...tests: FailedTest[]): FailedTests => ({ tests, found: tests.length, unread: [] })
const entry = (e: Partial<QuarantineEntry> & { test: string }): QuarantineEntry => ({
  reason: 'flaky',
  until: '2027-01-15',
  line: 1,
  ...e
})
const pay: FailedTest = {
  name: 'Checkout › pays with a saved card',
  file: 'cypress/e2e/checkout.cy.ts',
  line: 12
}
const login: FailedTest = { name: 'Login › signs in', file: 'cypress/e2e/login.cy.ts' }

describe('matching a failed test', () => {
  it('takes names exactly, › and all', () => {
    expect(nameMatches('Checkout › pays with a saved card', pay.name)).toBe(true)
    expect(nameMatches('Checkout › pays', pay.name)).toBe(false)
    expect(nameMatches('checkout › pays with a saved card', pay.name)).toBe(false)
  })

  it('lets * stand for any text, and nothing else be special', () => {
    expect(nameMatches('Checkout › *', pay.name)).toBe(true)
    expect(nameMatches('* › pays with * card', pay.name)).toBe(true)
    expect(nameMatches('*', pay.name)).toBe(true)
    expect(nameMatches('Login › *', pay.name)).toBe(false)
    expect(nameMatches('a.b (c) [d]', 'a.b (c) [d]')).toBe(true)
    expect(nameMatches('a.b', 'axb')).toBe(false)
  })

  it('takes file globs of the repository path', () => {
    expect(fileMatches(undefined, undefined)).toBe(true)
    expect(fileMatches('cypress/e2e/checkout.cy.ts', pay.file)).toBe(true)
    expect(fileMatches('cypress/**/*.cy.ts', pay.file)).toBe(true)
    expect(fileMatches('cypress/*.cy.ts', pay.file)).toBe(false)
    expect(fileMatches('cypress/e2e/*.cy.ts', undefined)).toBe(false)
  })
})

describe('the day', () => {
  it('is UTC: an entry is in force until the end of its until day', () => {
    expect(utcDay(Date.parse('2027-01-15T23:59:59Z'))).toBe('2027-01-15')
    expect(utcDay(Date.parse('2027-01-16T00:00:00Z'))).toBe('2027-01-16')
    const t = (today: string) => triage(failed(pay), [entry({ test: pay.name })], today)
    expect(t('2027-01-15').quarantined).toHaveLength(1)
    expect(t('2027-01-16').quarantined).toHaveLength(0)
    expect(t('2027-01-16').expired).toEqual([{ test: pay, entry: entry({ test: pay.name }) }])
  })
})

describe('triage', () => {
  it('quarantines first, then tells known from new by the baseline', () => {
    const checkout = { ...pay, name: 'Checkout › shows the total' }
    const t = triage(
      failed(pay, login, checkout),
      [entry({ test: 'Checkout › pays*' })],
      '2026-12-06',
      {
        baseline: { name: 'main', failed: failed({ name: login.name, file: login.file }) }
      }
    )
    expect(t.quarantined.map(q => q.test)).toEqual([pay])
    expect(t.known).toEqual([login])
    expect(t.fresh).toEqual([checkout])
    expect(t.baseline).toBe('main')
    expect(failuresGate(t, 'new')).toBe(true)
    expect(failuresGate({ ...t, fresh: [] }, 'new')).toBe(false)
    expect(failuresGate({ ...t, fresh: [] }, 'any')).toBe(true)
  })

  it('takes a known failure by name, and by file where both have one', () => {
    const base = (b: FailedTest) => ({ baseline: { name: 'main', failed: failed(b) } })
    expect(triage(failed(login), [], '2026-12-06', base({ name: login.name })).known).toEqual([
      login
    ])
    expect(
      triage(failed(login), [], '2026-12-06', base({ name: login.name, file: 'other.cy.ts' })).fresh
    ).toEqual([login])
  })

  it('counts every failure as new when the baseline could not be read', () => {
    const t = triage(failed(login), [], '2026-12-06', {
      baseline: { name: 'main', problem: 'HTTP 500' }
    })
    expect(t.fresh).toEqual([login])
    expect(t.baselineProblem).toBe('HTTP 500')
  })

  it('lets the gate pass when every failure is quarantined', () => {
    const t = triage(failed(pay, login), [entry({ test: '*', file: 'cypress/**' })], '2026-12-06')
    expect(t.quarantined).toHaveLength(2)
    expect(t.unused).toEqual([])
    expect(failuresGate(t, 'any')).toBe(false)
  })

  it('lists the entries that matched nothing', () => {
    const unused = entry({ test: 'Search › *' })
    expect(triage(failed(pay), [unused], '2026-12-06').unused).toEqual([unused])
  })

  it('never lets pass what could not be checked test by test', () => {
    const all = [entry({ test: '*' })]
    const spec = { title: 'cypress/e2e/b.cy.ts', file: 'cypress/e2e/b.cy.ts', failures: 2 }
    const cases: Array<[FailedTests | undefined, number | undefined, string]> = [
      [undefined, undefined, 'the failed tests could not be read'],
      [{ ...failed(pay), unread: [spec] }, undefined, 'a failed file was not read test by test'],
      [{ ...failed(pay), found: 150 }, undefined, 'only 1 of 150 failed tests are listed'],
      [failed(), undefined, 'the run failed without a failed test to check'],
      [failed(pay), 3, 'the run counts 3 failed tests, and 1 was read']
    ]
    for (const [f, counted, why] of cases) {
      const t = triage(f, all, '2026-12-06', { countedFailures: counted })
      expect(t.unchecked).toBe(why)
      expect(failuresGate(t, 'any')).toBe(true)
      expect(failuresGate(t, 'new')).toBe(true)
    }
    expect(uncheckedReason(failed(pay), 1)).toBeUndefined()
  })
})
