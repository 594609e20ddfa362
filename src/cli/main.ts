/**
 * The CLI edge (SPEC.md "Outside GitHub: the CLI"): the same settings, providers, waiting and
 * reports as the action, with plain log lines on stderr, the result on stdout, and exit codes
 * for shell-scripted CI systems. Nothing of the GitHub runner: no workflow commands, no runner
 * files, no GITHUB_* context, even when run inside GitHub Actions.
 */
import { writeFileSync } from 'node:fs'
import pkg from '../../package.json' with { type: 'json' }
import { createHttp } from '../http/client.js'
import { type Outcome, newOutcome } from '../model/outcome.js'
import { execute } from '../commands/index.js'
import { type ErrorKind, describeError, isGateError } from '../model/errors.js'
import type { RunStatus } from '../model/run.js'
import { createProvider } from '../providers/index.js'
import { checkReportPaths } from '../files/report-file.js'
import { typedOutputs } from '../report/outputs.js'
import { failedTestLines, showsFailedTests } from '../report/failed-tests.js'
import { summaryFor } from '../report/summary.js'
import { verdict } from '../report/verdict.js'
import type { QuarantineEntry } from '../model/triage.js'
import { loadQuarantine } from '../settings/quarantine.js'
import { type Settings, readSettings } from '../settings/settings.js'
import { CURRENTS_ENV } from '../settings/credentials.js'
import { SignalReceived, onParentGone, onTermination } from '../waiting/signals.js'
import type { StateStore } from '../commands/state.js'
import { systemClock } from '../waiting/wait.js'
import { UsageError, parseCli } from './args.js'
import { helpText } from './help.js'
import { type Io, cliLog } from './log.js'

/** No post step runs after the CLI: nothing is handed on. */
const NO_STATE: StateStore = { save: () => {}, get: () => '' }

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 }

/**
 * An input error names the flag, as the user typed it (the key: the env variable it came
 * from); the command is a word, not a flag.
 */
function flagMessage(message: string, keyFrom = '--api-key'): string {
  return message
    .replace(/^Input 'command': /, 'command ')
    .replace(/^Input '([a-z-]+)'/, (_, name: string) =>
      name === 'api-key' ? keyFrom : `--${name}`
    )
}

/** --json's error: what kind of failure, for a script to branch on, and the line for a human. */
interface JsonError {
  kind: ErrorKind | 'usage' | 'internal'
  message: string
}

function jsonLine(outcome: Outcome, status: RunStatus | '', error: JsonError | null): string {
  return `${JSON.stringify({ ...typedOutputs(outcome, undefined, status), error })}\n`
}

export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io = { out: s => process.stdout.write(s), err: s => process.stderr.write(s) }
): Promise<number> {
  // Known before parsing, so that bad usage answers a script in JSON too.
  const json = argv.includes('--json')
  const badUsage = (kind: JsonError['kind'], message: string): number => {
    io.err(`test-run-gate: ${message}\n`)
    if (json) io.out(jsonLine(newOutcome(Date.now()), '', { kind, message }))
    return 2
  }
  let args
  try {
    args = parseCli(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    return badUsage('usage', e.message)
  }
  if (args.help) {
    io.out(helpText())
    return 0
  }
  if (args.version) {
    io.out(`${pkg.version}\n`)
    return 0
  }
  const log = cliLog(io, args.debug)
  if (args.command === undefined) {
    return badUsage(
      'usage',
      'a command is required, e.g. test-run-gate run --provider testsigma ...; see --help'
    )
  }
  const provider = (args.inputs.provider ?? '').trim().toLowerCase()
  const envName = `${provider.toUpperCase()}_API_KEY`
  const fromEnv = env[envName]
  if (args.inputs['api-key'] !== undefined) {
    log.warn(
      `--api-key shows in process lists and shell history; set ${provider ? provider.toUpperCase() : 'TESTSIGMA or CURRENTS'}_API_KEY instead`
    )
  }
  const inputs: Record<string, string> = {
    ...args.inputs,
    command: args.command,
    'api-key': args.inputs['api-key'] ?? fromEnv ?? ''
  }
  let settings: Readonly<Settings>
  let quarantine: readonly QuarantineEntry[] | undefined
  try {
    // No GITHUB_* context: the CLI is the gate outside GitHub, wherever it runs. Currents' own
    // env convention (CURRENTS_PROJECT_ID, ...) holds in every CI system.
    const currentsEnv = Object.fromEntries(
      Object.values(CURRENTS_ENV).map(name => [name, env[name]])
    )
    settings = readSettings(name => (inputs[name] ?? '').trim(), currentsEnv, 'cli')
    checkReportPaths(settings, args.summaryFile)
    quarantine = await loadQuarantine(settings)
  } catch (e) {
    const keyFrom = args.inputs['api-key'] === undefined && fromEnv ? envName : '--api-key'
    return badUsage(isGateError(e) ? e.kind : 'internal', flagMessage(describeError(e), keyFrom))
  }

  const controller = new AbortController()
  let signalled: NodeJS.Signals | undefined
  const stop = (signal: NodeJS.Signals, why: string) => {
    if (signalled) {
      log.info(`${why} again: quitting without waiting`)
      process.exit(SIGNAL_EXIT[signalled] ?? 1)
    }
    signalled = signal
    log.info(`${why}: stopping the run (send it again to quit at once)`)
    controller.abort(new SignalReceived(signal))
  }
  const detach = onTermination(signal => stop(signal, `Received ${signal}`))
  // An npx killed alone passes nothing on: its child must notice by itself (SPEC.md).
  const unwatch = onParentGone(parent =>
    stop('SIGTERM', `The parent process (${parent}) is gone, as after SIGTERM`)
  )
  const outcome: Outcome = newOutcome(systemClock.now())
  const error = await execute(
    {
      settings,
      provider: createProvider(
        settings,
        createHttp(settings, line => log.debug(line))
      ),
      state: NO_STATE,
      log,
      signal: controller.signal,
      clock: systemClock,
      quarantine
    },
    outcome
  )
  detach()
  unwatch()
  const v = verdict(settings, outcome, error)
  const line = flagMessage(v.line)
  if (args.summaryFile !== undefined) {
    try {
      writeFileSync(args.summaryFile, summaryFor(settings, outcome, v))
    } catch (e) {
      log.warn(`Could not write the summary to ${args.summaryFile}: ${describeError(e)}`)
    }
  }
  if (showsFailedTests(settings, outcome, v.status))
    for (const failed of failedTestLines(outcome)) log.info(failed)
  // Each line once: an error on stderr; a result on stdout, or on stderr beside --json's object.
  const failedWith: JsonError | null =
    error !== undefined && !isGateError(error, 'aborted')
      ? { kind: isGateError(error) ? error.kind : 'internal', message: line }
      : null
  if (failedWith) log.error(line)
  else if (json) (v.exitCode === 1 ? log.error : log.info)(line)
  if (json) io.out(jsonLine(outcome, v.status, failedWith))
  else if (!failedWith) io.out(`${line}\n`)
  if (signalled) return SIGNAL_EXIT[signalled] ?? 1
  if (isGateError(error, 'bad-input')) return 2
  return v.exitCode
}
