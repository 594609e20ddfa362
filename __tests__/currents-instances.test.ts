/** Reading the instances of a failed Currents run: bounded in count, concurrency and time. */
import { describe, expect, it } from '@jest/globals'
import { GateError } from '../src/model/errors.js'
import { QUARANTINE_READS } from '../src/commands/triage.js'
import { readFailedTests } from '../src/providers/currents/instances.js'
import type { RunFailure, RunSnapshot } from '../src/model/run.js'

const URL = 'https://app.currents.dev/run/r1'

function run(failedSpecs: number): RunSnapshot {
  const failures: RunFailure[] = Array.from({ length: failedSpecs }, (_, i) => ({
    id: `inst-${i + 1}`,
    file: `tests/s${i + 1}.spec.ts`,
    title: `tests/s${i + 1}.spec.ts`,
    failures: 1,
    url: URL
  }))
  return {
    id: 'r1',
    url: URL,
    state: 'finished',
    status: 'failed',
    result: 'FAILED',
    counts: {},
    failures
  }
}

/** One failed test per instance, named after it. */
const instance = (id: string) => ({
  results: { tests: [{ testId: 't', title: ['suite', id], _s: 'failed' }] },
  testResults: {
    t: { state: 'failed', attempts: [{ state: 'failed', error: { message: `boom ${id}` } }] }
  }
})

/** A reader that records what it was asked and how many reads were in flight at most. */
function countingReader() {
  const asked: string[] = []
  let inFlight = 0
  const reader = {
    asked,
    most: 0,
    read: async (id: string) => {
      asked.push(id)
      reader.most = Math.max(reader.most, ++inFlight)
      await new Promise(r => setTimeout(r, 5))
      inFlight--
      return instance(id)
    }
  }
  return reader
}

describe('readFailedTests', () => {
  it('reads the first 10 failed specs in order, at most 4 at once, and lists the rest by file', async () => {
    const reader = countingReader()
    const { asked, read } = reader
    const out = await readFailedTests(read, run(30), { repo: 'shop' })
    const most = reader.most
    expect(asked.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `inst-${i + 1}`).sort())
    expect(most).toBe(4)
    expect(out.tests.map(t => t.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `suite › inst-${i + 1}`)
    )
    expect(out.found).toBe(10)
    expect(out.unread.map(s => s.file)).toEqual(
      Array.from({ length: 20 }, (_, i) => `tests/s${i + 11}.spec.ts`)
    )
    expect(out.problem).toBeUndefined()
  })

  it('lists a spec that could not be read by file, and says why once', async () => {
    const read = async (id: string) => {
      if (id === 'inst-2') throw new GateError('auth', 'read Currents instance inst-2: HTTP 403')
      return instance(id)
    }
    const out = await readFailedTests(read, run(3), { repo: 'shop' })
    expect(out.tests.map(t => t.name)).toEqual(['suite › inst-1', 'suite › inst-3'])
    expect(out.unread.map(s => s.id)).toEqual(['inst-2'])
    expect(out.problem).toBe(
      'Could not read the tests of 1 of 3 failed specs (read Currents instance inst-2: HTTP 403); they are listed by file'
    )
  })

  it('gives up on reads that outlast the budget, keeping what it has', async () => {
    const read = (id: string, signal: AbortSignal) =>
      id === 'inst-1'
        ? Promise.resolve(instance(id))
        : new Promise((_, reject) =>
            signal.addEventListener('abort', () =>
              reject(new GateError('aborted', 'read: aborted'))
            )
          )
    const started = Date.now()
    const out = await readFailedTests(read, run(5), { repo: 'shop' }, {}, 300)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(out.tests.map(t => t.name)).toEqual(['suite › inst-1'])
    expect(out.unread).toHaveLength(4)
    expect(out.problem).toMatch(/4 of 5 failed specs \(the reads took over 0\.3 s\)/)
  })

  it("stops at once on the step's cancel signal", async () => {
    const cancel = new AbortController()
    const read = (_id: string, signal: AbortSignal) =>
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(new GateError('aborted', 'aborted')))
      )
    setTimeout(() => cancel.abort(), 50)
    const out = await readFailedTests(read, run(2), { repo: 'shop' }, { signal: cancel.signal })
    expect(out.tests).toEqual([])
    expect(out.problem).toMatch(/the step was cancelled/)
  })

  it('reads nothing for a run without failed specs', async () => {
    const read = async () => {
      throw new Error('no read expected')
    }
    expect(await readFailedTests(read, run(0), { repo: 'shop' })).toEqual({
      tests: [],
      found: 0,
      unread: []
    })
  })

  it(`reads up to ${QUARANTINE_READS} failed specs for a gate with a quarantine file, 4 at a time`, async () => {
    const reader = countingReader()
    const out = await readFailedTests(
      reader.read,
      run(60),
      { repo: 'shop' },
      { reads: QUARANTINE_READS }
    )
    expect(QUARANTINE_READS).toBe(50)
    expect(reader.asked).toHaveLength(50)
    expect(reader.most).toBe(4)
    expect(out.tests).toHaveLength(50)
    expect(out.unread.map(u => u.file)).toEqual(
      Array.from({ length: 10 }, (_, i) => `tests/s${i + 51}.spec.ts`)
    )
  })
})
