/** A gate with a quarantine file checks each failure one by one: up to 50 instance reads. */
import { describe, expect, it } from '@jest/globals'
import type { RunFailure, RunSnapshot } from '../src/model/run.js'
import { QUARANTINE_READS } from '../src/commands/triage.js'
import { readFailedTests } from '../src/providers/currents/instances.js'

function run(failedSpecs: number): RunSnapshot {
  const failures: RunFailure[] = Array.from({ length: failedSpecs }, (_, i) => ({
    id: `inst-${i + 1}`,
    file: `tests/s${i + 1}.spec.ts`,
    title: `tests/s${i + 1}.spec.ts`,
    failures: 1
  }))
  return { id: 'r1', state: 'finished', status: 'failed', result: 'FAILED', counts: {}, failures }
}

const instance = (id: string) => ({
  results: { tests: [{ testId: 't', title: ['suite', id], _s: 'failed' }] },
  testResults: {
    t: { state: 'failed', attempts: [{ state: 'failed', error: { message: `boom ${id}` } }] }
  }
})

describe('instance reads with a quarantine file', () => {
  it(`reads up to ${QUARANTINE_READS} failed specs, 4 at a time, and lists the rest by file`, async () => {
    const asked: string[] = []
    let inFlight = 0
    let most = 0
    const read = async (id: string) => {
      asked.push(id)
      most = Math.max(most, ++inFlight)
      await new Promise(r => setImmediate(r))
      inFlight--
      return instance(id)
    }
    const failed = await readFailedTests(
      read,
      run(60),
      { repo: 'shop' },
      { reads: QUARANTINE_READS }
    )
    expect(QUARANTINE_READS).toBe(50)
    expect(asked).toHaveLength(50)
    expect(most).toBe(4)
    expect(failed.tests).toHaveLength(50)
    expect(failed.unread.map(u => u.file)).toEqual(
      Array.from({ length: 10 }, (_, i) => `tests/s${i + 51}.spec.ts`)
    )
  })
})
