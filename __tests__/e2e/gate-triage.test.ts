/**
 * Gating on what the change broke (SPEC.md "Quarantine and known failures"), end to end with
 * the built action against the simulator: a quarantine file in the workspace, a baseline
 * branch (Currents) or run (Testsigma), and fail-on.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Simulator, startSimulator } from '../../sim/index.js'
import type { CurrentsRunOptions } from '../../sim/index.js'
import { makeTempDir } from '../temp-dirs.js'
import { API_KEY, useCurrentsSim } from './currents-helpers.js'
import { type ActionRun, ROOT, runAction, simInputs } from './runner.js'

const e2e = useCurrentsSim()

const QUARANTINE = '.github/test-quarantine.yml'

/** A workspace holding the quarantine file, as a checkout of the repository would. */
function workspaceWith(quarantine: string): string {
  const dir = makeTempDir('trg-e2e-')
  mkdirSync(join(dir, '.github'))
  writeFileSync(join(dir, QUARANTINE), quarantine)
  return dir
}

const failedRun = (branch: string, titles: string[]): Partial<CurrentsRunOptions> => ({
  branch,
  outcome: 'FAILED',
  specs: [
    { spec: 'cypress/e2e/login.cy.ts', tests: 2 },
    { spec: 'cypress/e2e/checkout.cy.ts', tests: 4, failures: titles.length, testTitles: titles }
  ]
})

async function gate(
  run: Partial<CurrentsRunOptions>,
  inputs: Record<string, string>,
  workspace?: string
): Promise<ActionRun> {
  const projectId = inputs['project-id'] ?? e2e.project()
  const runId = e2e.sim.currents.addRun({ projectId, durationMs: 0, ...run })
  return runAction({
    inputs: e2e.inputs({ 'run-id': runId, 'project-id': projectId, ...inputs }),
    workspace,
    post: false
  })
}

const warnings = (stdout: string) => stdout.split('\n').filter(l => l.startsWith('::warning'))
const errors = (stdout: string) => stdout.split('\n').filter(l => l.startsWith('::error'))

describe('Currents gate with a quarantine file', () => {
  it('passes when every failure is quarantined, warning where each failed', async () => {
    const ws = workspaceWith(
      [
        '- test: "Checkout › pays*"',
        '  file: cypress/e2e/*.cy.ts',
        '  reason: flaky since the sandbox upgrade (#812)',
        '  until: 2999-01-15',
        '  owner: "@acme/payments"'
      ].join('\n')
    )
    const { main } = await gate(
      failedRun('feature', ['Checkout › pays with a saved card', 'Checkout › pays by invoice']),
      { quarantine: QUARANTINE },
      ws
    )
    expect(main.code).toBe(0)
    expect(main.outputs.status).toBe('failed')
    expect(errors(main.stdout)).toEqual([])
    const annotated = warnings(main.stdout).filter(l => l.includes('file='))
    expect(annotated.map(l => /title=([^,:]*)/.exec(l)?.[1])).toEqual([
      'Checkout › pays with a saved card',
      'Checkout › pays by invoice'
    ])
    expect(annotated.every(l => l.includes('file=cypress/e2e/checkout.cy.ts'))).toBe(true)
    const quarantined = JSON.parse(main.outputs['quarantined-tests'])
    expect(quarantined.map((q: { name: string; reason: string; owner: string }) => q.name)).toEqual(
      ['Checkout › pays with a saved card', 'Checkout › pays by invoice']
    )
    expect(quarantined[0]).toMatchObject({
      reason: 'flaky since the sandbox upgrade (#812)',
      until: '2999-01-15',
      owner: '@acme/payments'
    })
    expect(main.stdout).toContain('the gate passes (2 failures: 2 quarantined)')
    expect(main.summary).toContain('#### Quarantined (2)')
  })

  it('fails on a failure the file does not cover, and on an expired entry', async () => {
    const ws = workspaceWith(
      ['- test: Checkout › pays with a saved card', '  reason: flaky', '  until: 2020-01-31'].join(
        '\n'
      )
    )
    const { main } = await gate(
      failedRun('feature', ['Checkout › pays with a saved card']),
      { quarantine: QUARANTINE },
      ws
    )
    expect(main.code).toBe(1)
    expect(main.outputs['quarantined-tests']).toBe('[]')
    expect(warnings(main.stdout).join('\n')).toContain(
      `The quarantine of "Checkout › pays with a saved card" (${QUARANTINE} line 1) expired on 2020-01-31: fix the test or extend the entry`
    )
  })

  it('refuses a bad file before any request, naming the line and the fix', async () => {
    const ws = workspaceWith('- test: Checkout › pays\n  until: 2999-01-15\n')
    const projectId = e2e.project()
    const { main } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, quarantine: QUARANTINE }),
      workspace: ws,
      post: false
    })
    expect(main.code).toBe(1)
    expect(errors(main.stdout)).toEqual([
      `::error::Input 'quarantine': ${QUARANTINE} line 1: entry 1 has no reason; add reason: why the test may fail for now (an issue link helps)`
    ])
    expect(e2e.requests()).toEqual([])
  })
})

describe('Currents gate with a baseline branch', () => {
  it('with fail-on new, passes on failures that fail on the branch too', async () => {
    const projectId = e2e.project()
    e2e.sim.currents.addRun({
      projectId,
      durationMs: 0,
      ...failedRun('main', ['Checkout › pays with a saved card'])
    })
    const { main } = await gate(failedRun('feature', ['Checkout › pays with a saved card']), {
      'project-id': projectId,
      baseline: 'main',
      'fail-on': 'new'
    })
    expect(main.code).toBe(0)
    expect(JSON.parse(main.outputs['failed-tests'])).toEqual([
      expect.objectContaining({ name: 'Checkout › pays with a saved card', known: true })
    ])
    expect(main.summary).toContain('**1 failed: 0 new, 1 also failing on `main`.**')
    expect(e2e.requests('GET', '/runs/find')[0]?.query).toMatchObject({
      projectId,
      branch: 'main'
    })
  })

  it('fails on a new failure, and reports the known one apart', async () => {
    const projectId = e2e.project()
    e2e.sim.currents.addRun({
      projectId,
      durationMs: 0,
      ...failedRun('main', ['Checkout › pays with a saved card'])
    })
    const { main } = await gate(
      failedRun('feature', ['Checkout › pays with a saved card', 'Checkout › shows the total']),
      { 'project-id': projectId, baseline: 'main', 'fail-on': 'new' }
    )
    expect(main.code).toBe(1)
    expect(
      JSON.parse(main.outputs['failed-tests']).map((t: { known: boolean }) => t.known)
    ).toEqual([true, false])
    expect(errors(main.stdout).at(-1)).toContain('2 failures: 1 new, 1 also failing on main')
  })

  it('counts every failure as new when the branch has no run, and says so', async () => {
    const { main } = await gate(failedRun('feature', ['Checkout › pays with a saved card']), {
      baseline: 'main',
      'fail-on': 'new'
    })
    expect(main.code).toBe(1)
    expect(warnings(main.stdout).join('\n')).toContain(
      'No Currents run was found on main: every failure of this run counts as new'
    )
  })
})

describe('Testsigma gate with a baseline run', () => {
  const KEY = 'ts-SECRET-triage'
  let sim: Simulator
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: KEY })
  })
  afterAll(() => sim.close())

  const report = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites><testsuite name="Checkout || Staging" tests="2" failures="1">',
    '<testcase classname="Checkout" name="Pay with a saved card"><failure>Test failed with message:"Element not found".</failure></testcase>',
    '<testcase classname="Checkout" name="Apply a discount"/>',
    '</testsuite></testsuites>',
    ''
  ].join('\n')

  it('with fail-on new, passes when the run fails as the baseline run did', async () => {
    sim.testsigma.addPlan(2201, {
      durationMs: 100,
      outcomes: ['FAILURE'],
      failedCount: 1,
      junitReport: report
    })
    const inputs = simInputs(sim, 'testsigma', KEY, { 'test-plan-id': '2201' })
    const first = await runAction({ inputs, post: false })
    expect(first.main.code).toBe(1)
    const baseline = first.main.outputs['run-id']
    const { main } = await runAction({
      inputs: { ...inputs, 'baseline-run-id': baseline, 'fail-on': 'new' },
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.outputs['run-id']).not.toBe(baseline)
    expect(JSON.parse(main.outputs['failed-tests'])).toEqual([
      expect.objectContaining({ name: 'Checkout || Staging › Pay with a saved card', known: true })
    ])
    expect(main.stdout).toContain(`Baseline: Testsigma run ${baseline}, 1 failed test`)
  })
})

describe('the CLI', () => {
  it('takes --quarantine (from the working folder), --baseline and --fail-on', async () => {
    const projectId = e2e.project()
    const titles = ['Checkout › pays with a saved card']
    e2e.sim.currents.addRun({ projectId, durationMs: 0, ...failedRun('main', titles) })
    const runId = e2e.sim.currents.addRun({ projectId, durationMs: 0, ...failedRun('pr', titles) })
    const cwd = workspaceWith('- {test: "Checkout › *", reason: flaky, until: 2999-01-01}\n')
    const args = ['--provider', 'currents', '--api-url', e2e.sim.currentsUrl]
    args.push('--project-id', projectId, '--run-id', runId, '--poll-interval', '200ms')
    // Asynchronously: the simulator answers from this very process.
    const run = (more: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>(done => {
        const argv = [`${ROOT}/dist/cli.js`, 'run', ...args, ...more]
        const env = { PATH: process.env.PATH ?? '', CURRENTS_API_KEY: API_KEY }
        execFile(process.execPath, argv, { cwd, env }, (error, stdout, stderr) =>
          done({ status: error ? Number(error.code) : 0, stdout, stderr })
        )
      })
    const quarantined = await run(['--quarantine', QUARANTINE, '--json'])
    expect(quarantined.status).toBe(0)
    const json = JSON.parse(quarantined.stdout)
    expect(json.status).toBe('failed')
    expect(json['quarantined-tests']).toEqual([
      expect.objectContaining({ name: titles[0], reason: 'flaky', until: '2999-01-01' })
    ])
    const known = await run(['--baseline', 'main', '--fail-on', 'new'])
    expect(known.status).toBe(0)
    expect(known.stdout).toContain('the gate passes (1 failure: 1 also failing on main)')
    const bad = await run(['--fail-on', 'new'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain("'new' needs a baseline")
  })
})
