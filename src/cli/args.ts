/**
 * The command line: `test-run-gate <command> [--<input> <value> | --<input>=<value> ...]`.
 * The flags are action.yml's inputs (src/cli/inputs.ts, generated from it), parsed by
 * node:util's parseArgs; a boolean input given bare means true.
 */
import { parseArgs } from 'node:util'
import { COMMANDS } from '../settings/settings.js'
import { INPUTS } from './inputs.js'

/** Commands of the CLI: the action's, but for cancel-hook (a GitHub post step's job). */
export const CLI_COMMANDS = COMMANDS.filter(c => c !== 'cancel-hook')

/**
 * Inputs the CLI has no flag for: `summary` is the CLI's own `--summary <file>`.
 * (action.yml's command, job-status, github-token, check-name and pr-comment never reach the table.)
 */
const NOT_FLAGS = new Set(['summary'])
export const FLAG_INPUTS = INPUTS.filter(i => !NOT_FLAGS.has(i.name))

const BOOLEAN_WORD = /^(true|false|yes|no|on|off|1|0)$/i
const BOOLEANS = new Set(
  FLAG_INPUTS.filter(i => i.default === 'true' || i.default === 'false').map(i => i.name)
)

export class UsageError extends Error {}

export interface CliArgs {
  command?: string
  /** Input values by action.yml name. */
  inputs: Record<string, string>
  json: boolean
  summaryFile?: string
  debug: boolean
  help: boolean
  version: boolean
}

/** A bare boolean flag means true: `--wait` is `--wait=true`, `--wait false` stays as it is. */
function withBareBooleans(argv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([a-z][a-z0-9-]*)$/.exec(argv[i])?.[1]
    if (name === undefined || !BOOLEANS.has(name)) {
      out.push(argv[i])
    } else if (i + 1 < argv.length && BOOLEAN_WORD.test(argv[i + 1])) {
      out.push(`--${name}=${argv[++i]}`)
    } else {
      out.push(`--${name}=true`)
    }
  }
  return out
}

export function parseCli(argv: readonly string[]): CliArgs {
  const options = Object.fromEntries(FLAG_INPUTS.map(i => [i.name, { type: 'string' as const }]))
  let parsed
  try {
    parsed = parseArgs({
      args: withBareBooleans(argv),
      options: {
        ...options,
        json: { type: 'boolean' },
        summary: { type: 'string' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' }
      },
      allowPositionals: true,
      strict: true
    })
  } catch (e) {
    throw new UsageError(usageMessage(e))
  }
  const { json, summary, debug, help, version, ...rest } = parsed.values
  const [command, ...extra] = parsed.positionals
  if (extra.length > 0) {
    throw new UsageError(`unexpected argument '${extra[0]}'; flags take the form --name value`)
  }
  if (command !== undefined && !(CLI_COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command '${command}'; use one of: ${CLI_COMMANDS.join(', ')}`)
  }
  const inputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(rest)) {
    if (typeof value === 'string') inputs[name] = value
  }
  return {
    command,
    inputs,
    json: json === true,
    summaryFile: typeof summary === 'string' ? summary : undefined,
    debug: debug === true,
    help: help === true,
    version: version === true
  }
}

/** parseArgs' messages, shortened to the flag and the fix. */
function usageMessage(e: unknown): string {
  const code = (e as { code?: string }).code
  const text = e instanceof Error ? e.message : String(e)
  const flag = /'(-{1,2}[^'\s]+)/.exec(text)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return `unknown flag ${flag ?? ''}; see test-run-gate --help`.replace('  ', ' ')
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return `${flag ?? 'a flag'} needs a value: ${flag ?? '--name'} <value>`
  return text.split('\n')[0]
}
