/**
 * `npm run local -- KEY=VALUE ...`: try the built action by hand. Runs dist/index.js, then
 * dist/post.js, the way the runner does (the e2e harness's runAction: INPUT_* env with
 * action.yml's defaults, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files in a temp
 * folder that is removed at the end unless --keep, STATE_* for post) against the API simulator, and prints
 * what GitHub shows: the step's log, its outputs, its job summary, then the post step's log.
 *
 *   npm run local -- provider=testsigma test-plan-id=101
 *   npm run local -- provider=currents project-id=demo
 *   npm run local -- provider=currents command=cancel-hook project-id=demo job-status=cancelled
 *
 * Run `npm run sim` first (it lists the plans and runs) and set SIM_URL to its url, or leave
 * SIM_URL unset and a simulator with the same plans and runs is started for this run alone.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  ROOT,
  type StepResult,
  endRunningSteps,
  removeTempDirs,
  runAction
} from '../__tests__/e2e/runner.js'
import { makeTempDir } from '../__tests__/temp-dirs.js'
import { DEMO_GITHUB, demoScenario } from '../sim/cli.js'
import { type Simulator, simUrls, startSimulator } from '../sim/index.js'
import { parseDuration } from '../src/settings/parse.js'
import { githubLog } from './github-log.js'

const USAGE = `Usage: npm run local -- KEY=VALUE ... [--debug] [--keep] [--cancel-after=DURATION]

  KEY=VALUE        an input of action.yml, e.g. provider=testsigma test-plan-id=101.
                   api-url and api-key default to the simulator's, poll-interval to 1s
                   (max-poll-interval 2s); job-status=cancelled is what post sees when
                   the workflow is cancelled.
  --debug          debug lines and the HTTP request log, as with ACTIONS_STEP_DEBUG.
  --keep           keep the step's temp workspace (JUnit report, GITHUB_OUTPUT, summary
                   files) and print where it is; without it, it is removed at the end.
  --cancel-after=D cancel the workflow after D (e.g. 3s): SIGINT to the main step, then
                   SIGTERM and SIGKILL as the runner does; Ctrl-C does the same.
  SIM_URL=URL      (env) the simulator of \`npm run sim\`; without it one is started.`

export interface LocalArgs {
  inputs: Record<string, string>
  jobStatus?: string
  debug: boolean
  keep: boolean
  cancelAfterMs?: number
}

/** The command line: KEY=VALUE inputs and flags; throws a message for the user. */
export function parseArgs(argv: readonly string[]): LocalArgs {
  const args: LocalArgs = { inputs: {}, debug: false, keep: false }
  for (const arg of argv) {
    const flag = /^--([a-z-]+)(?:=(.*))?$/.exec(arg)
    if (flag?.[1] === 'debug' && flag[2] === undefined) args.debug = true
    else if (flag?.[1] === 'keep' && flag[2] === undefined) args.keep = true
    else if (flag?.[1] === 'cancel-after' && flag[2])
      args.cancelAfterMs = parseDuration('--cancel-after', flag[2])
    else if (!flag && /^[a-z][a-z-]*=/.test(arg)) {
      const at = arg.indexOf('=')
      const [name, value] = [arg.slice(0, at), arg.slice(at + 1)]
      // job-status is the runner's to set, and only post reads it.
      if (name === 'job-status') args.jobStatus = value
      else args.inputs[name] = value
    } else throw new Error(`'${arg}' is not KEY=VALUE or a flag of this script`)
  }
  return args
}

/** The input names action.yml declares (the runner passes any name, so a typo goes unseen). */
export function declaredInputs(actionYml: string): string[] {
  const names: string[] = []
  let inInputs = false
  for (const line of actionYml.split('\n')) {
    if (/^\S/.test(line)) inInputs = /^inputs:\s*$/.test(line)
    const name = inInputs ? /^ {2}([a-z][a-z0-9-]*):\s*$/.exec(line) : null
    if (name) names.push(name[1])
  }
  return names
}

/** Levenshtein distance: enough to point from a typo to the input meant. */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    row = next
  }
  return row[b.length]
}

/** A warning for each given name action.yml does not declare, with the nearest one declared. */
export function unknownInputWarnings(
  given: readonly string[],
  declared: readonly string[]
): string[] {
  return given
    .filter(name => !declared.includes(name))
    .map(name => {
      const [nearest] = [...declared].sort((x, y) => editDistance(name, x) - editDistance(name, y))
      const hint =
        nearest !== undefined && editDistance(name, nearest) <= Math.max(2, name.length / 3)
          ? `; did you mean '${nearest}'?`
          : ''
      return `Warning: '${name}' is not an input of action.yml, so the step ignores it${hint}`
    })
}

function show(title: string, step: StepResult, debug: boolean): void {
  console.log(`\n── ${title} (exit ${step.code ?? step.signal}, ${(step.ms / 1000).toFixed(1)} s)`)
  const lines = githubLog(step.stdout, { debug })
  for (const line of lines.length ? lines : ['(nothing)']) console.log(`  ${line}`)
  if (step.stderr.trim()) console.log(step.stderr.replace(/^/gm, '  stderr: '))
}

async function main(): Promise<number> {
  let args: LocalArgs
  try {
    if (process.argv.includes('--help')) {
      console.log(USAGE)
      return 0
    }
    args = parseArgs(process.argv.slice(2))
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`)
    return 2
  }
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
    console.error('dist/index.js is missing: run `npm run build` first')
    return 2
  }
  const declared = declaredInputs(readFileSync(join(ROOT, 'action.yml'), 'utf8'))
  let sim: Simulator | undefined
  let url = process.env.SIM_URL?.replace(/\/+$/, '')
  if (!url) {
    sim = await startSimulator()
    demoScenario(sim)
    url = sim.url
  }
  const urls = simUrls(url)
  const apiUrl: Record<string, string> = {
    testsigma: urls.testsigmaUrl,
    currents: urls.currentsUrl
  }
  const provider = args.inputs.provider ?? ''
  const given = (name: string) => args.inputs[name] !== undefined
  // The script's own defaults, each only where it cannot clash with what was given (a
  // max-poll-interval of 2s under a given poll-interval of 5s would be an error the user never
  // wrote), and named in the output, so that no error shows one of them as if it were given.
  const defaults: Record<string, string> = {
    ...(apiUrl[provider] ? { 'api-url': apiUrl[provider], 'api-key': 'sim-key' } : {}),
    ...(given('poll-interval') || given('max-poll-interval')
      ? {}
      : { 'poll-interval': '1s', 'max-poll-interval': '2s' })
  }
  for (const name of Object.keys(defaults)) if (given(name)) delete defaults[name]
  const inputs = { ...defaults, ...args.inputs }
  // Ctrl-C, or --cancel-after: the workflow is cancelled while the main step runs. A Ctrl-C
  // after that (a second one, or during post), SIGTERM or a closed stdout ends the script:
  // the running step gets SIGTERM and is waited for (it stops its run while the simulator still
  // answers, and writes nothing in a removed folder afterwards), then the temp folders go,
  // since no finally block runs after process.exit. The handlers stay to the end, so that no
  // signal finds Node's default (an exit that removes nothing).
  let cancel = (): void => {}
  const cancelled = new Promise<void>(resolve => (cancel = resolve))
  const timer =
    args.cancelAfterMs === undefined ? undefined : setTimeout(cancel, args.cancelAfterMs)
  let mainDone = false
  let cancelling = false
  let leaving = false
  const leave = (code: number) => {
    // A further signal while the steps end changes nothing: they end within seconds.
    if (leaving) return
    leaving = true
    void endRunningSteps().finally(() => {
      if (!args.keep) removeTempDirs()
      process.exit(code)
    })
  }
  process.on('SIGINT', () => {
    if (mainDone || cancelling) return leave(130)
    cancelling = true
    cancel()
  })
  process.on('SIGTERM', () => leave(143))
  process.stdout.on('error', (e: NodeJS.ErrnoException) => leave(e.code === 'EPIPE' ? 0 : 1))
  let jobStatus = ''
  const workspace = makeTempDir('trg-local-')
  try {
    console.log(`Simulator: ${url}${sim ? ' (started for this run)' : ''}`)
    for (const line of unknownInputWarnings(Object.keys(args.inputs), declared)) console.log(line)
    const set = Object.entries(defaults).map(([k, v]) => `${k}=${v}`)
    if (set.length) console.log(`Defaults of npm run local (not given): ${set.join(' ')}`)
    const run = await runAction({
      inputs,
      workspace,
      env: {
        GITHUB_API_URL: urls.githubUrl,
        GITHUB_REPOSITORY: DEMO_GITHUB.repository,
        GITHUB_RUN_ID: DEMO_GITHUB.runId,
        GITHUB_RUN_ATTEMPT: String(DEMO_GITHUB.runAttempt),
        ...(args.debug ? { RUNNER_DEBUG: '1' } : {})
      },
      cancel: { when: () => cancelled },
      jobStatus: main => {
        mainDone = true
        return (jobStatus =
          args.jobStatus ??
          (main.sigintAt !== undefined ? 'cancelled' : main.code === 0 ? 'success' : 'failure'))
      }
    })
    show('main step: dist/index.js', run.main, args.debug)
    const named = [...run.main.stdout.matchAll(/Input '([a-z-]+)'/g)].map(m => m[1])
    for (const name of new Set(named.filter(n => defaults[n] !== undefined))) {
      console.log(
        `  (${name}=${defaults[name]} is npm run local's default, not given: set ${name}=… to choose)`
      )
    }
    console.log('\n── outputs')
    for (const [name, value] of Object.entries(run.main.outputs)) console.log(`  ${name}=${value}`)
    if (run.main.outputs['junit-path'] && !args.keep)
      console.log(
        '  (the JUnit report is in the temp workspace, removed at the end: --keep keeps it)'
      )
    console.log('\n── job summary (markdown)')
    console.log(run.main.summary.trim() ? run.main.summary.replace(/^/gm, '  ') : '  (none)')
    if (run.post) show(`post step: dist/post.js, job status ${jobStatus}`, run.post, args.debug)
    return run.main.code ?? 1
  } finally {
    clearTimeout(timer)
    console.log('\n── files')
    if (args.keep) console.log(`  Kept the step's files (workspace, runner files): ${workspace}`)
    else
      console.log(`  Removed the step's files (--keep keeps them): ${removeTempDirs().join(' ')}`)
    await sim?.close()
  }
}

process.exitCode = await main()
