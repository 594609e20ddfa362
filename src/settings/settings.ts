/**
 * Every input, read once and validated into a typed, frozen object before any network I/O.
 * Inputs come through an InputReader: @actions/core's getInput in the action (entries), a
 * plain map in tests, so this core module needs neither @actions/core nor a runner.
 */
import { GateError, badInput } from '../model/errors.js'
import { parseBoolean, parseDuration, parseEnum, parsePositiveId } from './parse.js'
import {
  type CurrentsSettings,
  DEFAULT_PW_OUTPUT_DIR,
  type TestsigmaSettings,
  readCurrents,
  readTestsigma
} from './providers.js'

export {
  RERUN_TYPES,
  type CurrentsSettings,
  type RerunType,
  type TestsigmaSettings
} from './providers.js'

export const PROVIDERS = ['testsigma', 'currents'] as const
export type ProviderName = (typeof PROVIDERS)[number]

export const COMMANDS = [
  'run',
  'status',
  'cancel',
  'cancel-hook',
  'rerun',
  'reset',
  'delete',
  'last-failed'
] as const
export type Command = (typeof COMMANDS)[number]

const COMMANDS_OF: Record<ProviderName, readonly Command[]> = {
  testsigma: ['run', 'status', 'cancel', 'rerun'],
  currents: ['run', 'status', 'cancel', 'cancel-hook', 'reset', 'delete', 'last-failed']
}

export const DEFAULT_API_URL: Record<ProviderName, string> = {
  testsigma: 'https://app.testsigma.com/api/v1',
  currents: 'https://api.currents.dev/v1'
}

/** What the runner tells every step about the workflow run (SPEC.md). */
export interface GithubContext {
  runId: string
  runAttempt: number
  repository: string
  sha: string
  eventPath?: string
  apiUrl: string
  serverUrl: string
  /** GITHUB_WORKSPACE: where relative paths of inputs point (the step's folder when unset). */
  workspace?: string
  /** The running workflow's file in the repository (.github/workflows/ci.yml), when known. */
  workflowPath?: string
}

export interface Settings {
  provider: ProviderName
  command: Command
  apiKey: string
  apiUrl: string
  runId?: string
  wait: boolean
  waitTimeoutMs: number
  cancelOnTimeout: boolean
  pollIntervalMs: number
  maxPollIntervalMs: number
  failOnFailure: boolean
  summary: boolean
  annotations: boolean
  githubToken: string
  checkName?: string
  /** The sticky pull request comment: never, always, or once the gate fails (then kept up to date). */
  prComment: PrComment
  jobStatus: string
  testsigma: TestsigmaSettings
  currents: CurrentsSettings
  github: GithubContext
}

export const PR_COMMENT = ['false', 'true', 'on-failure'] as const
export type PrComment = (typeof PR_COMMENT)[number]

export type Env = Readonly<Record<string, string | undefined>>

/** An input's value by its action.yml name, trimmed; '' when unset. */
export type InputReader = (name: string) => string

const MIN_POLL_MS = 200

/**
 * `env` gives the runner's context (GITHUB_RUN_ID, ...), `input` the step's inputs. An error
 * never repeats the key, even one pasted into another input.
 */
export function readSettings(input: InputReader, env: Env): Readonly<Settings> {
  const key = input('api-key')
  try {
    return readAll(input, env)
  } catch (e) {
    if (key && e instanceof Error && e.message.includes(key)) {
      throw new GateError('bad-input', e.message.split(key).join('***'))
    }
    throw e
  }
}

function readAll(input: InputReader, env: Env): Readonly<Settings> {
  const optional = <T>(name: string, parse: (v: string) => T): T | undefined => {
    const v = input(name)
    return v === '' ? undefined : parse(v)
  }
  const bool = (name: string, fallback: boolean) =>
    optional(name, v => parseBoolean(name, v)) ?? fallback
  const duration = (name: string, fallback: string) => parseDuration(name, input(name) || fallback)

  const providerRaw = input('provider')
  if (providerRaw === '')
    throw badInput('provider', `is required; set it to ${PROVIDERS.join(' or ')}`)
  const provider = parseEnum('provider', providerRaw, PROVIDERS)

  const apiKey = input('api-key')
  if (apiKey === '') {
    throw badInput(
      'api-key',
      `is required; pass the ${provider} API key from a secret, e.g. \${{ secrets.${provider.toUpperCase()}_API_KEY }}`
    )
  }

  const command = parseEnum('command', input('command') || 'run', COMMANDS)
  if (!COMMANDS_OF[provider].includes(command)) {
    throw badInput(
      'command',
      `'${command}' is not a ${provider} command; use one of: ${COMMANDS_OF[provider].join(', ')}`
    )
  }

  const apiUrl = parseApiUrl(input('api-url') || DEFAULT_API_URL[provider])
  const runId = optional('run-id', v => parseRunId(provider, v))

  const pollIntervalMs = duration('poll-interval', '5s')
  const maxPollIntervalMs = duration('max-poll-interval', '30s')
  const waitTimeoutMs = duration('wait-timeout', '60m')
  if (pollIntervalMs < MIN_POLL_MS)
    throw badInput('poll-interval', `must be at least ${MIN_POLL_MS}ms`)
  if (maxPollIntervalMs < pollIntervalMs) {
    throw badInput(
      'max-poll-interval',
      `(${input('max-poll-interval') || '30s'}) is shorter than poll-interval (${input('poll-interval') || '5s'}); make it at least as long`
    )
  }
  if (waitTimeoutMs < 1000) throw badInput('wait-timeout', 'must be at least 1s')

  const checkName = optional('check-name', v => v)
  const githubToken = input('github-token')
  if (checkName !== undefined && githubToken === '') {
    throw badInput(
      'github-token',
      'is empty but check-name is set; pass ${{ github.token }} (with permissions: checks: write)'
    )
  }

  const prComment = parseEnum(
    'pr-comment',
    input('pr-comment').toLowerCase() || 'false',
    PR_COMMENT
  )
  if (prComment !== 'false' && githubToken === '') {
    throw badInput(
      'github-token',
      'is empty but pr-comment is set; pass ${{ github.token }} (with permissions: pull-requests: write)'
    )
  }

  const github = readGithubContext(env)
  const settings: Settings = {
    provider,
    command,
    apiKey,
    apiUrl,
    runId,
    wait: bool('wait', true),
    waitTimeoutMs,
    cancelOnTimeout: bool('cancel-on-timeout', true),
    pollIntervalMs,
    maxPollIntervalMs,
    failOnFailure: bool('fail-on-failure', true),
    summary: bool('summary', true),
    annotations: bool('annotations', true),
    githubToken,
    checkName,
    prComment,
    jobStatus: input('job-status').toLowerCase(),
    testsigma: readTestsigma(input, provider === 'testsigma'),
    currents: readCurrents(input),
    github
  }
  checkRequired(settings, input)
  return deepFreeze(settings)
}

function parseApiUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    // The value is not repeated: a key pasted into the wrong input must not be echoed.
    throw badInput('api-url', 'is not a URL; use a base URL such as https://api.example.com/v1')
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw badInput(
      'api-url',
      `'${url.origin}' must use https:// (http:// is allowed only for localhost/127.0.0.1/[::1])`
    )
  }
  if (url.username || url.password)
    throw badInput('api-url', 'must not contain credentials; pass the key in api-key')
  if (url.search || url.hash)
    throw badInput('api-url', `'${url.origin}${url.pathname}...' must not have a query or fragment`)
  return url.href.replace(/\/+$/, '')
}

function parseRunId(provider: ProviderName, value: string): string {
  if (provider === 'testsigma') {
    // Kept as the digits given: an id past 2^53 would become another run as a number.
    const digits = value.replace(/^\+/, '').replace(/^0+(?=\d)/, '')
    if (/^[1-9]\d{0,29}$/.test(digits)) return digits
    return String(parsePositiveId('run-id', value))
  }
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(value)) {
    throw badInput(
      'run-id',
      `'${value.slice(0, 140)}' is not a Currents run id; use the id from the run's URL (letters, digits, _ and -)`
    )
  }
  return value
}

/** Currents' recommended ciBuildId for every parallel job of one attempt (API.md). */
export function defaultCiBuildId(github: GithubContext): string {
  return `${github.repository}-${github.runId}-${github.runAttempt}`
}

/** The same convention for the attempt before this one ("Re-run failed jobs" reads it). */
export function previousCiBuildId(github: GithubContext): string {
  return `${github.repository}-${github.runId}-${github.runAttempt - 1}`
}

function readGithubContext(env: Env): GithubContext {
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1')
  return {
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1,
    repository: env.GITHUB_REPOSITORY ?? '',
    sha: env.GITHUB_SHA ?? '',
    eventPath: env.GITHUB_EVENT_PATH || undefined,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE || undefined,
    workflowPath: workflowPath(env.GITHUB_WORKFLOW_REF, env.GITHUB_REPOSITORY)
  }
}

/** GITHUB_WORKFLOW_REF is `owner/repo/.github/workflows/ci.yml@refs/heads/main`. */
function workflowPath(ref: string | undefined, repository: string | undefined): string | undefined {
  if (!ref || !repository || !ref.startsWith(`${repository}/`)) return undefined
  return ref.slice(repository.length + 1).replace(/@.*$/, '') || undefined
}

/** Inputs that only make sense with some provider/command pairs. */
function checkRequired(s: Settings, input: (n: string) => string): void {
  const only = (name: string, where: string, ok: boolean) => {
    if (!ok && input(name) !== '') throw badInput(name, `is not used ${where}; remove it`)
  }
  const ts = s.provider === 'testsigma'
  const cmd = s.command
  const needsRunId: Command[] = ts ? ['status', 'cancel', 'rerun'] : ['status', 'reset', 'delete']
  if (needsRunId.includes(cmd) && s.runId === undefined) {
    throw badInput(
      'run-id',
      `is required for command '${cmd}'; pass the ${ts ? 'test plan result (run) id' : 'Currents run id'}`
    )
  }
  if (ts && cmd === 'run' && s.runId === undefined && s.testsigma.testPlanId === undefined) {
    throw badInput(
      'test-plan-id',
      'is required to start a Testsigma run; pass the Test Plan id (or run-id to wait for an existing run)'
    )
  }
  if (!ts && cmd === 'run' && s.runId === undefined && s.currents.projectId === undefined) {
    throw badInput(
      'project-id',
      'is required to find a Currents run; pass the project id (or run-id)'
    )
  }
  const filtered = s.currents.branch !== undefined || s.currents.tags.length > 0
  if (
    !ts &&
    cmd === 'run' &&
    s.runId === undefined &&
    s.currents.ciBuildId === undefined &&
    !filtered &&
    s.github.repository === ''
  ) {
    throw badInput(
      'ci-build-id',
      'is required outside GitHub Actions (its default is made from the GitHub run); pass the ciBuildId the run was recorded with, or branch or tags'
    )
  }
  if (!ts && cmd === 'last-failed' && s.currents.projectId === undefined) {
    throw badInput('project-id', 'is required for last-failed; pass the Currents project id')
  }
  if (!ts && cmd === 'last-failed' && s.currents.ciBuildId === undefined && s.github.runId === '') {
    throw badInput(
      'ci-build-id',
      "is required for last-failed outside the Actions runner (no GITHUB_RUN_ID to derive the previous attempt's)"
    )
  }
  if (!ts && cmd === 'cancel-hook' && s.currents.projectId === undefined) {
    throw badInput('project-id', 'is required for cancel-hook; pass the Currents project id')
  }
  if (
    !ts &&
    (cmd === 'cancel-hook' || (cmd === 'cancel' && s.runId === undefined)) &&
    s.github.runId === ''
  ) {
    throw badInput(
      'command',
      `'${cmd}' cancels by GitHub run and needs GITHUB_RUN_ID, which only the Actions runner sets`
    )
  }
  const tsOnly = 'with provider currents'
  for (const name of [
    'test-plan-id',
    'environment-id',
    'execution-config-id',
    'execution-config-name',
    'upload-versions',
    'build-number',
    'runtime-data',
    'junit-path'
  ]) {
    only(name, tsOnly, ts)
  }
  only('rerun-failed', tsOnly, ts || s.testsigma.rerunFailed === 0)
  only('test-case-result-ids', `${tsOnly} or commands other than rerun`, ts && cmd === 'rerun')
  const csOnly = 'with provider testsigma'
  for (const name of ['project-id', 'ci-build-id', 'branch', 'tags']) only(name, csOnly, !ts)
  only('machine-ids', `except with provider currents and command reset`, !ts && cmd === 'reset')
  for (const name of ['branch', 'tags'])
    only(
      name,
      'with command last-failed, which finds the run by ci-build-id',
      cmd !== 'last-failed'
    )
  only(
    'pw-output-dir',
    'except with provider currents and command last-failed',
    (!ts && cmd === 'last-failed') || s.currents.pwOutputDir === DEFAULT_PW_OUTPUT_DIR
  )
  only(
    'batched-orchestration',
    'except with provider currents and command reset',
    (!ts && cmd === 'reset') || !s.currents.batchedOrchestration
  )
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o)
    for (const v of Object.values(o)) deepFreeze(v)
  }
  return o
}
