import { describe, expect, it } from '@jest/globals'
import { type Outcome, type Stop, newOutcome, record } from '../src/commands/context.js'
import { GateError } from '../src/errors.js'
import type { RunSnapshot } from '../src/providers/provider.js'
import { countsText, verdict } from '../src/report/verdict.js'
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
    [{ command: 'reset', 'run-id': 'r1' }, 'currents', 'Reset 2 machine(s) of Currents run r1'],
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

  it('says how many reruns were made', () => {
    expect(verdict(settings(), outcome(run(), { reruns: 2 })).line).toContain('after 2 rerun')
  })

  it('says that wait-timeout passed and the run was stopped', () => {
    const line = verdict(
      settings(),
      outcome(run({ state: 'running', status: 'running' }), { stop: stop('timeout') })
    ).line
    expect(line).toContain('timed-out')
    expect(line).toContain('wait-timeout passed, so it was stopped')
  })

  it('says that the workflow was cancelled and the run was stopped', () => {
    const line = verdict(
      settings(),
      outcome(run({ state: 'running', status: 'running' }), { stop: stop('signal') }),
      aborted()
    ).line
    expect(line).toContain('cancelled')
    expect(line).toContain('the workflow was cancelled, so it was stopped')
  })

  it('says when stopping the run failed, and why', () => {
    const line = verdict(
      settings(),
      outcome(run({ state: 'running', status: 'running' }), {
        stop: { ...stop('timeout', 'failed'), error: 'HTTP 503' }
      })
    ).line
    expect(line).toContain('stopping it failed (HTTP 503)')
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
  it('lists the known counts, skipped and flaky only when there are some', () => {
    expect(
      countsText(run({ counts: { total: 10, passed: 7, failed: 1, skipped: 2, flaky: 0 } }))
    ).toBe('10 tests, 7 passed, 1 failed, 2 skipped')
  })

  it('lists flaky tests', () => {
    expect(countsText(run({ counts: { total: 3, passed: 3, failed: 0, flaky: 1 } }))).toBe(
      '3 tests, 3 passed, 0 failed, 1 flaky'
    )
  })

  it('is empty when no count is known', () => {
    expect(countsText(run({ counts: {} }))).toBe('')
  })
})
