import { describe, expect, it } from '@jest/globals'
import { GateError } from '../src/model/errors.js'
import { readLastRun } from '../src/providers/currents/last-run.js'
import { failedMachines, normalize } from '../src/providers/currents/run.js'

const RUN_ID = '0a91f41ed60abfab9ea509e866ba9d6d'

interface SpecOptions {
  machineId?: string
  failures?: number
  completedAt?: string
  flaky?: number
}

function spec(path: string, o: SpecOptions = {}): Record<string, unknown> {
  return {
    groupId: 'regression',
    spec: path,
    instanceId: `i-${path}`,
    claimedAt: '2022-07-06T08:37:58.317Z',
    completedAt: o.completedAt ?? '2022-07-06T08:38:05.113Z',
    machineId: o.machineId ?? 'machine-1',
    results: {
      stats: {
        suites: 1,
        tests: 2,
        passes: 2 - Math.min(2, o.failures ?? 0),
        pending: 0,
        skipped: 0,
        failures: o.failures ?? 0,
        wallClockDuration: 136
      },
      flaky: o.flaky ?? 0
    }
  }
}

function group(tests: Record<string, number>, groupId = 'regression'): Record<string, unknown> {
  return {
    groupId,
    platform: {
      osName: 'linux',
      osVersion: 'Debian - 10.11',
      browserName: 'Chrome',
      browserVersion: '97.0.4692.71'
    },
    instances: { overall: 73, claimed: 73, complete: 73, passes: 62, failures: 11 },
    tests: {
      overall: 0,
      passes: 0,
      failures: 0,
      pending: 0,
      skipped: 0,
      retries: 0,
      flaky: 0,
      ...tests
    }
  }
}

/** A run shaped like the seed page's (seeds/003), data part of the {status, data} envelope. */
function run(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    runId: RUN_ID,
    projectId: 'bAYZ4a',
    completionState: 'COMPLETE',
    status: 'PASSED',
    createdAt: '2022-07-06T08:23:40.939Z',
    tags: ['tagA', 'tagB'],
    timeout: { isTimeout: false, timeoutValueMs: 3_600_000 },
    groups: [group({ overall: 264, passes: 230, failures: 16, pending: 12, skipped: 6, flaky: 3 })],
    meta: { ciBuildId: 'octo-org/shop-9876543210-2', commit: { sha: 'c64c5c2', branch: 'main' } },
    specs: [spec('integration/api/external-api-call-tests.ts')],
    ...over
  }
}

describe('currents normalize: status', () => {
  it('IN_PROGRESS is not finished', () => {
    const snap = normalize(run({ completionState: 'IN_PROGRESS', status: 'RUNNING' }))
    expect(snap.state).not.toBe('finished')
    expect(snap.status).toBe('running')
  })

  it('IN_PROGRESS with status PASSED so far is not a pass', () => {
    expect(normalize(run({ completionState: 'IN_PROGRESS', status: 'PASSED' })).status).toBe(
      'running'
    )
  })

  it.each(['PAUSED', '', undefined, 42])('an unknown completionState %j is not finished', state => {
    const snap = normalize(run({ completionState: state, status: 'PASSED' }))
    expect(snap.state).not.toBe('finished')
    expect(snap.status).not.toBe('passed')
  })

  it('COMPLETE + PASSED is passed', () => {
    const snap = normalize(run({ completionState: 'COMPLETE', status: 'PASSED' }))
    expect(snap.state).toBe('finished')
    expect(snap.status).toBe('passed')
  })

  it('COMPLETE + FAILED is failed', () => {
    expect(normalize(run({ completionState: 'COMPLETE', status: 'FAILED' })).status).toBe('failed')
  })

  it.each(['FAILING', 'RUNNING', 'WHATEVER', undefined])(
    'COMPLETE + %j is failed, never a pass',
    status => {
      expect(normalize(run({ completionState: 'COMPLETE', status })).status).toBe('failed')
    }
  )

  it('CANCELED with status PASSED is cancelled, never a pass', () => {
    const snap = normalize(run({ completionState: 'CANCELED', status: 'PASSED' }))
    expect(snap.state).toBe('finished')
    expect(snap.status).toBe('cancelled')
  })

  it('TIMEOUT is timed-out, even with status PASSED', () => {
    const snap = normalize(run({ completionState: 'TIMEOUT', status: 'PASSED' }))
    expect(snap.state).toBe('finished')
    expect(snap.status).toBe('timed-out')
  })

  it('compares the words case-insensitively', () => {
    expect(normalize(run({ completionState: 'complete', status: 'passed' })).status).toBe('passed')
    expect(normalize(run({ completionState: 'Canceled', status: 'passed' })).status).toBe(
      'cancelled'
    )
    expect(normalize(run({ completionState: 'in_progress' })).state).not.toBe('finished')
  })

  it("keeps the provider's status word as the result", () => {
    expect(normalize(run({ status: 'FAILED' })).result).toBe('FAILED')
  })
})

describe('currents normalize: counts', () => {
  it('reads the counts of one group, skipped = skipped + pending', () => {
    expect(normalize(run()).counts).toEqual({
      total: 264,
      passed: 230,
      failed: 16,
      skipped: 18,
      flaky: 3
    })
  })

  it('sums the counts over several groups', () => {
    const snap = normalize(
      run({
        groups: [
          group(
            { overall: 264, passes: 230, failures: 16, pending: 12, skipped: 6, flaky: 3 },
            'a'
          ),
          group({ overall: 10, passes: 8, failures: 1, pending: 1, skipped: 0, flaky: 2 }, 'b'),
          group({ overall: 5, passes: 5 }, 'c')
        ]
      })
    )
    expect(snap.counts).toEqual({ total: 279, passed: 243, failed: 17, skipped: 19, flaky: 5 })
  })

  it('leaves every count unknown for a run without groups yet', () => {
    expect(normalize(run({ groups: [] })).counts).toEqual({})
  })
})

describe('currents normalize: fields', () => {
  it('reads the run id', () => {
    expect(normalize(run()).id).toBe(RUN_ID)
  })

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a number', 12],
    ['a text with control characters', 'run\u0000\u001b[2J\nid']
  ])('rejects an answer whose runId is %s as bad-response', (_why, runId) => {
    let error: unknown
    try {
      normalize(run({ runId }), `read Currents run ${RUN_ID}`)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(GateError)
    expect((error as GateError).kind).toBe('bad-response')
    expect((error as GateError).message).toContain(`read Currents run ${RUN_ID}`)
  })

  it('links to the run in the Currents dashboard', () => {
    const url = normalize(run()).url as string
    expect(url.startsWith('https://')).toBe(true)
    expect(url).toContain(RUN_ID)
  })

  it('escapes a hostile run id in the url', () => {
    expect(normalize(run({ runId: 'a b/../<x>' })).url).not.toMatch(/[ <>]|\/\.\.\//)
  })

  it('writes a progress line with specs and tests', () => {
    const progress = normalize(run({ completionState: 'IN_PROGRESS' })).progress
    expect(progress).toMatch(/73\/73/)
    expect(progress).toMatch(/230 passed/)
    expect(progress).toMatch(/16 failed/)
  })

  it("reports the service's own durationMs, not the span of the specs", () => {
    // API.md: a real run of 59850 ms whose specs span 58914 ms.
    const snap = normalize(
      run({
        createdAt: '2022-07-06T08:00:00.000Z',
        durationMs: 59_850,
        specs: [spec('a.cy.ts', { completedAt: '2022-07-06T08:00:58.914Z' })]
      })
    )
    expect(snap.durationMs).toBe(59_850)
  })

  it('leaves the duration unknown while the run is in progress', () => {
    const snap = normalize(run({ completionState: 'IN_PROGRESS', durationMs: 12_000 }))
    expect(snap.durationMs).toBeUndefined()
  })

  it('without durationMs (a Cypress run), lasts from createdAt to its last spec completedAt', () => {
    const specs = [
      { ...spec('a.cy.ts'), completedAt: '2022-07-06T08:30:00.000Z' },
      { ...spec('b.cy.ts'), completedAt: '2022-07-06T08:38:05.113Z' }
    ]
    expect(normalize(run({ specs })).durationMs).toBe(864_174)
  })

  it('leaves the duration unknown when neither durationMs nor a completed spec tells it', () => {
    expect(normalize(run({ specs: [] })).durationMs).toBeUndefined()
  })
})

describe('currents normalize: failures', () => {
  it('lists the specs with failures, the spec path as the file', () => {
    const snap = normalize(
      run({
        status: 'FAILED',
        specs: [
          spec('cypress/e2e/login.cy.ts', { failures: 2, machineId: 'm1' }),
          spec('cypress/e2e/cart.cy.ts'),
          spec('cypress/e2e/pay.cy.ts', { failures: 1, machineId: 'm2' })
        ]
      })
    )
    expect(snap.failures.map(f => [f.file, f.failures])).toEqual([
      ['cypress/e2e/login.cy.ts', 2],
      ['cypress/e2e/pay.cy.ts', 1]
    ])
  })

  it('lists nothing when no spec failed', () => {
    expect(normalize(run({ specs: [spec('a.cy.ts'), spec('b.cy.ts')] })).failures).toEqual([])
  })

  it('reads a run of 10,000 specs, counting every failure', () => {
    const specs = Array.from({ length: 10_000 }, (_, i) =>
      spec(`cypress/e2e/area-${i % 50}/spec-${i}.cy.ts`, {
        failures: i % 10 === 0 ? 1 + (i % 3) : 0,
        machineId: `machine-${i % 40}`
      })
    )
    const groups = Array.from({ length: 4 }, (_, g) =>
      group(
        { overall: 5000, passes: 4500, failures: 300, pending: 150, skipped: 50, flaky: 7 },
        `g${g}`
      )
    )
    const snap = normalize(run({ status: 'FAILED', specs, groups }))
    expect(snap.counts).toEqual({
      total: 20_000,
      passed: 18_000,
      failed: 1200,
      skipped: 800,
      flaky: 28
    })
    expect(snap.failures).toHaveLength(1000)
    expect(snap.failures.reduce((n, f) => n + (f.failures ?? 0), 0)).toBe(1999)
  })
})

describe('failedMachines', () => {
  it('answers the machines of failed specs, each once, in order', () => {
    const raw = run({
      specs: [
        spec('a.cy.ts', { failures: 1, machineId: 'm1' }),
        spec('b.cy.ts', { failures: 0, machineId: 'm3' }),
        spec('c.cy.ts', { failures: 2, machineId: 'm2' }),
        spec('d.cy.ts', { failures: 1, machineId: 'm1' })
      ]
    })
    expect(failedMachines(raw)).toEqual(['m1', 'm2'])
  })

  it('leaves out failed specs without a machine id', () => {
    const noMachine = spec('b.cy.ts', { failures: 1 })
    delete noMachine.machineId
    const raw = run({
      specs: [
        spec('a.cy.ts', { failures: 1, machineId: '' }),
        noMachine,
        spec('c.cy.ts', { failures: 1, machineId: 'm9' })
      ]
    })
    expect(failedMachines(raw)).toEqual(['m9'])
  })

  it('answers nothing for a run without failures', () => {
    expect(failedMachines(run())).toEqual([])
  })

  it('answers nothing for an answer that is not a run', () => {
    expect(failedMachines(null)).toEqual([])
    expect(failedMachines({ specs: 'none' })).toEqual([])
  })
})

describe('readLastRun', () => {
  const ID = 'a1b2c3d4e5f6a7b8c9d0-e1f2a3b4c5d6e7f8a9b0'

  it("reads Playwright's .last-run.json: the failed test ids, and the file as sent", () => {
    const data = { status: 'failed', failedTests: [ID, 'f0-1'] }
    expect(readLastRun(data)).toEqual({ failedTests: [ID, 'f0-1'], file: data })
  })

  it('keeps fields it does not know in the file', () => {
    const data = { status: 'failed', failedTests: [ID], warningTests: { [ID]: [] } }
    expect(readLastRun(data).file).toEqual(data)
  })

  it('reads a run without failed tests', () => {
    expect(readLastRun({ status: 'passed', failedTests: [] }).failedTests).toEqual([])
  })

  it.each([
    ['null', null],
    ['an array', [ID]],
    ['a string', 'failed'],
    ['no failedTests', { status: 'failed' }],
    ['failedTests not an array', { status: 'failed', failedTests: ID }],
    ['a test id that is not a string', { status: 'failed', failedTests: [ID, 42] }],
    ['a status that is not a string', { status: 1, failedTests: [ID] }],
    ['a run instead', { runId: 'r1', status: 'FAILED', specs: [] }]
  ])('refuses %s as a bad response', (_why, data) => {
    let error: unknown
    try {
      readLastRun(data, 'read the last Playwright run')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(GateError)
    expect((error as GateError).kind).toBe('bad-response')
    expect((error as GateError).message).toMatch(/^read the last Playwright run: /)
  })
})
