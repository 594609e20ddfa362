import { describe, expect, it } from '@jest/globals'
import type { Context } from '../src/commands/context.js'
import { formatElapsed, progressPrinter } from '../src/commands/progress.js'
import type { RunSnapshot } from '../src/model/run.js'

const T0 = 1_750_000_000_000

describe('formatElapsed', () => {
  it.each([
    [0, '00:00'],
    [999, '00:00'],
    [5_000, '00:05'],
    [65_000, '01:05'],
    [3_599_000, '59:59'],
    [3_600_000, '1:00:00'],
    [5_025_000, '1:23:45'],
    [36_000_000, '10:00:00']
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text)
  })

  it('writes a negative time as 00:00', () => {
    expect(formatElapsed(-5000)).toBe('00:00')
  })
})

/** Just what the printer uses of a context: the clock and the log. */
function fakeContext() {
  const clock = { t: T0 }
  const lines: string[] = []
  const ctx = {
    clock: { now: () => clock.t, sleep: async () => {} },
    log: { info: (l: string) => lines.push(l), warn: () => {}, debug: () => {} }
  } as unknown as Context
  return { ctx, clock, lines }
}

function run(over: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: '1165',
    state: 'running',
    status: 'running',
    result: 'QUEUED',
    counts: {},
    failures: [],
    progress: 'in progress; 3 passed, 0 failed, 2 running, 7 queued of 12',
    ...over
  }
}

describe('progressPrinter', () => {
  it('prints the run, its status and its progress, with the time since the start', () => {
    const { ctx, clock, lines } = fakeContext()
    const print = progressPrinter(ctx, 'Testsigma run 1165', T0)
    clock.t = T0 + 65_000
    print(run())
    expect(lines).toEqual([
      '[01:05] Testsigma run 1165: running; in progress; 3 passed, 0 failed, 2 running, 7 queued of 12'
    ])
  })

  it('does not repeat a line that did not change', () => {
    const { ctx, clock, lines } = fakeContext()
    const print = progressPrinter(ctx, 'Testsigma run 1165', T0)
    print(run())
    clock.t += 5000
    print(run())
    clock.t += 7500
    print(run())
    expect(lines).toHaveLength(1)
  })

  it('prints again when the progress changes', () => {
    const { ctx, clock, lines } = fakeContext()
    const print = progressPrinter(ctx, 'Testsigma run 1165', T0)
    print(run())
    clock.t += 5000
    print(run({ progress: 'in progress; 4 passed, 0 failed, 2 running, 6 queued of 12' }))
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('4 passed')
  })

  it('prints again when the status changes', () => {
    const { ctx, clock, lines } = fakeContext()
    const print = progressPrinter(ctx, 'Testsigma run 1165', T0)
    print(run({ state: 'queued', status: 'queued' }))
    clock.t += 5000
    print(run())
    expect(lines).toHaveLength(2)
  })

  it('repeats an unchanged line once a minute, to show it is alive', () => {
    const { ctx, clock, lines } = fakeContext()
    const print = progressPrinter(ctx, 'Testsigma run 1165', T0)
    for (let s = 0; s <= 150; s += 30) {
      clock.t = T0 + s * 1000
      print(run())
    }
    expect(lines.map(l => l.slice(0, 7))).toEqual(['[00:00]', '[01:00]', '[02:00]'])
  })

  it('prints a finished run with its status and result word', () => {
    const { ctx, lines } = fakeContext()
    const print = progressPrinter(ctx, 'Currents run abc', T0)
    print(run({ state: 'finished', status: 'failed', result: 'FAILED', progress: undefined }))
    expect(lines).toEqual(['[00:00] Currents run abc: finished, failed (FAILED)'])
  })

  it('says when a finished run has no result word', () => {
    const { ctx, lines } = fakeContext()
    const print = progressPrinter(ctx, 'Testsigma run 1165', T0)
    print(run({ state: 'finished', status: 'failed', result: '', progress: undefined }))
    expect(lines[0]).toContain('finished, failed (no result)')
  })
})
