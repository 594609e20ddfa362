/**
 * The runner's protocol for actions: workflow commands on stdout (`::error ...::`), and the
 * GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files. This is what @actions/core speaks,
 * written out here because importing @actions/core 3 loads @actions/http-client and undici
 * (~800 KB of JS, measured +85 ms per start, over 3x a bare `node -e 0`) for OIDC tokens this
 * action never asks for. Escaping follows @actions/core's command.ts and file-command.ts, and
 * __tests__/workflow.test.ts checks the output against @actions/core's byte for byte.
 */
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'

export interface AnnotationProperties {
  title?: string
  file?: string
  line?: number
}

/** Data of a workflow command: % CR LF escaped, so it cannot end early or start another. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** A property value: also `:` and `,`, which end the property. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

export function command(
  name: string,
  properties: Record<string, string | number | undefined>,
  message: string
): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',')
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`
}

function write(line: string): void {
  process.stdout.write(line + EOL)
}

/** A plain log line, printed as is: callers make untrusted text inert first (report/text.ts). */
export function info(message: string): void {
  write(message)
}

export function debug(message: string): void {
  write(command('debug', {}, message))
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  write(command('warning', { ...properties }, message))
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  write(command('error', { ...properties }, message))
}

/** True when the run has step debug logging on (ACTIONS_STEP_DEBUG / "Enable debug logging"). */
export function isDebug(): boolean {
  return process.env.RUNNER_DEBUG === '1'
}

/** A foldable group of log lines; the lines are printed as they are (make them inert first). */
export function group(name: string, lines: readonly string[]): void {
  write(`::group::${escapeData(name)}`)
  for (const line of lines) write(line)
  write('::endgroup::')
}

/** One ::error:: line and exit code 1. */
export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

/** The runner replaces the value with *** in every later line of the log. */
export function setSecret(secret: string): void {
  write(command('add-mask', {}, secret))
}

/** `name<<delimiter` blocks as file-command.ts writes them; the delimiter is random. */
function appendKeyValue(envName: string, name: string, value: string): boolean {
  const file = process.env[envName]
  if (!file) return false
  // The Web Crypto global: node:crypto costs ~7 ms to import at start (BENCHMARKS.md).
  const delimiter = `ghadelimiter_${globalThis.crypto.randomUUID()}`
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`Unexpected input: name or value contains the delimiter ${delimiter}`)
  }
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
  return true
}

export function setOutput(name: string, value: string): void {
  if (!appendKeyValue('GITHUB_OUTPUT', name, value))
    debug(`No GITHUB_OUTPUT file: output ${name} not set`)
}

/** State for the post step, which gets it as env STATE_<name>. */
export function saveState(name: string, value: string): void {
  if (!appendKeyValue('GITHUB_STATE', name, value))
    debug(`No GITHUB_STATE file: state ${name} not saved`)
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? ''
}

/** Appends markdown to this step's job summary; false when the runner gave no summary file. */
export function appendSummary(markdown: string): boolean {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return false
  appendFileSync(file, markdown + EOL, 'utf8')
  return true
}
