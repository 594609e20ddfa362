/**
 * `npm run local -- KEY=VALUE ...`: try the built action by hand. Runs dist/index.js, then
 * dist/post.js, the way the runner does (the e2e harness's runAction: INPUT_* env with
 * action.yml's defaults, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files in a temp
 * folder that is removed at the end, STATE_* for post) against the API simulator, and prints
 * what GitHub shows: the step's log, its outputs, its job summary, then the post step's log.
 *
 *   npm run local -- provider=testsigma test-plan-id=101
 *   npm run local -- provider=currents project-id=demo
 *   npm run local -- provider=currents command=cancel-hook project-id=demo job-status=cancelled
 *
 * Run `npm run sim` first (it lists the plans and runs) and set SIM_URL to its url, or leave
 * SIM_URL unset and a simulator with the same plans and runs is started for this run alone.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, type StepResult, removeTempDirs, runAction } from '../__tests__/e2e/runner.js'
import { makeTempDir } from '../__tests__/temp-dirs.js'
import { DEMO_GITHUB, demoScenario } from '../sim/cli.js'
import { type Simulator, simUrls, startSimulator } from '../sim/index.js'
import { parseDuration } from '../src/settings/parse.js'
import { githubLog } from './github-log.js'

const USAGE = `Usage: npm run local -- KEY=VALUE ... [--debug] [--cancel-after=DURATION]

  KEY=VALUE        an input of action.yml, e.g. provider=testsigma test-plan-id=101.
                   api-url and api-key default to the simulator's, poll-interval to 1s
                   (max-poll-interval 2s); job-status=cancelled is what post sees when
                   the workflow is cancelled.
  --debug          debug lines and the HTTP request log, as with ACTIONS_STEP_DEBUG.
  --cancel-after=D cancel the workflow after D (e.g. 3s): SIGINT to the main step, then
                   SIGTERM and SIGKILL as the runner does; Ctrl-C does the same.
  SIM_URL=URL      (env) the simulator of \`npm run sim\`; without it one is started.`

export interface LocalArgs {
  inputs: Record<string, string>
  jobStatus?: string
  debug: boolean
  cancelAfterMs?: number
}

/** The command line: KEY=VALUE inputs and flags; throws a message for the user. */
export function parseArgs(argv: readonly string[]): LocalArgs {
  const args: LocalArgs = { inputs: {}, debug: false }
  for (const arg of argv) {
    const flag = /^--([a-z-]+)(?:=(.*))?$/.exec(arg)
    if (flag?.[1] === 'debug' && flag[2] === undefined) args.debug = true
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
  const inputs = {
    'api-key': 'sim-key',
    'poll-interval': '1s',
    'max-poll-interval': '2s',
    ...(apiUrl[provider] ? { 'api-url': apiUrl[provider] } : {}),
    ...args.inputs
  }
  // Ctrl-C, or --cancel-after: the workflow is cancelled while the main step runs.
  let stopWaiting = (): void => {}
  const cancelled = new Promise<void>(resolve => {
    const timer =
      args.cancelAfterMs === undefined ? undefined : setTimeout(resolve, args.cancelAfterMs)
    process.once('SIGINT', resolve)
    stopWaiting = () => {
      clearTimeout(timer)
      process.removeListener('SIGINT', resolve)
    }
  })
  let jobStatus = ''
  try {
    console.log(`Simulator: ${url}${sim ? ' (started for this run)' : ''}`)
    const run = await runAction({
      inputs,
      workspace: makeTempDir('trg-local-'),
      env: {
        GITHUB_API_URL: urls.githubUrl,
        GITHUB_REPOSITORY: DEMO_GITHUB.repository,
        GITHUB_RUN_ID: DEMO_GITHUB.runId,
        GITHUB_RUN_ATTEMPT: String(DEMO_GITHUB.runAttempt),
        ...(args.debug ? { RUNNER_DEBUG: '1' } : {})
      },
      cancel: { when: () => cancelled },
      jobStatus: main =>
        (jobStatus =
          args.jobStatus ??
          (main.sigintAt !== undefined ? 'cancelled' : main.code === 0 ? 'success' : 'failure'))
    })
    show('main step: dist/index.js', run.main, args.debug)
    console.log('\n── outputs')
    for (const [name, value] of Object.entries(run.main.outputs)) console.log(`  ${name}=${value}`)
    if (run.main.outputs['junit-path'])
      console.log('  (the JUnit report was in the temp workspace, now removed)')
    console.log('\n── job summary (markdown)')
    console.log(run.main.summary.trim() ? run.main.summary.replace(/^/gm, '  ') : '  (none)')
    if (run.post) show(`post step: dist/post.js, job status ${jobStatus}`, run.post, args.debug)
    return run.main.code ?? 1
  } finally {
    stopWaiting()
    removeTempDirs()
    await sim?.close()
  }
}

process.exitCode = await main()
