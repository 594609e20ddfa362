import { describe, expect, it } from '@jest/globals'
import { type Outcome, type Stop, newOutcome, record } from '../src/model/outcome.js'
import { GateError } from '../src/model/errors.js'
import type { RunSnapshot } from '../src/model/run.js'
import { countsText, outcomeCounts, verdict } from '../src/report/verdict.js'
import { testSettings } from './fixtures.js'

const T0 = 1_750_000_000_000

const settings = testSettings

const currents = (inputs: Record<string, string> = {}) =>
  settings({ provider: 'currents', 'test-plan-id': '', 'project-id': 'bAYZ4a', ...inputs })

function run(over: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: '1165',
    state: 'finished',
    status: 'passed',
    result: 'SUCCESS',
    counts: { total: 12, passed: 12, failed: 0, skipped: 0 },
    failures: [],
    ...over
  }
}

const failedRun = (over: Partial<RunSnapshot> = {}) =>
  run({
    status: 'failed',
    result: 'FAILURE',
    counts: { total: 12, passed: 10, failed: 2 },
    ...over
  })

function outcome(r?: RunSnapshot, more: Partial<Outcome> = {}): Outcome {
  const o = newOutcome(T0)
  if (r) record(o, r)
  return Object.assign(o, more)
}

const stop = (reason: Stop['reason'], result: Stop['outcome'] = 'cancelled'): Stop => ({
  reason,
  outcome: result,
  at: T0 + 60_000
})

const aborted = () => new GateError('aborted', 'aborted: received SIGINT')

describe('verdict: exit code', () => {
  it('exits 0 when the run passed', () => {
    expect(verdict(settings(), outcome(run()))).toMatchObject({ status: 'passed', exitCode: 0 })
  })

  it('exits 1 when the run failed', () => {
    expect(verdict(settings(), outcome(failedRun()))).toMatchObject({
      status: 'failed',
      exitCode: 1
    })
  })

  it('exits 1 when the run was cancelled by someone else', () => {
    const v = verdict(settings(), outcome(run({ status: 'cancelled', result: 'STOPPED' })))
    expect(v).toMatchObject({ status: 'cancelled', exitCode: 1 })
  })

  it('exits 1 when the run timed out on the provider', () => {
    const v = verdict(currents(), outcome(run({ status: 'timed-out', result: 'PASSED' })))
    expect(v.exitCode).toBe(1)
  })

  it('exits 0 with wait: false, whatever the run is doing', () => {
    const v = verdict(
      settings({ wait: 'false' }),
      outcome(run({ state: 'queued', status: 'queued', result: 'QUEUED' }))
    )
    expect(v).toMatchObject({ status: 'queued', exitCode: 0 })
  })

  it('exits 0 for a failed run with fail-on-failure: false, keeping the status', () => {
    const v = verdict(settings({ 'fail-on-failure': 'false' }), outcome(failedRun()))
    expect(v).toMatchObject({ status: 'failed', exitCode: 0 })
  })

  it('exits 1 with timed-out when wait-timeout passed', () => {
    const v = verdict(
      settings(),
      outcome(run({ state: 'running', status: 'running', result: 'QUEUED' }), {
        stop: stop('timeout')
      })
    )
    expect(v).toMatchObject({ status: 'timed-out', exitCode: 1 })
  })

  it('exits 1 with cancelled when a signal stopped the wait', () => {
    const v = verdict(
      settings(),
      outcome(run({ state: 'running', status: 'running' }), { stop: stop('signal') }),
      aborted()
    )
    expect(v).toMatchObject({ status: 'cancelled', exitCode: 1 })
  })

  it('exits 1 on a signal even with fail-on-failure: false', () => {
    const v = verdict(
      settings({ 'fail-on-failure': 'false' }),
      outcome(run({ state: 'running', status: 'running' }), { stop: stop('signal') }),
      aborted()
    )
    expect(v).toMatchObject({ status: 'cancelled', exitCode: 1 })
  })

  it('exits 1 on a signal even when the run could not be stopped', () => {
    const v = verdict(
      settings(),
      outcome(run({ state: 'running', status: 'running' }), {
        stop: { ...stop('signal', 'failed'), error: 'HTTP 503' }
      }),
      aborted()
    )
    expect(v.exitCode).toBe(1)
  })

  it('exits 1 when a signal ended a status command before it read the run', () => {
    const v = verdict(
      settings({ command: 'status', 'run-id': '1165' }),
      outcome(undefined),
      aborted()
    )
    expect(v.exitCode).toBe(1)
  })

  it('exits 1 when a signal ended the step before a run was recorded, even with fail-on-failure: false', () => {
    const v = verdict(
      settings({ 'run-id': '1165', 'fail-on-failure': 'false' }),
      outcome(undefined),
      aborted()
    )
    expect(v.exitCode).toBe(1)
  })

  it('exits 1 with timed-out when no currents run was found within wait-timeout', () => {
    const v = verdict(
      currents(),
      outcome(undefined, {
        stop: stop('timeout', 'not-attempted'),
        done: 'No currents run was found within wait-timeout'
      })
    )
    expect(v).toMatchObject({ status: 'timed-out', exitCode: 1 })
  })
})

describe('verdict: commands without a gate', () => {
  it('exits 0 for status, whatever the run status, with its done line', () => {
    const done = 'Testsigma run 1165 is failed'
    const v = verdict(
      settings({ command: 'status', 'run-id': '1165' }),
      outcome(failedRun(), { done })
    )
    expect(v).toMatchObject({ exitCode: 0, line: done })
  })

  it.each([
    [{ command: 'cancel', 'run-id': '1165' }, 'testsigma', 'Cancelled Testsigma run 1165'],
    [{ command: 'cancel' }, 'currents', 'Cancelled the currents runs of GitHub run 1 attempt 1'],
    [{ command: 'cancel-hook' }, 'currents', 'Cancellation hook armed'],
    [{ command: 'reset', 'run-id': 'r1' }, 'currents', 'Reset 2 machines of Currents run r1'],
    [{ command: 'delete', 'run-id': 'r1' }, 'currents', 'Deleted Currents run r1']
  ])('exits 0 for %j (%s) with its done line', (inputs, provider, done) => {
    const s = provider === 'currents' ? currents(inputs) : settings(inputs)
    expect(verdict(s, outcome(undefined, { done }))).toMatchObject({ exitCode: 0, line: done })
  })
})

describe('verdict: errors', () => {
  const error = new GateError(
    'auth',
    'read Testsigma run 1165: HTTP 401, the API key was rejected',
    {
      status: 401
    }
  )

  it('exits 1 with the error message as the line', () => {
    expect(verdict(settings(), outcome(undefined), error)).toMatchObject({
      exitCode: 1,
      line: 'read Testsigma run 1165: HTTP 401, the API key was rejected'
    })
  })

  it('exits 1 on an error even with fail-on-failure: false', () => {
    expect(verdict(settings({ 'fail-on-failure': 'false' }), outcome(run()), error).exitCode).toBe(
      1
    )
  })

  it('exits 1 on an error even with wait: false', () => {
    expect(verdict(settings({ wait: 'false' }), outcome(undefined), error).exitCode).toBe(1)
  })

  it('exits 1 when a command without a gate fails', () => {
    const v = verdict(
      currents({ command: 'delete', 'run-id': 'r1' }),
      outcome(undefined),
      new GateError('not-found', 'delete Currents run r1: HTTP 404')
    )
    expect(v).toMatchObject({ exitCode: 1, line: 'delete Currents run r1: HTTP 404' })
  })

  it('exits 1 on a thrown value that is not an Error', () => {
    expect(verdict(settings(), outcome(undefined), 'boom')).toMatchObject({
      exitCode: 1,
      line: 'boom'
    })
  })

  it('writes a multi-line error message on one line', () => {
    const v = verdict(settings(), outcome(undefined), new Error('first\nsecond\r\nthird'))
    expect(v.line).toBe('first second third')
  })
})

describe('verdict: line', () => {
  it('names the run, its status, its result word and its counts', () => {
    const line = verdict(settings(), outcome(failedRun())).line
    expect(line).toContain('Testsigma run 1165')
    expect(line).toContain('failed (FAILURE)')
    expect(line).toContain('12 tests, 10 passed, 2 failed')
  })

  it('names a Currents run', () => {
    const line = verdict(currents(), outcome(run({ id: 'abc123', result: 'PASSED' }))).line
    expect(line).toContain('Currents run abc123 passed (PASSED)')
  })

  it('says how many reruns were made, in words', () => {
    expect(verdict(settings(), outcome(run(), { reruns: 2 })).line).toContain('after 2 reruns')
    const one = verdict(settings(), outcome(run(), { reruns: 1 })).line
    expect(one).toContain('after 1 rerun')
    expect(one).not.toMatch(/rerun\(s\)|reruns/)
  })

  it('says that wait-timeout, with its value, passed and the run was stopped', () => {
    const line = verdict(
      settings({ 'wait-timeout': '30m' }),
      outcome(run({ state: 'running', status: 'running' }), { stop: stop('timeout') })
    ).line
    expect(line).toBe(
      'Testsigma run 1165 was stopped because wait-timeout (30m) passed: 12 tests, 12 passed'
    )
  })

  it('says that the run was cancelled because the workflow was cancelled', () => {
    const line = verdict(
      currents(),
      outcome(run({ id: 'abc', state: 'running', status: 'running', counts: {} }), {
        stop: stop('signal')
      }),
      aborted()
    ).line
    expect(line).toBe('Currents run abc was cancelled because the workflow was cancelled')
  })

  it('says when stopping the run failed, and why', () => {
    const line = verdict(
      settings({ 'wait-timeout': '1h30m' }),
      outcome(run({ state: 'running', status: 'running' }), {
        stop: { ...stop('timeout', 'failed'), error: 'HTTP 503' }
      })
    ).line
    expect(line).toBe(
      'wait-timeout (1h30m) passed, but stopping Testsigma run 1165 failed (HTTP 503); the post step will try again'
    )
  })

  it('says that the run is left running with cancel-on-timeout: false', () => {
    const line = verdict(
      settings({ 'wait-timeout': '45m', 'cancel-on-timeout': 'false' }),
      outcome(run({ state: 'running', status: 'running', counts: {} }), {
        stop: stop('timeout', 'not-attempted')
      })
    ).line
    expect(line).toBe(
      'wait-timeout (45m) passed; Testsigma run 1165 is left running (cancel-on-timeout: false)'
    )
  })

  it('says that a run still going with failed tests is failing', () => {
    const line = verdict(
      currents({ wait: 'false' }),
      outcome(
        run({
          id: 'abc',
          state: 'running',
          status: 'running',
          result: 'FAILING',
          counts: { total: 4, passed: 3, failed: 1 }
        })
      )
    ).line
    expect(line).toBe('Currents run abc is failing (FAILING): 4 tests, 3 passed, 1 failed')
  })

  it('reads as a sentence for a finished run', () => {
    expect(verdict(settings(), outcome(failedRun())).line).toBe(
      'Testsigma run 1165 failed (FAILURE): 12 tests, 10 passed, 2 failed'
    )
    expect(
      verdict(settings(), outcome(run({ status: 'cancelled', result: 'STOPPED', counts: {} }))).line
    ).toBe('Testsigma run 1165 was cancelled (STOPPED)')
  })

  it('says that the workflow was cancelled before the run was known', () => {
    const v = verdict(currents(), outcome(undefined), aborted())
    expect(v).toMatchObject({
      status: 'cancelled',
      exitCode: 1,
      line: 'The workflow was cancelled before the Currents run was known'
    })
  })

  it('uses the done line when no run was found', () => {
    const done = 'No currents run was found within wait-timeout'
    const v = verdict(
      currents(),
      outcome(undefined, { stop: stop('timeout', 'not-attempted'), done })
    )
    expect(v.line).toBe(done)
  })
})

describe('countsText', () => {
  it('lists the known counts, failed, skipped and flaky only when there are some', () => {
    expect(countsText({ total: 10, passed: 7, failed: 1, skipped: 2, flaky: 0 })).toBe(
      '10 tests, 7 passed, 1 failed, 2 skipped'
    )
    expect(countsText({ total: 12, passed: 12, failed: 0, skipped: 0 })).toBe('12 tests, 12 passed')
  })

  it('lists flaky tests', () => {
    expect(countsText({ total: 3, passed: 3, failed: 0, flaky: 1 })).toBe(
      '3 tests, 3 passed, 1 flaky'
    )
  })

  it('says "1 test", not "1 tests"', () => {
    expect(countsText({ total: 1, passed: 1 })).toBe('1 test, 1 passed')
  })

  it('is empty when no count is known', () => {
    expect(countsText({})).toBe('')
  })
})

describe('after reruns of the failed tests (rerun-failed)', () => {
  const first = failedRun({ id: '1001', counts: { total: 12, passed: 10, failed: 2, skipped: 0 } })
  const rerun = (over: Partial<RunSnapshot> = {}) =>
    run({ id: '1002', counts: { total: 2, passed: 2, failed: 0, skipped: 0 }, ...over })

  it("counts the plan's tests: the first run's total, the last rerun's failures, the rest passed", () => {
    const o = outcome(first, { reruns: 1 })
    record(o, rerun())
    expect(outcomeCounts(o)).toEqual({ total: 12, passed: 12, failed: 0, skipped: 0 })
    expect(verdict(settings(), o).line).toBe(
      'Testsigma run 1002 passed (SUCCESS): 12 tests, 12 passed after 1 rerun'
    )
  })

  it('takes failed and skipped from the last rerun', () => {
    const o = outcome(first, { reruns: 2 })
    record(o, failedRun({ id: '1002', counts: { total: 2, passed: 1, failed: 1, skipped: 0 } }))
    record(o, failedRun({ id: '1003', counts: { total: 1, passed: 0, failed: 0, skipped: 1 } }))
    expect(outcomeCounts(o)).toEqual({ total: 12, passed: 11, failed: 0, skipped: 1 })
  })

  it("keeps a single run's own counts", () => {
    expect(outcomeCounts(outcome(first))).toEqual(first.counts)
  })

  it('keeps the counts of a rerun that has not finished as they are', () => {
    const o = outcome(first, { reruns: 1 })
    const going = rerun({ state: 'running', status: 'running', counts: { total: 2, passed: 1 } })
    record(o, going)
    expect(outcomeCounts(o)).toEqual(going.counts)
  })
})
