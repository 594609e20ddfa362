/**
 * The CLI bundle (dist/cli.js) as a process, the way GitLab, Jenkins or CircleCI run it, against
 * the simulator: verdicts and exit codes, --json, --summary, flags from action.yml, bad usage
 * (exit 2 before any request), SIGTERM / SIGINT stopping the remote run, and nothing of the
 * GitHub runner's protocol even when GITHUB_* variables are set.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { OUTPUT_NAMES } from '../../src/report/outputs.js'
import { makeTempDir } from '../temp-dirs.js'
import { KEY, cli, plain } from './cli-helpers.js'
import { actionDefaults } from './runner.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY })
})
afterAll(async () => {
  await sim.close()
})

const ts = (plan: number, more: string[] = []) => [
  'run',
  '--provider',
  'testsigma',
  '--api-url',
  sim.testsigmaUrl,
  '--test-plan-id',
  String(plan),
  '--poll-interval',
  '200ms',
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

describe('test-run-gate CLI', () => {
  it('a passing Testsigma plan: exit 0, progress on stderr, the verdict line on stdout', async () => {
    sim.testsigma.addPlan(4001, { durationMs: 300 })
    const r = await cli(ts(4001))
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toMatch(/^Testsigma run \d+ passed \(SUCCESS\)/)
    expect(r.stderr).toMatch(/Started Testsigma run \d+/)
    plain(r)
  })

  it('a failing plan: exit 1, the verdict once (stdout), a line per failed test (stderr)', async () => {
    sim.testsigma.addPlan(4002, { durationMs: 300, outcomes: ['FAILURE'] })
    const r = await cli(ts(4002))
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^Testsigma run \d+ failed \(FAILURE\)[^\n]*\n$/)
    expect(r.stderr).not.toMatch(/Testsigma run \d+ failed \(FAILURE\)/)
    expect(r.stderr).toMatch(/^failed: \S.* › .+: .+$/m)
    plain(r)
  })

  it('--json prints one object with every output, and --summary writes the markdown', async () => {
    sim.testsigma.addPlan(4003, { durationMs: 300 })
    const dir = makeTempDir('trg-cli-summary-')
    const file = join(dir, 'summary.md')
    const r = await cli(ts(4003, ['--json', '--summary', file]))
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as Record<string, string>
    expect(Object.keys(out).sort()).toEqual([...OUTPUT_NAMES, 'error'].sort())
    expect(out.status).toBe('passed')
    expect(out['run-id']).toMatch(/^\d+$/)
    expect(readFileSync(file, 'utf8')).toMatch(/Testsigma run \d+: passed/)
  })

  it('rerun-failed and a bare boolean flag (--wait) work as in the action', async () => {
    sim.testsigma.addPlan(4004, { durationMs: 200, outcomes: ['FAILURE', 'SUCCESS'] })
    const r = await cli(ts(4004, ['--rerun-failed', '1', '--wait', '--json']))
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'passed', reruns: 1 })
  })

  it('a Currents gate by --ci-build-id', async () => {
    sim.currents.addRun({
      runId: 'cli-run-1',
      projectId: 'P',
      ciBuildId: 'cli-b1',
      durationMs: 300
    })
    const r = await cli([
      'run',
      '--provider=currents',
      `--api-url=${sim.currentsUrl}`,
      '--project-id=P',
      '--ci-build-id=cli-b1',
      '--poll-interval=200ms',
      '--max-poll-interval=400ms',
      '--json'
    ])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ 'run-id': 'cli-run-1', status: 'passed' })
    plain(r)
  })

  it("last-failed writes the earlier run's .last-run.json under the working directory", async () => {
    sim.currents.addRun({
      projectId: 'P',
      ciBuildId: 'cli-prev',
      outcome: 'FAILED',
      durationMs: 0,
      specs: [{ spec: 'a.spec.ts', failures: 2 }, { spec: 'b.spec.ts' }]
    })
    const cwd = makeTempDir('trg-cli-pw-')
    const r = await cli(
      [
        'last-failed',
        '--provider=currents',
        `--api-url=${sim.currentsUrl}`,
        '--project-id=P',
        '--ci-build-id=cli-prev',
        '--json'
      ],
      { cwd }
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ 'extra-pw-flags': '--last-failed' })
    const file = JSON.parse(readFileSync(join(cwd, 'test-results', '.last-run.json'), 'utf8'))
    expect(file.failedTests).toHaveLength(2)
  })

  it('a Currents find without --ci-build-id is bad input outside GitHub: exit 2, no request', async () => {
    const before = sim.requests.length
    const r = await cli([
      'run',
      '--provider',
      'currents',
      '--api-url',
      sim.currentsUrl,
      '--project-id',
      'P'
    ])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--ci-build-id/)
    expect(sim.requests.length).toBe(before)
  })

  it.each([
    [['run', '--bogus', '1'], /unknown flag --bogus/],
    [['launch'], /unknown command 'launch'/],
    [[], /a command is required/],
    [
      ['run', '--provider', 'testsigma', '--test-plan-id', 'x'],
      /^test-run-gate: --test-plan-id: 'x' is not a whole number/
    ],
    [['run', '--provider', 'testsigma'], /--test-plan-id/],
    [
      ['run', '--provider', 'testsigma', '--test-plan-id', '1', '--junit-path', '.'],
      /--junit-path: '\.' is a folder/
    ]
  ])('bad usage %j: exit 2 with one line, before any request', async (args, message) => {
    const before = sim.requests.length
    const r = await cli(args)
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(message)
    expect(sim.requests.length).toBe(before)
  })

  it('SIGTERM stops the remote run within a second and exits 143', async () => {
    sim.testsigma.addPlan(4005, { durationMs: Infinity })
    const r = await cli(ts(4005), { signal: 'SIGTERM', when: polled(4005) })
    expect(r.code).toBe(143)
    const run = sim.testsigma.runsOf(4005)[0]
    expect(run.stoppedByUser).toBe(true)
    const stop = sim.requestsTo('testsigma', 'PUT', `/execution_results/${run.id}`)[0]
    expect(stop.at - (r.startedAt + (r.signalAt ?? 0))).toBeLessThan(1000)
    expect(r.ms - (r.signalAt ?? 0)).toBeLessThan(5000)
    expect(r.stdout).toMatch(/cancelled/)
  })

  it('SIGINT stops the run and exits 130; a second signal quits at once', async () => {
    sim.testsigma.addPlan(4006, { durationMs: Infinity })
    const hang = sim.faults.add({
      service: 'testsigma',
      method: 'PUT',
      path: /^\/execution_results\/\d+$/,
      kind: 'hang',
      times: Infinity
    })
    try {
      const r = await cli(ts(4006), { signal: 'SIGINT', when: polled(4006), again: true })
      expect(r.code).toBe(130)
      expect(r.ms - (r.signalAt ?? 0)).toBeLessThan(2000)
      expect(r.stderr).toMatch(/again: quitting/)
    } finally {
      sim.faults.remove(hang)
    }
  })

  it('a stop that fails is tried again, then the command that stops the run is printed', async () => {
    sim.testsigma.addPlan(4010, { durationMs: Infinity })
    const refused = sim.faults.add({
      service: 'testsigma',
      method: 'PUT',
      path: /^\/execution_results\/\d+$/,
      kind: 'close',
      times: Infinity
    })
    try {
      const r = await cli(ts(4010), { signal: 'SIGINT', when: polled(4010) })
      const run = sim.testsigma.runsOf(4010)[0]
      expect(r.code).toBe(130)
      expect(r.stderr).toMatch(/; trying again/)
      // The urgent tries of the signal's budget, then as many again.
      expect(refused.applied).toBeGreaterThan(3)
      const command = `test-run-gate cancel --provider testsigma --run-id ${run.id} --api-url ${sim.testsigmaUrl}`
      expect(r.stdout).toContain(`stop it with: ${command}`)
      expect(r.stdout + r.stderr).not.toMatch(/post step/)
      plain(r)
    } finally {
      sim.faults.remove(refused)
    }
  })

  it.each([
    ['TESTSIGMA_API_KEY', 'cli-KEY\r\n4242'],
    ['TESTSIGMA_API_KEY', 'cli-KEY-\u20ac']
  ])(
    'a key that cannot be a header value (%s): exit 2 naming its variable, no request, not printed',
    async (name, key) => {
      const before = sim.requests.length
      const r = await cli(ts(4011), { env: { [name]: key } })
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(new RegExp(`^test-run-gate: ${name}: holds a line break`))
      expect(r.stderr).not.toContain('cli-KEY')
      expect(sim.requests.length).toBe(before)
    }
  )

  it('inside GitHub Actions it still speaks no runner protocol and writes no runner file', async () => {
    sim.testsigma.addPlan(4007, { durationMs: 200, testCaseNames: ['::error::forged', 'ok'] })
    const dir = makeTempDir('trg-cli-gh-')
    const files = ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map(n => [
      n,
      join(dir, n)
    ])
    const r = await cli(ts(4007, ['--debug']), {
      env: {
        GITHUB_ACTIONS: 'true',
        GITHUB_RUN_ID: '1',
        GITHUB_REPOSITORY: 'o/r',
        ...Object.fromEntries(files)
      }
    })
    expect(r.code).toBe(0)
    plain(r)
    for (const [, path] of files) expect(existsSync(path)).toBe(false)
  })

  it('a key given as a flag works, with a one-line warning, and is never printed', async () => {
    sim.testsigma.addPlan(4008, { durationMs: 200 })
    const r = await cli(ts(4008, ['--api-key', KEY, '--debug']), { env: { TESTSIGMA_API_KEY: '' } })
    expect(r.code).toBe(0)
    expect(r.stderr.match(/^warning: --api-key shows in process lists/gm)).toHaveLength(1)
    expect(r.stderr).toMatch(/TESTSIGMA_API_KEY instead/)
    plain(r)
  })

  it('--help lists every flag of action.yml but the runner-only ones, with defaults', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    const runnerOnly = [
      'command',
      'job-status',
      'github-token',
      'check-name',
      'pr-comment',
      'summary'
    ]
    const inputs = Object.entries(actionDefaults()).filter(([name]) => !runnerOnly.includes(name))
    expect(inputs.length).toBeGreaterThan(20)
    for (const [name, def] of inputs) {
      expect(r.stdout).toContain(`--${name}`)
      if (def !== '')
        expect(r.stdout).toContain(
          `--${name}${def === 'true' || def === 'false' ? '' : ' <value>'} (default: ${def})`
        )
    }
    for (const name of ['command', 'job-status', 'github-token', 'check-name', 'pr-comment'])
      expect(r.stdout).not.toContain(`--${name} `)
    expect(r.stdout).toContain('--summary <file>')
    expect(r.stdout).toContain('--json')
  })
})
