/**
 * Ctrl-C, SIGTERM or a closed pipe in the middle of `npm run demo` or `npm run local` (issue 23,
 * item 10): the script ends by itself, and its TMPDIR (a private one per run, made and removed
 * by the test) holds no folder of it afterwards, and no process still working in one (a step
 * the script left running, orphaned, in a removed workspace).
 *
 * How each case reaches the script, and why:
 * - Ctrl-C: SIGINT to the process group of `npm run -s <script>`, started as a group leader.
 *   That is what a terminal does: npm, its shell, the script and the step the script runs all
 *   get it. Signalling npm alone would test npm instead: it forwards the signal to its shell
 *   (`sh -c`, which does not exec the command), not to the script.
 * - SIGTERM: to the script's own process, started with the npm script's command directly
 *   (`node --import ./scripts/ts-hooks.mjs scripts/<script>.ts`): what `kill PID` or a
 *   supervisor does, one process and not its children. Through npm it would reach npm alone.
 * - A closed pipe: `npm run -s <script> | head -1`: the reader destroys its end after the
 *   first output, and the script learns it at its next write (EPIPE).
 *
 * Every process is started as a group leader (detached), so that whatever a failing case left
 * is killed at the end of the test.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readlinkSync } from 'node:fs'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { makeTempDir } from '../temp-dirs.js'
import { ROOT } from './runner.js'

type Script = 'demo' | 'local'

interface Started {
  child: ChildProcess
  /** The script's private TMPDIR. */
  tmp: string
  stdout(): string
  /** Resolves once stdout holds `text`; rejects if the process ends first. */
  printed(text: string): Promise<void>
  /** Resolves when the process has ended and its stdio closed, by itself. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const groups: number[] = []
afterEach(() => {
  // A case that failed may have left a process: its group goes (nothing when all went well).
  for (const pid of groups.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // The group is gone: what every passing case leaves.
    }
  }
})

/**
 * Starts `npm run -s <script> -- args` (`via: 'npm'`) or the script's node command (`via:
 * 'node'`) in a group of its own, with a private TMPDIR.
 */
function start(
  script: Script,
  via: 'npm' | 'node',
  args: string[] = [],
  env: Record<string, string> = {}
): Started {
  const tmp = makeTempDir(`trg-interrupt-${script}-`)
  const [command, argv] =
    via === 'npm'
      ? ['npm', ['run', '-s', script, ...(args.length ? ['--', ...args] : [])]]
      : [process.execPath, ['--import', './scripts/ts-hooks.mjs', `scripts/${script}.ts`, ...args]]
  const child = spawn(command, argv, {
    cwd: ROOT,
    detached: true,
    // npm keeps Node's compile cache in TMPDIR (node-compile-cache): npm's, which `npm test`
    // turns off too, so that an empty TMPDIR means what the script left.
    env: { ...process.env, TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  groups.push(child.pid as number)
  let stdout = ''
  let stderr = ''
  const watchers = new Set<() => void>()
  child.stdout?.on('data', d => {
    stdout += String(d)
    for (const w of watchers) w()
  })
  // The closed-pipe case destroys stdout: its error is that case's point, not the test's.
  child.stdout?.on('error', () => {})
  child.stderr?.on('data', d => (stderr += String(d)))
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve =>
    child.on('close', (code, signal) => {
      for (const w of watchers) w()
      resolve({ code, signal })
    })
  )
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.includes(text)) {
          watchers.delete(check)
          resolve()
        } else if (child.exitCode !== null || child.signalCode !== null) {
          watchers.delete(check)
          reject(new Error(`ended before printing '${text}':\n${stdout}\n${stderr}`))
        }
      }
      watchers.add(check)
      check()
    })
  return { child, tmp, stdout: () => stdout, printed, ended }
}

/** Processes (not zombies: those have no cwd) whose working folder is in `dir`, removed or not. */
function processesIn(dir: string): string[] {
  if (process.platform !== 'linux') return []
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`)
      if (cwd.startsWith(`${dir}/`)) found.push(`${pid} in ${cwd}`)
    } catch {
      // Gone meanwhile, a zombie, or not ours to read.
    }
  }
  return found
}

/** What the test asserts after every case: nothing of the script left. */
function leftBehind(s: Started): { folders: string[]; processes: string[] } {
  return { folders: readdirSync(s.tmp), processes: processesIn(s.tmp) }
}

const NOTHING = { folders: [], processes: [] }

describe('npm run demo', () => {
  it('Ctrl-C (SIGINT to the group of npm run) during the first gate', async () => {
    const s = start('demo', 'npm')
    await s.printed('1. Testsigma gate')
    process.kill(-(s.child.pid as number), 'SIGINT')
    const end = await s.ended
    // npm ends by the signal it got once its script has ended (npm's way), the script by 130.
    expect(end).toEqual({ code: null, signal: 'SIGINT' })
    expect(s.stdout()).not.toContain('2. Cancellation')
    expect(leftBehind(s)).toEqual(NOTHING)
  })

  it('SIGTERM to the script alone while a step runs until cancelled', async () => {
    const s = start('demo', 'node')
    await s.printed('2. Cancellation')
    s.child.kill('SIGTERM')
    expect(await s.ended).toEqual({ code: 143, signal: null })
    expect(s.stdout()).not.toContain('3. Currents gate')
    expect(leftBehind(s)).toEqual(NOTHING)
  })

  it('a closed pipe (npm run demo | head -1)', async () => {
    const s = start('demo', 'npm')
    await s.printed('\n')
    s.child.stdout?.destroy()
    expect(await s.ended).toEqual({ code: 0, signal: null })
    expect(leftBehind(s)).toEqual(NOTHING)
  })
})

describe('npm run local', () => {
  let sim: Simulator
  beforeAll(async () => {
    sim = await startSimulator()
  })
  afterAll(() => sim.close())

  /** A plan whose run lasts until stopped, and the first read of its run (the gate waits). */
  const endlessPlan = (plan: number) => {
    sim.testsigma.addPlan(plan, { durationMs: Infinity })
    return {
      args: ['provider=testsigma', `test-plan-id=${plan}`, 'junit-path=reports/t.xml'],
      waiting: () =>
        sim.waitForRequest(
          r =>
            r.method === 'GET' &&
            sim.testsigma.runsOf(plan).some(run => r.path === `/execution_results/${run.id}`),
          30_000
        ),
      stopped: () =>
        sim.testsigma
          .runsOf(plan)
          .flatMap(run => sim.requestsTo('testsigma', 'PUT', `/execution_results/${run.id}`))
    }
  }

  it('Ctrl-C (SIGINT to the group of npm run) cancels the workflow: main stops the run, post runs, the files go', async () => {
    const plan = endlessPlan(9201)
    const s = start('local', 'npm', plan.args, { SIM_URL: sim.url })
    await plan.waiting()
    process.kill(-(s.child.pid as number), 'SIGINT')
    expect(await s.ended).toEqual({ code: null, signal: 'SIGINT' })
    expect(s.stdout()).toContain('Received SIGINT: cancelling')
    expect(s.stdout()).toContain('── post step: dist/post.js, job status cancelled')
    expect(s.stdout()).toMatch(/^ {2}Removed the step's files \(--keep keeps them\): \S+$/m)
    expect(plan.stopped()).toHaveLength(1)
    expect(leftBehind(s)).toEqual(NOTHING)
  })

  it('SIGTERM to the script alone while the gate waits: the step is ended first, and stops its run', async () => {
    const plan = endlessPlan(9202)
    const s = start('local', 'node', plan.args, { SIM_URL: sim.url })
    await plan.waiting()
    s.child.kill('SIGTERM')
    expect(await s.ended).toEqual({ code: 143, signal: null })
    // The step heard SIGTERM from the script, not the silence of a dead parent.
    expect(plan.stopped()).toHaveLength(1)
    expect(leftBehind(s)).toEqual(NOTHING)
  })

  it('a closed pipe (npm run local … | head -1), with a simulator of its own', async () => {
    const s = start('local', 'npm', ['provider=testsigma', 'test-plan-id=101'])
    await s.printed('\n')
    s.child.stdout?.destroy()
    expect(await s.ended).toEqual({ code: 0, signal: null })
    expect(leftBehind(s)).toEqual(NOTHING)
  })
})
