import { describe, expect, it } from '@jest/globals'
import { type Outcome, newOutcome, record } from '../src/model/outcome.js'
import type { RunFailure, RunSnapshot } from '../src/model/run.js'
import { GateError } from '../src/model/errors.js'
import { renderSummary } from '../src/report/summary.js'
import { type Verdict, verdict } from '../src/report/verdict.js'
import { testSettings } from './fixtures.js'

const T0 = Date.parse('2025-06-01T12:00:00Z')
const MiB = 1024 * 1024

const settings = testSettings

const currents = () =>
  settings({ provider: 'currents', 'test-plan-id': '', 'project-id': 'bAYZ4a' })

function run(over: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: '1165',
    url: 'https://app.testsigma.com/ui/td/runs/1165',
    state: 'finished',
    status: 'failed',
    result: 'FAILURE',
    counts: { total: 12, passed: 10, failed: 2, skipped: 0 },
    durationMs: 65_000,
    message: 'Test plan execution completed',
    failures: [],
    details: [['Test plan', '274']],
    ...over
  }
}

function outcome(runs: RunSnapshot[], more: Partial<Outcome> = {}): Outcome {
  const o = newOutcome(T0)
  for (const r of runs) record(o, r)
  return Object.assign(o, more)
}

/** The summary as main writes it: with the verdict of the same outcome. */
function render(o: Outcome, s = settings()): { md: string; v: Verdict } {
  const v = verdict(s, o)
  return { md: renderSummary(s, o, v), v }
}

const failures = (n: number, make: (i: number) => Partial<RunFailure> = () => ({})): RunFailure[] =>
  Array.from({ length: n }, (_, i) => ({
    file: `cypress/e2e/area-${i % 20}/spec-${i}.cy.ts`,
    title: `cypress/e2e/area-${i % 20}/spec-${i}.cy.ts`,
    failures: 1 + (i % 3),
    detail: `machine m${i % 8}`,
    url: 'https://app.currents.dev/run/abc',
    ...make(i)
  }))

/** The cells of a markdown table row: split on unescaped pipes. */
const cells = (row: string) => row.split('|').slice(1, -1)

/** The rows of the table whose header row contains `header`. */
function tableRows(md: string, header: string): string[] {
  const lines = md.split('\n')
  const start = lines.findIndex(l => l.startsWith('|') && l.includes(header))
  if (start < 0) return []
  const rows: string[] = []
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i])
  return rows
}

describe('renderSummary: content', () => {
  it('starts with a headline naming the run and its status', () => {
    const headline = render(outcome([run()])).md.split('\n')[0]
    expect(headline.startsWith('### ')).toBe(true)
    expect(headline).toContain('Testsigma run 1165')
    expect(headline).toContain('failed')
  })

  it('marks a passed run with a check mark and a failed one with a cross', () => {
    const passed = render(outcome([run({ status: 'passed', result: 'SUCCESS' })])).md
    const failed = render(outcome([run()])).md
    expect(passed.split('\n')[0]).toContain('✅')
    expect(failed.split('\n')[0]).toContain('❌')
  })

  it('writes the verdict line', () => {
    const { md } = render(outcome([run()]))
    expect(md).toContain('Testsigma run 1165 failed')
    expect(md).toContain('12 tests, 10 passed, 2 failed')
  })

  it('links to the run', () => {
    expect(render(outcome([run()])).md).toContain(
      '[Open the run](https://app.testsigma.com/ui/td/runs/1165)'
    )
  })

  it('writes a counts table with total, passed, failed, skipped, flaky, duration and reruns', () => {
    const rows = tableRows(render(outcome([run()], { reruns: 0 })).md, 'Total')
    expect(rows).toHaveLength(1)
    expect(cells(rows[0]).map(c => c.trim())).toEqual(['12', '10', '2', '0', '–', '01:05', '0'])
  })

  it('writes the result word and the message', () => {
    const md = render(outcome([run()])).md
    expect(md).toContain('FAILURE')
    expect(md).toContain('Test plan execution completed')
  })

  it('writes the run history when there was more than one run', () => {
    const first = run()
    const second = run({ id: '1166', status: 'passed', result: 'SUCCESS' })
    const rows = tableRows(render(outcome([first, second], { reruns: 1 })).md, 'Run')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('1165')
    expect(rows[1]).toContain('1166')
    expect(rows[1]).toContain('passed')
  })

  it('writes no run history for a single run', () => {
    expect(render(outcome([run()])).md).not.toContain('#### Runs')
  })

  it('lists the failed items in a table', () => {
    const md = render(outcome([run({ failures: failures(3) })], {}), currents()).md
    const rows = tableRows(md, 'Item')
    expect(rows).toHaveLength(3)
    expect(rows[0]).toContain('spec-0')
  })

  it('bounds the failed items table and says how many more there are', () => {
    const md = render(outcome([run({ failures: failures(250) })]), currents()).md
    expect(tableRows(md, 'Item').length).toBeLessThanOrEqual(100)
    expect(md).toMatch(/…and 150 more/)
  })

  it('says that the workflow was cancelled and the run stopped', () => {
    const o = outcome([run({ state: 'running', status: 'running' })], {
      stop: { reason: 'signal', outcome: 'cancelled', at: T0 + 90_000 }
    })
    const md = render(o).md
    expect(md).toContain('The workflow was cancelled')
    expect(md).toContain('2025-06-01 12:01:30 UTC')
  })

  it("counts the plan's tests after reruns of the failed ones, not the last rerun's few", () => {
    const first = run({ counts: { total: 12, passed: 10, failed: 2, skipped: 0 } })
    const second = run({
      id: '1166',
      status: 'passed',
      result: 'SUCCESS',
      counts: { total: 2, passed: 2, failed: 0, skipped: 0 }
    })
    const { md } = render(outcome([first, second], { reruns: 1 }))
    expect(md).toContain('12 tests, 12 passed after 1 rerun')
    const [counts] = tableRows(md, 'Total')
    expect(cells(counts).map(c => c.trim())).toEqual(['12', '12', '0', '0', '–', '01:05', '1'])
  })

  it('says wait-timeout passed with its value, and that no run was found when none was', () => {
    const s = currents()
    const o = outcome([], {
      stop: { reason: 'timeout', outcome: 'not-attempted', at: T0 + 60_000 },
      done: 'No Currents run was found within wait-timeout (60m): looked for the Currents run of project bAYZ4a with ciBuildId b'
    })
    const md = renderSummary(s, o, verdict(s, o))
    expect(md).toContain(
      '**wait-timeout (1h) passed** at 2025-06-01 12:01:00 UTC: no run was found.'
    )
    expect(md).toContain('looked for the Currents run of project bAYZ4a with ciBuildId b')
    expect(md).not.toContain('the run was not stopped')
  })

  it('says the run timed out in its headline and was stopped', () => {
    const o = outcome([run({ status: 'cancelled', result: 'STOPPED' })], {
      stop: { reason: 'timeout', outcome: 'cancelled', at: T0 }
    })
    const md = render(o, settings({ 'wait-timeout': '30m' })).md
    expect(md.split('\n')[0]).toBe('### ⏱️ Testsigma run 1165: timed out')
    expect(md).toContain('Testsigma run 1165 was stopped because wait-timeout (30m) passed')
    expect(md).toContain('the run was stopped')
  })

  it('does not say passed when an error failed the step after the run passed', () => {
    const s = settings()
    const o = outcome([run({ status: 'passed', result: 'SUCCESS' })])
    const v = verdict(s, o, new GateError('bad-input', "Input 'junit-path': could not write it"))
    const md = renderSummary(s, o, v)
    expect(v).toMatchObject({ status: 'failed', exitCode: 1 })
    expect(md.split('\n')[0]).toBe('### ❌ Testsigma run 1165: failed')
    expect(md).toContain("Input 'junit-path': could not write it")
  })

  it('writes nothing for an armed cancel-hook: a matrix of jobs would repeat it in each', () => {
    const s = currents()
    const hook = settings({
      provider: 'currents',
      'test-plan-id': '',
      'project-id': 'bAYZ4a',
      command: 'cancel-hook'
    })
    const o = outcome([], { done: 'Cancellation hook armed: if this workflow run is cancelled, …' })
    const v = verdict(hook, o)
    expect(renderSummary(hook, o, v)).toBe('')
    expect(v.line).toContain('Cancellation hook armed')
    expect(s.command).toBe('run')
  })

  it('says where the JUnit report was saved', () => {
    const md = render(outcome([run()], { junitPath: '/home/runner/work/shop/junit.xml' })).md
    expect(md).toContain('/home/runner/work/shop/junit.xml')
  })

  it('writes a headline for a command without a run', () => {
    const s = settings({ command: 'cancel', 'run-id': '1165' })
    const o = outcome([], { done: 'Cancelled Testsigma run 1165' })
    const md = renderSummary(s, o, verdict(s, o))
    expect(md.split('\n')[0]).toContain('Testsigma cancel')
    expect(md).toContain('Cancelled Testsigma run 1165')
  })
})

describe('renderSummary: hostile text from the API', () => {
  const HOSTILE = [
    '| a | b |',
    '<script>alert(1)</script>',
    '[click](javascript:alert(1))',
    'line1\nline2\r\n| x |',
    '::error::boom',
    '<img src=x onerror=alert(1)>',
    '`code` **bold** _it_'
  ]

  function hostileOutcome(): Outcome {
    const h = HOSTILE.join(' ')
    const first = run({ id: 'r<1>|', result: 'FAIL<b>|', message: h, details: [['<k>|', h]] })
    const last = run({
      id: 'r2',
      result: h,
      message: h,
      details: HOSTILE.map((x, i) => [`Group ${i} ${x}`, x]),
      failures: HOSTILE.map((x, i) => ({
        file: x,
        title: x,
        failures: i + 1,
        detail: x,
        url: 'https://app.currents.dev/run/r2'
      }))
    })
    return outcome([first, last], {
      reruns: 1,
      stop: { reason: 'timeout', outcome: 'failed', at: T0, error: h }
    })
  }

  it('lets no raw < through', () => {
    expect(render(hostileOutcome(), currents()).md).not.toContain('<')
  })

  it('links nothing to javascript:', () => {
    expect(render(hostileOutcome(), currents()).md).not.toContain('](javascript:')
  })

  it('keeps every failed item on one table row of three cells', () => {
    const rows = tableRows(render(hostileOutcome(), currents()).md, 'Item')
    expect(rows).toHaveLength(HOSTILE.length)
    for (const row of rows) expect(cells(row)).toHaveLength(3)
  })

  it('keeps every detail on one table row of two cells', () => {
    const md = render(hostileOutcome(), currents()).md
    const lines = md.split('\n')
    const start = lines.indexOf('| | |')
    const rows: string[] = []
    for (let i = start + 2; lines[i]?.startsWith('|'); i++) rows.push(lines[i])
    expect(rows.length).toBeGreaterThan(HOSTILE.length)
    for (const row of rows) expect(cells(row)).toHaveLength(2)
  })

  it('keeps every history row at seven cells', () => {
    const rows = tableRows(render(hostileOutcome(), currents()).md, 'Run')
    expect(rows).toHaveLength(2)
    for (const row of rows) expect(cells(row)).toHaveLength(7)
  })

  it('writes no line that the runner or markdown could take as a command', () => {
    for (const line of render(hostileOutcome(), currents()).md.split('\n'))
      expect(line.trimStart().startsWith('::')).toBe(false)
  })

  it('keeps a run URL with | from splitting its history row', () => {
    const first = run({ url: 'https://app.testsigma.com/ui/td/runs/1165|x' })
    const second = run({ id: '1166', url: 'https://app.testsigma.com/ui/td/runs/1166|y' })
    const rows = tableRows(render(outcome([first, second], { reruns: 1 })).md, 'Run')
    for (const row of rows) expect(cells(row)).toHaveLength(7)
  })
})

describe('renderSummary: size', () => {
  it('stays well under 1 MiB for a run with 10,000 failed specs', () => {
    const big = run({ failures: failures(10_000), counts: { total: 40_000, failed: 10_000 } })
    const md = render(outcome([big]), currents()).md
    expect(Buffer.byteLength(md)).toBeLessThan(MiB / 8)
    expect(md).toMatch(/…and 9900 more/)
  })

  it('stays under 1 MiB for 10,000 failures with long hostile names and details', () => {
    const long = '<|>&`*_[]'.repeat(2000)
    const big = run({
      message: long,
      failures: failures(10_000, () => ({ file: long, title: long, detail: long }))
    })
    const md = render(outcome([big]), currents()).md
    expect(Buffer.byteLength(md)).toBeLessThan(MiB)
  })
})

describe('summaryFor', () => {
  it.each(['sk-ECHOED-999', 'sk_ECHOED*999'])(
    'removes the API key %s should an API have echoed it into a message',
    async key => {
      const { summaryFor } = await import('../src/report/summary.js')
      const { settingsOf } = await import('./fixtures.js')
      const settings = settingsOf({
        INPUT_PROVIDER: 'testsigma',
        'INPUT_API-KEY': key,
        'INPUT_TEST-PLAN-ID': '1'
      })
      const run = {
        id: '5',
        state: 'finished' as const,
        status: 'failed' as const,
        result: 'FAILURE',
        counts: {},
        message: `bad token ${key} used`,
        failures: []
      }
      const outcome = { history: [run], run, reruns: 0, startedAt: 0 }
      const text = summaryFor(settings, outcome, { status: 'failed', exitCode: 1, line: 'x' })
      expect(text).not.toContain('ECHOED')
      expect(text).toContain('bad token *** used')
    }
  )
})
