/**
 * `npm run local -- KEY=VALUE ...` (scripts/local.ts): the built action against the simulator,
 * run the way the runner runs it, printing the log as GitHub shows it, the outputs and the
 * summary, and leaving no temp folder behind.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { demoScenario } from '../../sim/cli.js'
import { makeTempDir } from '../temp-dirs.js'
import { ROOT } from './runner.js'

interface Local {
  code: number | null
  stdout: string
  stderr: string
  /** What the script left in its own TMPDIR. */
  leftInTmp: string[]
}

function local(args: string[], env: Record<string, string> = {}): Promise<Local> {
  const tmp = makeTempDir('trg-local-test-')
  const child = spawn(
    process.execPath,
    ['--import', './scripts/ts-hooks.mjs', 'scripts/local.ts', ...args],
    { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  return new Promise(resolve =>
    child.on('close', code => resolve({ code, stdout, stderr, leftInTmp: readdirSync(tmp) }))
  )
}

/** The lines of one section of the script's output ("── outputs", "── job summary"...). */
function section(stdout: string, title: string): string[] {
  const lines = stdout.split('\n')
  const start = lines.findIndex(l => l.startsWith(`── ${title}`))
  if (start < 0) return []
  const end = lines.findIndex((l, i) => i > start && l.startsWith('── '))
  return lines.slice(start + 1, end < 0 ? undefined : end).map(l => l.replace(/^ {2}/, ''))
}

describe('npm run local', () => {
  it('runs a gate against a simulator of its own and prints log, outputs and summary', async () => {
    const r = await local(['provider=testsigma', 'test-plan-id=101'])
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
    expect(r.stdout).toMatch(/^Simulator: http:\/\/127\.0\.0\.1:\d+ \(started for this run\)$/m)
    const log = section(r.stdout, 'main step: dist/index.js (exit 0')
    expect(log).toContainEqual(expect.stringMatching(/^Started Testsigma run \d+/))
    expect(log).toContainEqual(
      expect.stringMatching(/^Testsigma run \d+ passed \(SUCCESS\): 8 tests, 8 passed$/)
    )
    // The log as GitHub shows it: no workflow command, no debug line.
    expect(log.filter(l => /^\s*::/.test(l))).toEqual([])
    expect(section(r.stdout, 'outputs')).toEqual(
      expect.arrayContaining(['status=passed', 'total=8', 'passed=8', 'flaky=', 'reruns=0'])
    )
    expect(section(r.stdout, 'job summary')[0]).toMatch(/^### ✅ Testsigma run \d+: passed$/)
    expect(section(r.stdout, 'post step: dist/post.js, job status success (exit 0')).toEqual([
      '(nothing)',
      ''
    ])
    // The step's files and workspace were in a temp folder, removed at the end.
    expect(r.leftInTmp).toEqual([])
  })

  describe('against `npm run sim` (SIM_URL)', () => {
    let sim: Simulator
    let runs: Record<string, string>
    beforeAll(async () => {
      sim = await startSimulator()
      runs = demoScenario(sim).currentsRuns as Record<string, string>
    })
    afterAll(() => sim.close())

    it("a cancel-hook in a cancelled job cancels the scenario's runs of this GitHub run", async () => {
      const r = await local(
        ['provider=currents', 'command=cancel-hook', 'project-id=demo', 'job-status=cancelled'],
        { SIM_URL: sim.url }
      )
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`Simulator: ${sim.url}\n`)
      expect(section(r.stdout, 'job summary')[0]).toBe('(none)')
      expect(section(r.stdout, 'post step: dist/post.js, job status cancelled')).toEqual(
        expect.arrayContaining(['Post: cancelled the Currents runs of GitHub run 4242 attempt 1'])
      )
      const cancel = sim.requestsTo('currents', 'PUT', '/runs/cancel-ci/github')
      expect(cancel.map(c => c.body)).toEqual([
        { githubRunId: '4242', githubRunAttempt: '1', projectId: 'demo' }
      ])
      expect(sim.currents.getRun(runs.thisWorkflowUntilCancelled)?.canceled?.via).toBe(
        'cancel-ci/github'
      )
      expect(r.leftInTmp).toEqual([])
    })

    it('--cancel-after cancels the workflow: SIGINT to main, then post with job status cancelled', async () => {
      const r = await local(
        ['provider=testsigma', 'test-plan-id=104', '--cancel-after=1500ms', '--debug'],
        { SIM_URL: sim.url }
      )
      expect(r.code).toBe(1)
      const log = section(r.stdout, 'main step: dist/index.js (exit 1')
      expect(log).toContain('Received SIGINT: cancelling')
      expect(log).toContainEqual(
        expect.stringMatching(
          /^Error: Testsigma run \d+ was cancelled because the workflow was cancelled/
        )
      )
      // --debug: what a re-run with debug logging shows, the HTTP request log opened.
      expect(log).toContainEqual(expect.stringMatching(/^▾ HTTP requests \(\d+\)$/))
      expect(r.stdout).toContain('── post step: dist/post.js, job status cancelled (exit 0')
      expect(section(r.stdout, 'outputs')).toContain('status=cancelled')
    })
  })

  it('warns on an input action.yml does not declare, naming the nearest; --keep keeps the files', async () => {
    const r = await local([
      'provider=testsigma',
      'test-plan-id=101',
      'poll-interval=500ms',
      'junit-pth=reports/t.xml',
      'junit-path=reports/t.xml',
      '--keep'
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      "Warning: 'junit-pth' is not an input of action.yml, so the step ignores it; did you mean 'junit-path'?\n"
    )
    // Only the defaults that cannot clash with what was given, and said to be the script's.
    const defaults = r.stdout.split('\n').find(l => l.startsWith('Defaults of npm run local'))
    expect(defaults).toMatch(
      /^Defaults of npm run local \(not given\): api-url=http:\S+ api-key=sim-key$/
    )
    const kept = /^ {2}Kept the step's files \(workspace, runner files\): (.+)$/m.exec(
      r.stdout
    )?.[1]
    expect(kept).toBeDefined()
    expect(r.leftInTmp).toEqual([basename(kept as string)])
    expect(existsSync(join(kept as string, 'reports', 't.xml'))).toBe(true)
    expect(r.stdout).not.toContain('Removed the step')
  })

  it('says it removes the files without --keep, and warns nothing when every input is declared', async () => {
    const r = await local(['provider=testsigma', 'test-plan-id=101'])
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('Warning:')
    expect(r.stdout).toMatch(
      /^ {2}Removed the step's files \(--keep keeps them\): \S*trg-local-\w+$/m
    )
    expect(r.leftInTmp).toEqual([])
  })

  it('refuses an argument that is neither KEY=VALUE nor a flag, with the usage', async () => {
    const r = await local(['provider=testsigma', 'oops'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("'oops' is not KEY=VALUE or a flag of this script")
    expect(r.stderr).toContain('Usage: npm run local -- KEY=VALUE')
  })
})
