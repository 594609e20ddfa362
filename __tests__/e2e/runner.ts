/**
 * Runs the built action the way GitHub's runner does (SPEC.md "How the runner calls us"):
 * INPUT_* env with action.yml's defaults filled in, GITHUB_OUTPUT / GITHUB_STATE /
 * GITHUB_STEP_SUMMARY files per step, STATE_* for post, the runner's signal sequence (SIGINT,
 * SIGTERM 7.5 s later, SIGKILL 2.5 s after that), then post under its post-if (always()).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RecordedRequest, Simulator } from '../../sim/index.js'
import { makeTempDir } from '../temp-dirs.js'

export { removeTempDirs } from '../temp-dirs.js'

/** Inputs of a step against the simulator, polling fast (200 ms growing to 400 ms). */
export function simInputs(
  sim: Pick<Simulator, 'testsigmaUrl' | 'currentsUrl'>,
  provider: 'testsigma' | 'currents',
  apiKey: string,
  more: Record<string, string> = {}
): Record<string, string> {
  return {
    provider,
    'api-key': apiKey,
    'api-url': provider === 'testsigma' ? sim.testsigmaUrl : sim.currentsUrl,
    'poll-interval': '200ms',
    'max-poll-interval': '400ms',
    ...more
  }
}

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const SIGTERM_AFTER_MS = 7500
export const SIGKILL_AFTER_MS = 2500

export interface StepResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  ms: number
  /** Date.now() when the step was started. */
  startedAt: number
  /** When SIGINT was sent, relative to the step's start. */
  sigintAt?: number
}

export interface RunOptions {
  inputs: Record<string, string>
  env?: Record<string, string>
  /**
   * Cancel the main step: SIGINT after `afterMs`, once `when` resolves or once its stdout
   * matches `onStdout`, then the runner's
   * sequence. `kill: true` sends SIGKILL instead: a main step that dies without a signal it
   * can handle (step timeout past the grace, a container job, a lost runner).
   */
  cancel?: { afterMs?: number; when?: () => Promise<unknown>; onStdout?: RegExp; kill?: boolean }
  /**
   * job.status as the runner evaluates it for post, or a function of the main step's result;
   * 'cancelled' by default when `cancel` is set.
   */
  jobStatus?: string | ((main: StepResult) => string)
  /** Run the post step too (post-if: always()). Default true. */
  post?: boolean
  /**
   * Working directory (GITHUB_WORKSPACE); by default a fresh `trg-e2e-*` folder in TMPDIR that
   * removeTempDirs removes (jest: after the test file; the demo: at its end).
   */
  workspace?: string
  /** A GitHub event payload for GITHUB_EVENT_PATH. */
  event?: unknown
}

export interface ActionRun {
  main: StepResult
  post?: StepResult
  workspace: string
}

/** action.yml's inputs and their defaults, with the runner's expressions evaluated. */
export function actionDefaults(): Record<string, string> {
  const yml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
  const section = yml.slice(yml.indexOf('\ninputs:'), yml.indexOf('\noutputs:'))
  const defaults: Record<string, string> = {}
  let current = ''
  for (const line of section.split('\n')) {
    const name = /^ {2}([a-z][a-z-]*):\s*$/.exec(line)
    if (name) {
      current = name[1]
      defaults[current] = ''
      continue
    }
    const def = /^ {4}default:\s*(.*)$/.exec(line)
    if (def && current)
      defaults[current] = def[1]
        .trim()
        .replace(/^'(.*)'$/, '$1')
        .replace(/^"(.*)"$/, '$1')
  }
  return defaults
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file (`name<<DELIM\nvalue\nDELIM` or `name=value`). */
export function parseCommandFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {}
  const lines = readFileSync(path, 'utf8').split(/\r?\n/)
  const out: Record<string, string> = {}
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const value: string[] = []
      while (++i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i])
      out[heredoc[1]] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return out
}

function baseEnv(workspace: string, event: unknown): Record<string, string> {
  const temp = join(workspace, '.runner-temp')
  mkdirSync(temp, { recursive: true })
  const eventPath = join(temp, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event ?? {}))
  const keep = ['PATH', 'HOME', 'SYSTEMROOT', 'TMPDIR', 'LANG']
  const env: Record<string, string> = {}
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k] as string
  return {
    ...env,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: 'abc123def4567890abc123def4567890abc123de',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux'
  }
}

function inputEnv(inputs: Record<string, string>, jobStatus: string): Record<string, string> {
  const merged = { ...actionDefaults(), ...inputs }
  const env: Record<string, string> = {}
  for (const [name, raw] of Object.entries(merged)) {
    const value = raw
      .replace(/\$\{\{\s*github\.token\s*\}\}/g, 'gh-token')
      .replace(/\$\{\{\s*job\.status\s*\}\}/g, jobStatus)
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return env
}

/** The steps running now, and whether a script is ending them (endRunningSteps). */
const running = new Set<ChildProcess>()
let ending: Promise<void> | undefined

/**
 * For a script that is ending mid-step (the demo or `npm run local` on Ctrl-C, SIGTERM or a
 * closed pipe): sends each running step SIGTERM, as the runner does when it gives up on a
 * step, so that it stops the run it started while the simulator still answers; SIGKILL to one
 * still running `killAfterMs` later. Resolves once every step has exited, so that its folder can
 * be removed with nothing left writing in it. No step starts after this, and a runAction in
 * progress never resolves: the script exits instead of going on to the next step.
 */
export function endRunningSteps(killAfterMs = 6000): Promise<void> {
  ending ??= Promise.all(
    [...running].map(
      child =>
        new Promise<void>(done => {
          if (child.exitCode !== null || child.signalCode !== null) return done()
          const kill = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
          child.once('close', () => {
            clearTimeout(kill)
            done()
          })
          child.kill('SIGTERM')
        })
    )
  ).then(() => undefined)
  return ending
}

async function runStep(
  script: string,
  env: Record<string, string>,
  workspace: string,
  cancel?: RunOptions['cancel']
): Promise<StepResult> {
  if (ending) return new Promise<never>(() => {})
  const id = randomUUID().slice(0, 8)
  const files = {
    GITHUB_OUTPUT: join(workspace, '.runner-temp', `output-${id}`),
    GITHUB_STATE: join(workspace, '.runner-temp', `state-${id}`),
    GITHUB_STEP_SUMMARY: join(workspace, '.runner-temp', `summary-${id}`)
  }
  for (const f of Object.values(files)) writeFileSync(f, '')
  const started = Date.now()
  const child = spawn(process.execPath, [join(ROOT, 'dist', script)], {
    cwd: workspace,
    env: { ...env, ...files },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  running.add(child)
  child.once('close', () => running.delete(child))
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  const timers: NodeJS.Timeout[] = []
  let sigintAt: number | undefined
  let exited = false
  const exit = new Promise<[number | null, NodeJS.Signals | null]>(done =>
    child.on('close', (code, signal) => {
      exited = true
      done([code, signal])
    })
  )
  if (cancel) {
    const fire = () => {
      if (exited) return
      sigintAt = Date.now() - started
      if (cancel.kill) return void child.kill('SIGKILL')
      child.kill('SIGINT')
      timers.push(setTimeout(() => child.kill('SIGTERM'), SIGTERM_AFTER_MS))
      timers.push(setTimeout(() => child.kill('SIGKILL'), SIGTERM_AFTER_MS + SIGKILL_AFTER_MS))
    }
    const { onStdout } = cancel
    if (onStdout) {
      // Pipes are synchronous on Linux: the step has written the line before it goes on.
      const watch = () => {
        if (!onStdout.test(stdout)) return
        child.stdout.off('data', watch)
        fire()
      }
      child.stdout.on('data', watch)
    } else if (cancel.when) void cancel.when().then(fire, fire)
    else timers.push(setTimeout(fire, cancel.afterMs ?? 0))
  }
  const [code, signal] = await exit
  for (const t of timers) clearTimeout(t)
  if (ending) return new Promise<never>(() => {})
  return {
    code,
    signal,
    stdout,
    stderr,
    outputs: parseCommandFile(files.GITHUB_OUTPUT),
    state: parseCommandFile(files.GITHUB_STATE),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    ms: Date.now() - started,
    startedAt: started,
    sigintAt
  }
}

/** Runs main, then post with main's state, as the runner does for one step of a job. */
export async function runAction(opts: RunOptions): Promise<ActionRun> {
  const workspace = opts.workspace ?? makeTempDir('trg-e2e-')
  const common = { ...baseEnv(workspace, opts.event), ...(opts.env ?? {}) }
  const main = await runStep(
    'index.js',
    { ...common, ...inputEnv(opts.inputs, 'success') },
    workspace,
    opts.cancel
  )
  // Every key the step holds: the inputs', and the Currents env fallbacks for them.
  const keys = [
    opts.inputs['api-key'],
    opts.inputs['record-key'],
    opts.env?.CURRENTS_API_KEY,
    opts.env?.CURRENTS_RECORD_KEY
  ]
  for (const key of keys) assertNoSecretLeak(key, main)
  if (opts.post === false) return { main, workspace }
  const jobStatus =
    typeof opts.jobStatus === 'function'
      ? opts.jobStatus(main)
      : (opts.jobStatus ?? (opts.cancel ? 'cancelled' : main.code === 0 ? 'success' : 'failure'))
  const stateEnv: Record<string, string> = {}
  for (const [k, v] of Object.entries(main.state)) stateEnv[`STATE_${k}`] = v
  const post = await runStep(
    'post.js',
    { ...common, ...inputEnv(opts.inputs, jobStatus), ...stateEnv },
    workspace
  )
  for (const key of keys) assertNoSecretLeak(key, post)
  return { main, post, workspace }
}

/**
 * The key may appear only in the runner's `::add-mask::` line: never in other log lines,
 * outputs, state or the summary.
 */
export function assertNoSecretLeak(key: string | undefined, step: StepResult): void {
  if (!key || key.length < 4) return
  const logs = (step.stdout + '\n' + step.stderr)
    .split(/\r?\n/)
    .filter(l => l !== `::add-mask::${key}`)
    .join('\n')
  const places: Array<[string, string]> = [
    ['log', logs],
    ['outputs', JSON.stringify(step.outputs)],
    ['state', JSON.stringify(step.state)],
    ['summary', step.summary]
  ]
  for (const [where, text] of places) {
    if (text.includes(key)) throw new Error(`the API key leaked into the step's ${where}`)
  }
}

/** Lines the runner would treat as workflow commands (it trims leading whitespace first). */
export function commandLines(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map(l => l.trimStart())
    .filter(l => l.startsWith('::') || l.startsWith('##['))
}

export function errorLines(stdout: string): string[] {
  return commandLines(stdout).filter(l => l.startsWith('::error'))
}

/**
 * The GitHub writes the simulator received after this request (a write that hung): counted by
 * order, not by the clock, since both can fall in one millisecond.
 */
export function githubWritesAfter(
  sim: Pick<Simulator, 'requests'>,
  request: RecordedRequest | undefined
): RecordedRequest[] {
  if (!request) throw new Error('the request was never seen')
  return sim.requests
    .slice(sim.requests.indexOf(request) + 1)
    .filter(r => r.service === 'github' && r.method !== 'GET')
}
