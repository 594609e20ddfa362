import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { type Outcome, newOutcome, record } from '../src/model/outcome.js'
import type { RunSnapshot } from '../src/model/run.js'
import { computeOutputs } from '../src/report/outputs.js'

/** SPEC.md "Outputs", in its order. */
const SPEC_OUTPUTS = [
  'run-id',
  'run-url',
  'status',
  'result',
  'total',
  'passed',
  'failed',
  'skipped',
  'flaky',
  'duration-ms',
  'reruns',
  'check-run-id',
  'junit-path',
  'extra-pw-flags',
  'failed-tests',
  'quarantined-tests',
  'flaky-tests',
  'pr-comment-url'
]

const T0 = 1_750_000_000_000

function run(over: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: '1165',
    url: 'https://app.testsigma.com/ui/td/runs/1165',
    state: 'finished',
    status: 'failed',
    result: 'FAILURE',
    counts: { total: 12, passed: 10, failed: 2, skipped: 0 },
    durationMs: 65_000,
    failures: [],
    ...over
  }
}

function outcome(runs: RunSnapshot[] = [], more: Partial<Outcome> = {}): Outcome {
  const o = newOutcome(T0)
  for (const r of runs) record(o, r)
  return Object.assign(o, more)
}

const PATHS: Array<[string, Outcome, number | undefined]> = [
  ['no run', outcome(), undefined],
  ['a run', outcome([run()]), undefined],
  [
    'after reruns',
    outcome([run(), run({ id: '1166', status: 'passed', result: 'SUCCESS' })], { reruns: 1 }),
    undefined
  ],
  [
    'a junit report',
    outcome([run()], { junitPath: '/home/runner/work/shop/junit.xml' }),
    undefined
  ],
  ['a check run', outcome([run()]), 4242],
  [
    'a timeout',
    outcome([run({ status: 'running', state: 'running' })], {
      stop: { reason: 'timeout', outcome: 'cancelled', at: T0 }
    }),
    undefined
  ],
  ['a done line only', outcome([], { done: 'Deleted Currents run r1' }), undefined]
]

describe('computeOutputs', () => {
  it.each(PATHS)('sets every SPEC output on the path: %s', (_path, o, checkRunId) => {
    expect(Object.keys(computeOutputs(o, checkRunId)).sort()).toEqual([...SPEC_OUTPUTS].sort())
  })

  it.each(PATHS)('sets only strings on the path: %s', (_path, o, checkRunId) => {
    for (const value of Object.values(computeOutputs(o, checkRunId)))
      expect(typeof value).toBe('string')
  })

  it('sets empty strings when nothing is known, and 0 reruns', () => {
    const out = computeOutputs(outcome())
    expect(out).toEqual({
      'run-id': '',
      'run-url': '',
      status: '',
      result: '',
      total: '',
      passed: '',
      failed: '',
      skipped: '',
      flaky: '',
      'duration-ms': '',
      reruns: '0',
      'check-run-id': '',
      'junit-path': '',
      'extra-pw-flags': '',
      'failed-tests': '',
      'quarantined-tests': '',
      'flaky-tests': '',
      'pr-comment-url': ''
    })
  })

  it('sets the run, its status, result, counts and duration', () => {
    expect(computeOutputs(outcome([run()]))).toMatchObject({
      'run-id': '1165',
      'run-url': 'https://app.testsigma.com/ui/td/runs/1165',
      status: 'failed',
      result: 'FAILURE',
      total: '12',
      passed: '10',
      failed: '2',
      skipped: '0',
      'duration-ms': '65000'
    })
  })

  it('leaves counts the provider does not give empty', () => {
    const out = computeOutputs(outcome([run({ counts: { total: 12 }, durationMs: undefined })]))
    expect([out.passed, out.failed, out.skipped, out.flaky, out['duration-ms']]).toEqual([
      '',
      '',
      '',
      '',
      ''
    ])
  })

  it('leaves run-url empty when the run has no link', () => {
    expect(computeOutputs(outcome([run({ url: undefined })]))['run-url']).toBe('')
  })

  it("sets the last rerun's run id and result, and the number of reruns", () => {
    const out = computeOutputs(
      outcome(
        [
          run(),
          run({ id: '1166' }),
          run({ id: '1167', status: 'passed', result: 'SUCCESS', counts: { total: 2, passed: 2 } })
        ],
        { reruns: 2 }
      )
    )
    expect(out).toMatchObject({
      'run-id': '1167',
      status: 'passed',
      result: 'SUCCESS',
      total: '2',
      reruns: '2'
    })
  })

  it('sets junit-path where the report was saved', () => {
    const out = computeOutputs(outcome([run()], { junitPath: '/home/runner/work/shop/junit.xml' }))
    expect(out['junit-path']).toBe('/home/runner/work/shop/junit.xml')
  })

  it('sets extra-pw-flags from last-failed', () => {
    expect(computeOutputs(outcome([], { extraPwFlags: '--last-failed' }))['extra-pw-flags']).toBe(
      '--last-failed'
    )
  })

  it('sets check-run-id when a check run was created', () => {
    expect(computeOutputs(outcome([run()]), 4242)['check-run-id']).toBe('4242')
  })

  it('sets status timed-out after wait-timeout', () => {
    const o = outcome([run({ status: 'running', state: 'running' })], {
      stop: { reason: 'timeout', outcome: 'cancelled', at: T0 }
    })
    expect(computeOutputs(o).status).toBe('timed-out')
  })

  it('sets status cancelled after a signal', () => {
    const o = outcome([run({ status: 'running', state: 'running' })], {
      stop: { reason: 'signal', outcome: 'cancelled', at: T0 }
    })
    expect(computeOutputs(o).status).toBe('cancelled')
  })
})

describe('failed-tests', () => {
  const failed = (n: number, unread = 0) => ({
    tests: Array.from({ length: n }, (_, i) => ({
      name: `Suite › test ${i + 1}`,
      file: 'tests/a.spec.ts',
      line: 10 + i,
      message: 'boom',
      url: 'https://app.currents.dev/run/r1',
      group: 'tests/a.spec.ts'
    })),
    found: n,
    unread: Array.from({ length: unread }, (_, i) => ({
      id: `i${i}`,
      file: `tests/more-${i}.spec.ts`,
      title: `tests/more-${i}.spec.ts`,
      failures: 2
    }))
  })

  it('is empty when no run is known', () => {
    expect(computeOutputs(outcome())['failed-tests']).toBe('')
  })

  it('is [] for a run that passed', () => {
    const passed = run({ status: 'passed', result: 'SUCCESS' })
    expect(computeOutputs(outcome([passed]))['failed-tests']).toBe('[]')
  })

  it('is empty for a failed run whose tests were not read', () => {
    expect(computeOutputs(outcome([run()]))['failed-tests']).toBe('')
  })

  it('lists each failed test as {name, file, line, message, url}, without the grouping', () => {
    const out = JSON.parse(computeOutputs(outcome([run()], { failed: failed(2) }))['failed-tests'])
    expect(out).toEqual([
      {
        name: 'Suite › test 1',
        file: 'tests/a.spec.ts',
        line: 10,
        message: 'boom',
        url: 'https://app.currents.dev/run/r1'
      },
      {
        name: 'Suite › test 2',
        file: 'tests/a.spec.ts',
        line: 11,
        message: 'boom',
        url: 'https://app.currents.dev/run/r1'
      }
    ])
  })

  it('lists the files whose tests were not read after the tests, 100 entries at most', () => {
    const few = JSON.parse(
      computeOutputs(outcome([run()], { failed: failed(3, 2) }))['failed-tests']
    ) as Array<{ name: string; file?: string; line?: number }>
    expect(few.map(e => e.name).slice(3)).toEqual(['tests/more-0.spec.ts', 'tests/more-1.spec.ts'])
    expect(few[3]).toMatchObject({ file: 'tests/more-0.spec.ts' })
    expect(few[3].line).toBeUndefined()
    const many = JSON.parse(
      computeOutputs(outcome([run()], { failed: failed(100, 30) }))['failed-tests']
    )
    expect(many).toHaveLength(100)
  })
})

describe('action.yml', () => {
  it('declares every SPEC output', () => {
    const yml = readFileSync(new URL('../action.yml', import.meta.url), 'utf8')
    const section = /^outputs:\r?\n((?:[ \t]+.*\r?\n|\r?\n)*)/m.exec(yml)?.[1] ?? ''
    const declared = [...section.matchAll(/^ {2}([a-z-]+):/gm)].map(m => m[1])
    expect(declared.sort()).toEqual([...SPEC_OUTPUTS].sort())
  })
})
