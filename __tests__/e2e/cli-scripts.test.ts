/**
 * The CLI as scripts and CI systems use it (dist/cli.js as a process, against the simulator):
 * --json typed for jq, a JSON object for exit 2 too, each error once, a line per failed test,
 * no GitHub words, and the run stopped when the parent process (an `npx`) is killed alone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { KEY, cli, plain } from './cli-helpers.js'
import { ROOT } from './runner.js'
import { makeTempDir } from '../temp-dirs.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY })
})
afterAll(async () => {
  await sim.close()
})

const ts = (plan: number, more: string[] = []) => [
  'run',
  '--provider=testsigma',
  `--api-url=${sim.testsigmaUrl}`,
  `--test-plan-id=${plan}`,
  '--poll-interval=200ms',
  '--max-poll-interval=400ms',
  ...more
]

/** Resolves once the run of the plan has been read (the gate is waiting on it). */
const polled = (plan: number) => () =>
  sim.waitForRequest(
    r =>
      r.method === 'GET' &&
      sim.testsigma.runsOf(plan).some(run => r.path === `/execution_results/${run.id}`),
    15_000
  )

/** Words of the GitHub runner that mean nothing in a shell. */
const GITHUB_WORDS = /\$\{\{|secrets\.|workflow|post step|--command|GITHUB_|cancel-hook|<owner>/i

describe('--json for scripts', () => {
  it('a failed run: numbers as numbers, failed-tests as an array, unknown as null, no error', async () => {
    sim.testsigma.addPlan(4101, { durationMs: 200, outcomes: ['FAILURE'], failedCount: 2 })
    const r = await cli(ts(4101, ['--json']))
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout) as Record<string, unknown>
    expect(out).toMatchObject({
      status: 'failed',
      result: 'FAILURE',
      total: 5,
      passed: 3,
      failed: 2,
      reruns: 0,
      flaky: null,
      'check-run-id': null,
      'junit-path': null,
      'extra-pw-flags': '',
      error: null
    })
    expect(typeof out['run-id']).toBe('string')
    expect(out['failed-tests']).toEqual([
      expect.objectContaining({ name: expect.stringMatching(/Test case 1$/) }),
      expect.objectContaining({ name: expect.stringMatching(/Test case 2$/) })
    ])
    // stdout is the object alone; the verdict goes to stderr, once.
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    expect(r.stderr.match(/Testsigma run \d+ failed \(FAILURE\)/g)).toHaveLength(1)
    plain(r)
  })

  it('bad input (exit 2): a JSON object with error {kind, message}, the message once on stderr', async () => {
    const before = sim.requests.length
    const r = await cli(ts(4102, ['--json', '--project-id', 'P']))
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: null,
      'run-id': null,
      'failed-tests': null,
      error: {
        kind: 'bad-input',
        message: '--project-id: is not used with provider testsigma; remove it'
      }
    })
    expect(r.stderr).toBe(
      'test-run-gate: --project-id: is not used with provider testsigma; remove it\n'
    )
    expect(sim.requests.length).toBe(before)
  })

  it('bad usage (exit 2): error kind usage', async () => {
    const r = await cli(['run', '--json', '--bogus'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout)).toMatchObject({
      error: { kind: 'usage', message: 'unknown flag --bogus; see test-run-gate --help' }
    })
  })

  it('an error after requests (a plan that does not exist): its kind, and the line once', async () => {
    const r = await cli(ts(4999, ['--json']))
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout) as { error: { kind: string; message: string } }
    expect(out.error.kind).toBe('not-found')
    expect(out.error.message).toMatch(/test-plan-id/)
    expect(r.stderr.split(out.error.message)).toHaveLength(2)
  })

  it('without --json an error goes to stderr only, and stdout stays empty', async () => {
    const r = await cli(ts(4998))
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^error: .*test-plan-id/m)
  })
})

describe('the plain log names what failed', () => {
  it('one line per failed test, at most 9, then how many more', async () => {
    sim.testsigma.addPlan(4103, {
      durationMs: 200,
      outcomes: ['FAILURE'],
      testCount: 14,
      failedCount: 12
    })
    const r = await cli(ts(4103))
    expect(r.code).toBe(1)
    const lines = r.stderr.split('\n').filter(l => l.startsWith('failed: '))
    expect(lines).toHaveLength(9)
    expect(lines[0]).toMatch(/^failed: .* › Test case 1: .+/)
    expect(r.stderr).toContain('…and 3 more (see --summary or --json)')
  })

  it('--annotations false logs none', async () => {
    sim.testsigma.addPlan(4104, { durationMs: 200, outcomes: ['FAILURE'] })
    const r = await cli(ts(4104, ['--annotations=false']))
    expect(r.code).toBe(1)
    expect(r.stderr).not.toMatch(/^failed: /m)
  })
})

describe('no GitHub words outside GitHub', () => {
  it('--help names flags and env vars only', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(GITHUB_WORDS)
    expect(r.stdout).toContain('TESTSIGMA_API_KEY')
  })

  it.each([
    [['run', '--provider', 'testsigma', '--test-plan-id', '1'], /TESTSIGMA_API_KEY/, {}],
    [['cancel', '--provider', 'currents'], /^test-run-gate: --run-id: is required/, undefined],
    [['last-failed', '--provider', 'currents', '--project-id', 'P'], /--ci-build-id/, undefined],
    [['run', '--provider', 'currents', '--project-id', 'P'], /--ci-build-id/, undefined],
    [
      ['rerun', '--provider', 'currents', '--run-id', 'r'],
      /^test-run-gate: command 'rerun'/,
      undefined
    ]
  ])('%j: one line in shell words', async (args, said, env) => {
    const r = await cli(args, env && { env: { TESTSIGMA_API_KEY: '' } })
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(said)
    expect(r.stderr).not.toMatch(GITHUB_WORDS)
  })

  it('a stop after a signal says so without a workflow or a post step', async () => {
    sim.testsigma.addPlan(4105, { durationMs: Infinity })
    const r = await cli(ts(4105), {
      signal: 'SIGTERM',
      when: polled(4105)
    })
    expect(r.code).toBe(143)
    expect(r.stdout).toMatch(/cancelled because the gate received a stop signal/)
    expect(r.stdout + r.stderr).not.toMatch(GITHUB_WORDS)
  })
})

describe('the parent process killed alone (an npx that ends on SIGTERM)', () => {
  it('the gate notices it was re-parented, stops the run and exits', async () => {
    sim.testsigma.addPlan(4106, { durationMs: Infinity })
    // A wrapper like npx: it starts the gate and forwards nothing when it is killed.
    const wrapper = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit' });
         process.stdout.write('gate pid ' + c.pid + '\\n');
         setInterval(() => {}, 1000)`,
        join(ROOT, 'dist', 'cli.js'),
        ...ts(4106)
      ],
      {
        cwd: makeTempDir('trg-cli-parent-'),
        env: { PATH: process.env.PATH ?? '', TESTSIGMA_API_KEY: KEY }
      }
    )
    let stdout = ''
    let stderr = ''
    wrapper.stdout.on('data', d => (stdout += String(d)))
    wrapper.stderr.on('data', d => (stderr += String(d)))
    // The streams stay open while the gate, which inherited them, lives on: closed means it
    // ended (a re-parented process may stay a zombie where init does not reap, so no kill(0)).
    const closed = new Promise<void>(resolve => wrapper.on('close', () => resolve()))
    await polled(4106)()
    wrapper.kill('SIGKILL')
    await closed
    const gate = Number(/gate pid (\d+)/.exec(stdout)?.[1])
    expect(gate).toBeGreaterThan(0)
    expect(stderr).toMatch(/The parent process \(\d+\) is gone, as after SIGTERM: stopping the run/)
    const [run] = sim.testsigma.runsOf(4106)
    expect(run.stopRequests).toHaveLength(1)
    expect(stdout).toMatch(/cancelled because the gate received a stop signal/)
  })
})
