/**
 * Flaky tests by name (the flaky-tests output, the summary, the check run's text): Currents
 * tests that passed only on a retry, read from the instances of the specs that count some,
 * within the failed tests' bound of 10 reads; Testsigma tests that failed and then passed in a
 * rerun-failed rerun. Never an error annotation.
 */
import { describe, expect, it } from '@jest/globals'
import type { CurrentsRunOptions } from '../../sim/index.js'
import { useCurrentsSim } from './currents-helpers.js'
import { commandLines, runAction, simInputs } from './runner.js'

const e2e = useCurrentsSim()

async function currentsGate(run: Partial<CurrentsRunOptions>, more: Record<string, string> = {}) {
  const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: 0, ...run })
  const { main } = await runAction({
    inputs: e2e.inputs({ 'run-id': runId, ...more }),
    env: { GITHUB_API_URL: e2e.sim.githubUrl },
    post: false
  })
  return main
}

type Entry = { name: string; file?: string; line?: number; message?: string }
const flakyOf = (outputs: Record<string, string>) => JSON.parse(outputs['flaky-tests']) as Entry[]

const passingWithFlaky: Partial<CurrentsRunOptions> = {
  outcome: 'PASSED',
  workspace: '/home/runner/work/shop/shop',
  testDir: 'tests',
  specs: [
    { spec: 'web-app/login.spec.ts', tests: 3 },
    { spec: 'web-app/cart.spec.ts', tests: 4, flaky: 1, testTitles: ['Cart › adds an item'] },
    { spec: 'web-app/pay.spec.ts', tests: 2 }
  ]
}

describe('Currents: flaky tests by name', () => {
  it('a passing run with a flaky test reads only that spec and names the test everywhere', async () => {
    const main = await currentsGate(passingWithFlaky, { 'check-name': 'flaky-e2e' })
    expect(main.code).toBe(0)
    const reads = e2e.requests('GET', /^\/instances\//)
    expect(reads).toHaveLength(1)
    expect(flakyOf(main.outputs)).toEqual([
      {
        name: 'Cart › adds an item',
        file: 'tests/web-app/cart.spec.ts',
        line: 12,
        message: 'Error: expect(received).toBe(expected) // Object.is equality',
        // Its own page of the spec's instance (Currents' VS Code extension opens the same).
        url: expect.stringMatching(
          /^https:\/\/app\.currents\.dev\/instance\/[\w-]+\/test\/[\w-]+-t\d+$/
        )
      }
    ])
    expect(main.summary).toContain('#### Flaky tests (1)')
    expect(main.summary).toContain('| tests/web-app/cart.spec.ts:12 |')
    expect(main.outputs['failed-tests']).toBe('[]')
    // Never an error annotation: the run passed.
    expect(commandLines(main.stdout).filter(l => l.startsWith('::error'))).toEqual([])
    const check = e2e.sim.github.getCheck('flaky-e2e')
    expect((check?.current['output'] as { text?: string }).text).toContain('Cart › adds an item')
    expect(check?.annotations).toEqual([])
  })

  it('a run with no flaky and no failed test costs no extra request', async () => {
    const main = await currentsGate({ outcome: 'PASSED', specCount: 5 })
    expect(main.code).toBe(0)
    expect(e2e.requests().map(r => r.path)).toEqual([`/runs/${main.outputs['run-id']}`])
    expect(main.outputs['flaky-tests']).toBe('[]')
  })

  it('failed and flaky reads share the bound: 10 instance reads in all, failed specs first', async () => {
    const specs = [
      ...Array.from({ length: 8 }, (_, i) => ({ spec: `f/f${i}.spec.ts`, tests: 2, failures: 1 })),
      ...Array.from({ length: 5 }, (_, i) => ({ spec: `k/k${i}.spec.ts`, tests: 2, flaky: 1 }))
    ]
    const main = await currentsGate({ outcome: 'FAILED', specs })
    expect(main.code).toBe(1)
    expect(e2e.requests('GET', /^\/instances\//)).toHaveLength(10)
    expect(flakyOf(main.outputs).map(t => t.file)).toEqual(['k/k0.spec.ts', 'k/k1.spec.ts'])
    expect(main.summary).toContain('#### Flaky tests (5)')
    expect(main.summary).toContain('…and 3 more, not read one by one.')
  })
})

describe('Testsigma: flaky tests of a rerun-failed rerun', () => {
  it('names the tests that failed in the run and passed in its rerun', async () => {
    const plan = 2101
    e2e.sim.testsigma.addPlan(plan, {
      outcomes: ['FAILURE', 'SUCCESS'],
      durationMs: 200,
      testCaseNames: ['Sign in', 'Pay with a card', 'Search', 'Sign out'],
      failedCount: 2
    })
    const { main } = await runAction({
      inputs: simInputs(e2e.sim, 'testsigma', 'cur-SECRET-key', {
        'test-plan-id': String(plan),
        'rerun-failed': '1'
      }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.outputs.reruns).toBe('1')
    const flaky = flakyOf(main.outputs)
    expect(flaky.map(t => t.name.replace(/^.* › /, ''))).toHaveLength(2)
    expect(flaky.every(t => /^Step \d failed/.test(t.message ?? ''))).toBe(true)
    expect(main.summary).toContain('#### Flaky tests (2)')
    expect(commandLines(main.stdout).filter(l => l.startsWith('::error'))).toEqual([])
  })

  it.each([
    ['without junit-path', {}],
    ['with junit-path', { 'junit-path': 'reports/testsigma.xml' }]
  ])(
    "a rerun that still fails (%s): each run's report is downloaded once, for failed and flaky tests both",
    async (_name, more: Record<string, string>) => {
      const plan = more['junit-path'] ? 2104 : 2103
      // 3 of 5 fail, and 1 of those 3 fails again in the rerun: 2 flaky, 1 failed.
      e2e.sim.testsigma.addPlan(plan, {
        outcomes: ['FAILURE', 'FAILURE'],
        failedCount: [3, 1],
        durationMs: 200,
        testCaseNames: ['Sign in', 'Pay with a card', 'Search', 'Sign out', 'Browse']
      })
      const { main } = await runAction({
        inputs: simInputs(e2e.sim, 'testsigma', 'cur-SECRET-key', {
          'test-plan-id': String(plan),
          'rerun-failed': '1',
          ...more
        }),
        post: false
      })
      expect(main.code).toBe(1)
      expect(main.outputs.reruns).toBe('1')
      const [first, rerun] = e2e.sim.testsigma.runsOf(plan).map(r => r.id)
      expect(JSON.parse(main.outputs['failed-tests']).map((t: Entry) => t.name)).toEqual([
        expect.stringMatching(/ › Sign in$/)
      ])
      expect(flakyOf(main.outputs).map(t => t.name.replace(/^.* › /, ''))).toEqual([
        'Pay with a card',
        'Search'
      ])
      expect(e2e.requests('GET', /^\/reports\/junit\//).map(r => r.path)).toEqual([
        `/reports/junit/${rerun}`,
        `/reports/junit/${first}`
      ])
    }
  )

  it('a run without reruns reads no report for flaky tests', async () => {
    const plan = 2102
    e2e.sim.testsigma.addPlan(plan, { outcomes: ['SUCCESS'], durationMs: 200 })
    const { main } = await runAction({
      inputs: simInputs(e2e.sim, 'testsigma', 'cur-SECRET-key', { 'test-plan-id': String(plan) }),
      post: false
    })
    expect(main.code).toBe(0)
    expect(e2e.requests('GET', /^\/reports\/junit\//)).toEqual([])
    expect(main.outputs['flaky-tests']).toBe('[]')
  })
})
