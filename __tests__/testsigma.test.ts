import { describe, expect, it } from '@jest/globals'
import { GateError } from '../src/model/errors.js'
import { normalize } from '../src/providers/testsigma/run.js'

/** The answer to a trigger, as in the seed page "Trigger a test plan" (seeds/002). */
const TRIGGERED = {
  id: 337,
  execution: null,
  executionId: 274,
  startTime: 1633612675726,
  endTime: null,
  duration: null,
  result: 'QUEUED',
  status: 'STATUS_CREATED',
  message: 'Test Plan execution is initiated and waiting to be queued',
  executedBy: 43,
  buildNo: null,
  environmentId: null,
  totalCount: 0,
  failedCount: 0,
  passedCount: 0,
  abortedCount: 0,
  stoppedCount: 0,
  notExecutedCount: 0,
  preRequisiteFailedCount: 0,
  queuedCount: 0,
  isVisuallyPassed: null,
  environment: null,
  childResult: null,
  reRunParentId: null,
  reRunType: null,
  triggeredType: 'API',
  totalRunningCount: 0,
  totalQueuedCount: 0
}

/** A finished run with counts, like the stop answer in seeds/000. */
function run(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...TRIGGERED,
    id: 1165,
    executionId: 339,
    startTime: 1633612675726,
    endTime: 1633612740726,
    duration: 65_000,
    result: 'SUCCESS',
    status: 'STATUS_COMPLETED',
    message: 'Test plan execution completed',
    totalCount: 12,
    passedCount: 12,
    consolidatedResult: null,
    consolidatedStatus: null,
    resultType: 'ORIGINAL',
    ...over
  }
}

describe('testsigma normalize: status', () => {
  it.each([
    ['STATUS_CREATED', 'queued'],
    ['STATUS_QUEUED', 'queued'],
    ['STATUS_PRE_FLIGHT', 'queued'],
    ['STATUS_IN_PROGRESS', 'running']
  ])('%s is not finished (%s)', (status, word) => {
    const snap = normalize(run({ status, result: 'QUEUED' }))
    expect(snap.state).not.toBe('finished')
    expect(snap.status).toBe(word)
  })

  it('STATUS_COMPLETED is finished', () => {
    expect(normalize(run({ status: 'STATUS_COMPLETED' })).state).toBe('finished')
  })

  it('an unknown status word keeps waiting', () => {
    const snap = normalize(run({ status: 'STATUS_POST_PROCESSING', result: 'SUCCESS' }))
    expect(snap.state).not.toBe('finished')
    expect(snap.status).toBe('running')
  })

  it('a missing status keeps waiting', () => {
    const snap = normalize(run({ status: undefined, result: 'SUCCESS' }))
    expect(snap.state).not.toBe('finished')
  })

  it('a SUCCESS result before STATUS_COMPLETED is not a pass', () => {
    expect(normalize(run({ status: 'STATUS_IN_PROGRESS', result: 'SUCCESS' })).status).toBe(
      'running'
    )
  })

  it('reads the trigger answer of seeds/002 as a queued run', () => {
    expect(normalize(TRIGGERED)).toMatchObject({ id: '337', state: 'queued', status: 'queued' })
  })
})

describe('testsigma normalize: result at completion', () => {
  it.each([
    ['SUCCESS', 'passed'],
    ['PASSED', 'passed'],
    ['FAILURE', 'failed'],
    ['FAILED', 'failed'],
    ['ABORTED', 'failed'],
    ['NOT_EXECUTED', 'failed'],
    ['STOPPED', 'cancelled']
  ])('%s is %s', (result, status) => {
    expect(normalize(run({ result })).status).toBe(status)
  })

  it.each(['QUEUED', 'PARTIALLY_PASSED', '', null, undefined])(
    'an unknown or missing result %j at completion is failed, never a pass',
    result => {
      expect(normalize(run({ result })).status).toBe('failed')
    }
  )

  it('accepts lower-case words', () => {
    expect(normalize(run({ status: 'status_completed', result: 'success' })).status).toBe('passed')
    expect(normalize(run({ status: 'status_in_progress', result: 'success' })).state).toBe(
      'running'
    )
  })

  it("keeps the provider's result word", () => {
    expect(normalize(run({ result: 'FAILURE' })).result).toBe('FAILURE')
  })
})

describe('testsigma normalize: automatic rerun (childResult)', () => {
  const parent = {
    result: 'FAILURE',
    status: 'STATUS_COMPLETED',
    childResult: { id: 1166 }
  }

  it('is not finished while the consolidated status is not completed', () => {
    const snap = normalize(
      run({ ...parent, consolidatedStatus: 'STATUS_IN_PROGRESS', consolidatedResult: 'QUEUED' })
    )
    expect(snap.state).not.toBe('finished')
    expect(snap.status).toBe('running')
  })

  it('is not failed while the child runs, even though the first run failed', () => {
    const snap = normalize(run({ ...parent, consolidatedStatus: 'STATUS_QUEUED' }))
    expect(snap.failures).toEqual([])
  })

  it('passes when the consolidated result is a success', () => {
    const snap = normalize(
      run({ ...parent, consolidatedStatus: 'STATUS_COMPLETED', consolidatedResult: 'SUCCESS' })
    )
    expect(snap.status).toBe('passed')
    expect(snap.result).toBe('SUCCESS')
  })

  it('fails when the consolidated result is a failure, whatever the first result', () => {
    const snap = normalize(
      run({
        result: 'SUCCESS',
        status: 'STATUS_COMPLETED',
        childResult: { id: 1166 },
        consolidatedStatus: 'STATUS_COMPLETED',
        consolidatedResult: 'FAILURE'
      })
    )
    expect(snap.status).toBe('failed')
  })

  it('names the automatic rerun in the progress line', () => {
    const snap = normalize(run({ ...parent, consolidatedStatus: 'STATUS_IN_PROGRESS' }))
    expect(snap.progress).toContain('1166')
  })
})

describe('testsigma normalize: fields', () => {
  it('reads the id as a string', () => {
    expect(normalize(run({ id: 1165 })).id).toBe('1165')
  })

  it('accepts an id sent as a numeric string', () => {
    expect(normalize(run({ id: '1165' })).id).toBe('1165')
  })

  it.each([
    ['missing', undefined],
    ['null', null],
    ['not a number', 'abc']
  ])('rejects an answer whose id is %s as bad-response', (_why, id) => {
    let error: unknown
    try {
      normalize(run({ id }), 'read Testsigma run 1165')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(GateError)
    expect((error as GateError).kind).toBe('bad-response')
    expect((error as GateError).message).toContain('read Testsigma run 1165')
  })

  it.each([null, 'Unauthorized', [1, 2], 42])('rejects a body that is not an object: %j', body => {
    expect(() => normalize(body)).toThrow(GateError)
  })

  it('maps the counts: failed = failed + aborted + prerequisite failed, skipped = not executed + stopped', () => {
    const snap = normalize(
      run({
        result: 'FAILURE',
        totalCount: 20,
        passedCount: 12,
        failedCount: 3,
        abortedCount: 1,
        preRequisiteFailedCount: 1,
        notExecutedCount: 2,
        stoppedCount: 1
      })
    )
    expect(snap.counts).toEqual({
      total: 20,
      passed: 12,
      failed: 5,
      skipped: 3,
      flaky: undefined
    })
  })

  it('leaves counts the answer does not have undefined', () => {
    const { counts } = normalize({ id: 5, status: 'STATUS_CREATED', result: 'QUEUED' })
    expect(counts.total).toBeUndefined()
    expect(counts.failed).toBeUndefined()
  })

  it('leaves the counts of a run not started yet empty, not 0 (what a wait: false run shows)', () => {
    const zeros = { totalCount: 0, passedCount: 0, failedCount: 0, notExecutedCount: 0 }
    const { counts, durationMs } = normalize(
      run({ status: 'STATUS_CREATED', result: 'QUEUED', duration: 0, ...zeros })
    )
    expect(counts).toEqual({})
    expect(durationMs).toBeUndefined()
  })

  it('gives the total of a queued run once its tests are known, and nothing else', () => {
    const { counts } = normalize(
      run({ status: 'STATUS_QUEUED', result: 'QUEUED', totalCount: 8, passedCount: 0 })
    )
    expect(counts).toEqual({ total: 8 })
  })

  it('reads app_url as the run url', () => {
    const url = 'https://app.testsigma.com/ui/td/runs/1165'
    expect(normalize(run({ app_url: url })).url).toBe(url)
  })

  it('has no url when the answer has none', () => {
    expect(normalize(run()).url).toBeUndefined()
  })

  it("prefers consolidatedDuration (the plan's own reruns included) to duration", () => {
    const snap = normalize(
      run({
        duration: 65_000,
        consolidatedDuration: 98_000,
        childResult: { id: 1166, status: 'STATUS_COMPLETED' },
        consolidatedStatus: 'STATUS_COMPLETED',
        consolidatedResult: 'SUCCESS'
      })
    )
    expect(snap.durationMs).toBe(98_000)
  })

  it('leaves the duration unknown while the run is in progress', () => {
    const snap = normalize(run({ status: 'STATUS_IN_PROGRESS', result: 'QUEUED', duration: 4000 }))
    expect(snap.durationMs).toBeUndefined()
  })

  it('reads the duration in ms and the message', () => {
    const snap = normalize(run({ duration: 65_000, message: 'Test plan execution completed' }))
    expect(snap.durationMs).toBe(65_000)
    expect(snap.message).toBe('Test plan execution completed')
  })

  it('writes a progress line with the status and the counts', () => {
    const snap = normalize(
      run({
        status: 'STATUS_IN_PROGRESS',
        result: 'QUEUED',
        totalCount: 10,
        passedCount: 3,
        failedCount: 1,
        runningCount: 2,
        queuedCount: 4
      })
    )
    expect(snap.progress).toMatch(/in progress/i)
    expect(snap.progress).toMatch(/3 passed/)
    expect(snap.progress).toMatch(/1 failed/)
    expect(snap.progress).toMatch(/2 running/)
    expect(snap.progress).toMatch(/4 queued/)
    expect(snap.progress).toMatch(/10/)
  })

  it('names the test plan and the parent of a rerun in the details', () => {
    const snap = normalize(run({ executionId: 336, reRunParentId: 467 }))
    const details = Object.fromEntries(snap.details ?? [])
    expect(details['Test plan']).toBe('336')
    expect(details['Rerun of']).toContain('467')
  })
})

describe('testsigma normalize: failures', () => {
  it('lists the failed run once it is finished', () => {
    const snap = normalize(run({ result: 'FAILURE', failedCount: 2, message: 'Two tests failed' }))
    expect(snap.failures).toHaveLength(1)
    expect(snap.failures[0]).toMatchObject({ failures: 2, detail: 'Two tests failed' })
    expect(snap.failures[0].title).toContain('1165')
    expect(snap.failures[0].title).toContain('FAILURE')
  })

  it('does not list a stopped run: it was cancelled, not failed', () => {
    expect(normalize(run({ result: 'STOPPED' })).failures).toEqual([])
  })

  it('lists nothing for a passed run', () => {
    expect(normalize(run({ result: 'SUCCESS' })).failures).toEqual([])
  })

  it('lists nothing while the run is not finished', () => {
    expect(
      normalize(run({ status: 'STATUS_IN_PROGRESS', result: 'FAILURE', failedCount: 3 })).failures
    ).toEqual([])
  })
})
