/** scripts/github-log.ts: what the demo and `npm run local` print is what the GitHub log shows. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { githubLog } from '../scripts/github-log.js'
import { type Simulator, startSimulator } from '../sim/index.js'
import { runAction, simInputs } from './e2e/runner.js'
import { testPageOf } from './e2e/currents-helpers.js'

describe('githubLog', () => {
  it('renders annotations as the UI does, with their title and escapes undone', () => {
    expect(
      githubLog(
        [
          '::error title=Failed%3A tests/a.spec.ts,file=tests/a.spec.ts::2 failed tests · machine m-1',
          '::error::Currents run r1 failed (FAILED): 4 tests, 2 passed, 2 failed',
          '::warning::Check run %27e2e%27 100%25 refused',
          '::notice::fyi'
        ].join('\n')
      )
    ).toEqual([
      'Error: Failed: tests/a.spec.ts: 2 failed tests · machine m-1',
      'Error: Currents run r1 failed (FAILED): 4 tests, 2 passed, 2 failed',
      'Warning: Check run %27e2e%27 100% refused',
      'Notice: fyi'
    ])
  })

  it('hides debug lines unless debug logging is on', () => {
    const stdout = 'Started run 5\n::debug::GET /runs/5 -> 200 in 3 ms\nDone'
    expect(githubLog(stdout)).toEqual(['Started run 5', 'Done'])
    expect(githubLog(stdout, { debug: true })).toEqual([
      'Started run 5',
      'Debug: GET /runs/5 -> 200 in 3 ms',
      'Done'
    ])
  })

  it('folds a group under its name, and opens it in debug mode', () => {
    const stdout = '::group::HTTP requests (2)\nGET /a\nGET /b\n::endgroup::\nafter'
    expect(githubLog(stdout)).toEqual(['▸ HTTP requests (2) (folded: 2 lines)', 'after'])
    expect(githubLog(stdout, { debug: true })).toEqual([
      '▾ HTTP requests (2)',
      '  GET /a',
      '  GET /b',
      'after'
    ])
  })

  it('shows a multi-line message on indented lines', () => {
    expect(githubLog('::error::first%0Asecond%0D%0Athird')).toEqual([
      'Error: first',
      '  second',
      '  third'
    ])
  })

  it('hides ::add-mask:: and shows the masked value as ***', () => {
    expect(
      githubLog('::add-mask::s3cr3t-key\nkey s3cr3t-key here\n::error::bad s3cr3t-key')
    ).toEqual(['key *** here', 'Error: bad ***'])
  })

  it('leaves plain lines alone, an inert "> ::" line included', () => {
    expect(githubLog('[00:01] run 5: running\n> ::error::not a command\n')).toEqual([
      '[00:01] run 5: running',
      '> ::error::not a command'
    ])
  })
})

describe('githubLog over a real step', () => {
  let sim: Simulator
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'log-SECRET-key' })
  })
  afterAll(() => sim.close())

  it('shows no workflow command and no %-escape, only what a person reads', async () => {
    const runId = sim.currents.addRun({
      projectId: 'log',
      durationMs: 0,
      outcome: 'FAILED',
      specs: [{ spec: 'tests/a,b: c.spec.ts', failures: 2, machineId: 'm-1' }]
    })
    const { main } = await runAction({
      inputs: simInputs(sim, 'currents', 'log-SECRET-key', { 'run-id': runId }),
      post: false
    })
    expect(main.stdout).toMatch(/^::debug::/m)
    expect(main.stdout).toContain('%3A')
    const shown = githubLog(main.stdout)
    expect(shown.filter(l => /^\s*::/.test(l))).toEqual([])
    expect(shown.join('\n')).not.toMatch(/%3A|%2C|%0A|log-SECRET-key/)
    // One annotation per failed test, titled with its name (':' and ',' escaped on the wire).
    expect(shown).toContain(
      `Error: a,b: c › case 2: Error: expect(received).toBe(expected) // Object.is equality · ${testPageOf(sim, runId, 'tests/a,b: c.spec.ts', 2)}`
    )
    expect(shown).toContain(
      `Error: Currents run ${runId} failed (FAILED): 2 tests, 0 passed, 2 failed`
    )
  })
})
