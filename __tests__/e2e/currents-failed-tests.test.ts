/**
 * A failed Currents gate names its failed tests (SPEC.md "What failed"): read from the first 10
 * failed specs' instances, shown in the summary, the annotations, the check run and the
 * failed-tests output; bounded, best effort, and free for a run that passed.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import type { CurrentsRunOptions } from '../../sim/index.js'
import {
  MIXED_RUN,
  fileAnnotations,
  testPageOf,
  useCurrentsSim,
  verdictLines
} from './currents-helpers.js'
import { type ActionRun, runAction } from './runner.js'

const e2e = useCurrentsSim()
const workspaces: string[] = []
afterEach(() => {
  for (const w of workspaces.splice(0)) rmSync(w, { recursive: true, force: true })
})

async function gate(
  run: Partial<CurrentsRunOptions>,
  more: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<ActionRun & { runId: string }> {
  const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: 0, ...run })
  const result = await runAction({
    inputs: e2e.inputs({ 'run-id': runId, ...more }),
    env,
    post: false
  })
  workspaces.push(result.workspace)
  return { ...result, runId }
}

type Entry = { name: string; file?: string; line?: number; message?: string; url?: string }
const failedTests = (outputs: Record<string, string>) =>
  JSON.parse(outputs['failed-tests']) as Entry[]

const warnings = (stdout: string) => stdout.split('\n').filter(l => l.startsWith('::warning'))

/** Playwright specs under testDir tests/ (hosted runner) and a Cypress spec, with a flaky test. */

describe('Currents gate: the failed tests of a failed run', () => {
  it('annotates each failed test at its repository file and line, titled with its name', async () => {
    const { main, runId } = await gate(MIXED_RUN)
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('failed')
    expect(verdictLines(main.stdout)).toHaveLength(1)
    const page = (spec: string, n: number) => testPageOf(e2e.sim, runId, spec, n)
    expect(fileAnnotations(main.stdout)).toEqual([
      {
        // codeFrame (an absolute path past /home/runner/work/shop/shop/)
        properties: {
          title: 'Reports › exports CSV',
          file: 'tests/web-app/reports.spec.ts',
          line: '12'
        },
        message: `Error: expect(received).toBe(expected) // Object.is equality · ${page('web-app/reports.spec.ts', 1)}`
      },
      {
        // no codeFrame: the stack frame that names the spec
        properties: {
          title: 'Reports › filters by team',
          file: 'tests/web-app/reports.spec.ts',
          line: '21'
        },
        message: `Error: expect(received).toBe(expected) // Object.is equality · ${page('web-app/reports.spec.ts', 2)}`
      },
      {
        properties: { title: 'Checkout › pays', file: 'cypress/e2e/checkout.cy.ts', line: '12' },
        message: `AssertionError: Timed out retrying after 4000ms: expected '<button#pay>' to be 'visible' · ${page('cypress/e2e/checkout.cy.ts', 1)}`
      }
    ])
    // The flaky test passed on its retry: not a failure.
    expect(main.stdout).not.toContain('is flaky')
  })

  it('lists the tests in the summary, grouped by spec, and in the failed-tests output', async () => {
    const { main, runId } = await gate(MIXED_RUN)
    // Each test links to its own page of the spec's instance.
    const page = (spec: string, n: number) => testPageOf(e2e.sim, runId, spec, n)
    expect(main.summary).toContain('#### Failed tests (3)')
    expect(main.summary).toContain('**tests/web-app/reports.spec.ts**')
    expect(main.summary).toContain('**cypress/e2e/checkout.cy.ts**')
    expect(main.summary).toContain(
      `| [Reports › filters by team](${page('web-app/reports.spec.ts', 2)}) | 21 | Error: expect(received).toBe(expected) // Object.is equality |`
    )
    expect(main.summary).not.toContain('\u001b[')
    expect(failedTests(main.outputs)).toEqual([
      {
        name: 'Reports › exports CSV',
        file: 'tests/web-app/reports.spec.ts',
        line: 12,
        message: 'Error: expect(received).toBe(expected) // Object.is equality',
        url: page('web-app/reports.spec.ts', 1)
      },
      {
        name: 'Reports › filters by team',
        file: 'tests/web-app/reports.spec.ts',
        line: 21,
        message: 'Error: expect(received).toBe(expected) // Object.is equality',
        url: page('web-app/reports.spec.ts', 2)
      },
      {
        name: 'Checkout › pays',
        file: 'cypress/e2e/checkout.cy.ts',
        line: 12,
        message:
          "AssertionError: Timed out retrying after 4000ms: expected '<button#pay>' to be 'visible'",
        url: page('cypress/e2e/checkout.cy.ts', 1)
      }
    ])
    // One instance read per failed spec, nothing for the spec that passed; small answers,
    // asked for uncompressed.
    const reads = e2e.requests('GET', /^\/instances\//)
    expect(reads).toHaveLength(2)
    expect(reads.map(r => r.headers['accept-encoding'])).toEqual(['identity', 'identity'])
  })

  it('reads the error details from tests[] as well as from testResults', async () => {
    const a = await gate(MIXED_RUN)
    const b = await gate({ ...MIXED_RUN, instanceDetails: 'tests' })
    const strip = (entries: Entry[]) => entries.map(({ url: _url, ...rest }) => rest)
    expect(strip(failedTests(b.main.outputs))).toEqual(strip(failedTests(a.main.outputs)))
  })

  it('puts the tests in the check run: its text, and annotations at their lines', async () => {
    const { main } = await gate(
      MIXED_RUN,
      { 'check-name': 'e2e-failed' },
      { GITHUB_API_URL: e2e.sim.githubUrl }
    )
    const check = e2e.sim.github.getCheck(Number(main.outputs['check-run-id']))
    expect(check?.current).toMatchObject({ conclusion: 'failure' })
    const output = check?.current.output as { text: string; annotations_count: number }
    expect(output.text).toContain('#### Failed tests (3)')
    expect(output.text).toContain('Checkout › pays')
    expect(output.annotations_count).toBe(3)
    expect(check?.annotations[1]).toEqual({
      path: 'tests/web-app/reports.spec.ts',
      start_line: 21,
      end_line: 21,
      annotation_level: 'failure',
      title: 'Reports › filters by team',
      message: 'Error: expect(received).toBe(expected) // Object.is equality',
      // The rest of the error (Expected/Received, the stack), then the link to the test's page.
      raw_details: expect.stringMatching(
        /^Expected: 200\nReceived: 500\n[^]*\n\nhttps:\/\/app\.currents\.dev\/instance\/[\w-]+\/test\/[\w-]+-t2$/
      )
    })
    expect(check?.annotations[1]).not.toHaveProperty(
      'raw_details',
      expect.stringContaining('\u001b[')
    )
  })

  it('sends the check run more than 50 annotations 50 at a time', async () => {
    const specs = Array.from({ length: 8 }, (_, i) => ({
      spec: `area/spec-${i + 1}.spec.ts`,
      tests: 12,
      failures: 12
    }))
    const { main } = await gate(
      { outcome: 'FAILED', specs },
      { 'check-name': 'e2e-many' },
      { GITHUB_API_URL: e2e.sim.githubUrl }
    )
    const check = e2e.sim.github.getCheck(Number(main.outputs['check-run-id']))
    const sent = check?.history.map(h => {
      const out = (h.body as { output?: { annotations?: unknown[] } }).output
      return out?.annotations?.length ?? 0
    })
    // Created in progress, completed with 50, then 46 more: 96 failed tests.
    expect(sent).toEqual([0, 50, 46])
    expect(check?.annotations).toHaveLength(96)
    expect(check?.current).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(failedTests(main.outputs)).toHaveLength(96)
  })
})

describe('Currents gate: bounds and failures of the reads', () => {
  const thirty = Array.from({ length: 30 }, (_, i) => ({
    spec: `tests/many/spec-${String(i + 1).padStart(2, '0')}.spec.ts`,
    tests: 3,
    failures: 1
  }))

  it('reads exactly 10 instances of 30 failed specs, annotates 9 tests, lists the rest by file', async () => {
    const { main } = await gate({ outcome: 'FAILED', specs: thirty })
    expect(main.code).toBe(1)
    const reads = e2e.requests('GET', /^\/instances\//)
    expect(reads).toHaveLength(10)
    const view = e2e.sim.currents.view(main.outputs['run-id']) as {
      specs: Array<{ instanceId: string }>
    }
    expect(reads.map(r => r.path).sort()).toEqual(
      view.specs
        .slice(0, 10)
        .map(s => `/instances/${s.instanceId}`)
        .sort()
    )
    const annotations = fileAnnotations(main.stdout)
    expect(annotations).toHaveLength(9)
    expect(annotations.map(a => a.properties.file)).toEqual(thirty.slice(0, 9).map(s => s.spec))
    expect(verdictLines(main.stdout)).toHaveLength(1)
    expect(main.summary).toContain('#### Failed tests (10)')
    expect(main.summary).toContain('The tests of 20 more failed files were not read one by one')
    for (const s of thirty) expect(main.summary).toContain(s.spec)
    const entries = failedTests(main.outputs)
    expect(entries).toHaveLength(30)
    expect(entries.slice(10).map(e => e.file)).toEqual(thirty.slice(10).map(s => s.spec))
  })

  it('makes no extra request for a run that passed', async () => {
    const { main } = await gate({ outcome: 'PASSED', specCount: 6 })
    expect(main.code).toBe(0)
    expect(e2e.requests().map(r => r.path)).toEqual([`/runs/${main.outputs['run-id']}`])
    expect(main.outputs['failed-tests']).toBe('[]')
  })

  it('warns when instance reads fail, and keeps the verdict and the spec annotations', async () => {
    e2e.sim.faults.add({
      service: 'currents',
      path: /^\/instances\//,
      kind: 'status',
      status: 403,
      times: Infinity
    })
    const { main } = await gate({ outcome: 'FAILED', specs: thirty.slice(0, 3) })
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({ status: 'failed', result: 'FAILED' })
    expect(verdictLines(main.stdout)).toHaveLength(1)
    expect(warnings(main.stdout)).toEqual([
      expect.stringMatching(
        /^::warning::Could not read the tests of 3 of 3 failed specs \(read Currents instance .*HTTP 403.*\); they are listed by file$/
      )
    ])
    expect(fileAnnotations(main.stdout).map(a => a.properties.file)).toEqual(
      thirty.slice(0, 3).map(s => s.spec)
    )
    expect(failedTests(main.outputs).map(e => e.name)).toEqual(thirty.slice(0, 3).map(s => s.spec))
  })

  it('gives up on instance reads that hang after about 10 s, with a warning', async () => {
    e2e.sim.faults.add({
      service: 'currents',
      path: /^\/instances\//,
      kind: 'hang',
      times: Infinity
    })
    const { main } = await gate({ outcome: 'FAILED', specs: thirty.slice(0, 5) })
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('failed')
    expect(main.ms).toBeLessThan(15_000)
    expect(main.ms).toBeGreaterThanOrEqual(9_500)
    // 4 in flight: the fifth never started.
    expect(e2e.requests('GET', /^\/instances\//)).toHaveLength(4)
    expect(warnings(main.stdout)).toEqual([
      expect.stringContaining('5 of 5 failed specs (the reads took over 10 s)')
    ])
  }, 30_000)
})
