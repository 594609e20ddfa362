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
import { describeError, isGateError } from '../model/errors.js'
import { createProvider } from '../providers/index.js'
import { checkReportPaths } from '../files/report-file.js'
import { computeOutputs } from '../report/outputs.js'
import { summaryFor } from '../report/summary.js'
import { verdict } from '../report/verdict.js'
import { type Settings, readSettings } from '../settings/settings.js'
import { SignalReceived, onTermination } from '../waiting/signals.js'
import type { StateStore } from '../commands/state.js'
import { systemClock } from '../waiting/wait.js'
import { UsageError, parseCli } from './args.js'
import { helpText } from './help.js'
import { type Io, cliLog } from './log.js'

/** No post step runs after the CLI: nothing is handed on. */
const NO_STATE: StateStore = { save: () => {}, get: () => '' }

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 }

/** An input error names the flag as the user typed it (the key: the env variable it came from). */
function flagMessage(message: string, keyFrom = '--api-key'): string {
  return message.replace(/^Input '([a-z-]+)'/, (_, name: string) =>
    name === 'api-key' ? keyFrom : `--${name}`
  )
}

export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io = { out: s => process.stdout.write(s), err: s => process.stderr.write(s) }
): Promise<number> {
  let args
  try {
    args = parseCli(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    io.err(`test-run-gate: ${e.message}\n`)
    return 2
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
    io.err(
      'test-run-gate: a command is required, e.g. test-run-gate run --provider testsigma ...; see --help\n'
    )
    return 2
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
  try {
    // No GITHUB_* context: the CLI is the gate outside GitHub, wherever it runs.
    settings = readSettings(name => (inputs[name] ?? '').trim(), {})
    checkReportPaths(settings)
  } catch (e) {
    const keyFrom = args.inputs['api-key'] === undefined && fromEnv ? envName : '--api-key'
    io.err(`test-run-gate: ${flagMessage(describeError(e), keyFrom)}\n`)
    return 2
  }

  const controller = new AbortController()
  let signalled: NodeJS.Signals | undefined
  const detach = onTermination(signal => {
    if (signalled) {
      log.info(`Received ${signal} again: quitting without waiting`)
      process.exit(SIGNAL_EXIT[signalled] ?? 1)
    }
    signalled = signal
    log.info(`Received ${signal}: stopping the run (send it again to quit at once)`)
    controller.abort(new SignalReceived(signal))
  })
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
      noPostStep: true
    },
    outcome
  )
  detach()
  const v = verdict(settings, outcome, error)
  const line = flagMessage(v.line)
  if (args.summaryFile !== undefined) {
    try {
      writeFileSync(args.summaryFile, summaryFor(settings, outcome, v))
    } catch (e) {
      log.warn(`Could not write the summary to ${args.summaryFile}: ${describeError(e)}`)
    }
  }
  if (v.exitCode === 1) log.error(line)
  io.out(args.json ? `${JSON.stringify(computeOutputs(outcome))}\n` : `${line}\n`)
  if (signalled) return SIGNAL_EXIT[signalled] ?? 1
  if (isGateError(error, 'bad-input')) return 2
  return v.exitCode
}
