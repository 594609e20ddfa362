/**
 * Every input, read once and validated into a typed, frozen object before any network I/O.
 * Inputs come through an InputReader: @actions/core's getInput in the action (entries), a
 * plain map in tests, so this core module needs neither @actions/core nor a runner.
 */
import { GateError, badInput } from '../model/errors.js'
import { CURRENTS_ENV, type Credential, DEFAULT_DIRECTOR_URL, secretsOf } from './credentials.js'
import { readGate } from './gate.js'
import { parseBoolean, parseDuration, parseEnum, parsePositiveId } from './parse.js'
import type { Host } from '../model/words.js'
import { readCurrents, readTestsigma } from './providers.js'
import { checkRules, commandsOf, keyHint } from './rules.js'
import {
  COMMANDS,
  PR_COMMENT,
  type Env,
  type GithubContext,
  type InputReader,
  PROVIDERS,
  type ProviderName,
  type Settings
} from './types.js'

export type { Credential } from './credentials.js'
export {
  RERUN_TYPES,
  type CurrentsSettings,
  type RerunType,
  type TestsigmaSettings
} from './providers.js'

export {
  COMMANDS,
  PR_COMMENT,
  PROVIDERS,
  type PrComment,
  type Command,
  type Env,
  type GithubContext,
  type InputReader,
  type ProviderName,
  type Settings
} from './types.js'

export const DEFAULT_API_URL: Record<ProviderName, string> = {
  testsigma: 'https://app.testsigma.com/api/v1',
  currents: 'https://api.currents.dev/v1'
}

const MIN_POLL_MS = 200

/**
 * `env` gives the runner's context (GITHUB_RUN_ID, ...), `input` the step's inputs, `host` the
 * words of the messages (the CLI's name flags and env vars). An error never repeats the key,
 * even one pasted into another input.
 */
export function readSettings(
  input: InputReader,
  env: Env,
  host: Host = 'github'
): Readonly<Settings> {
  const keys = secretsOf(input, env)
  try {
    return readAll(input, env, host)
  } catch (e) {
    const key = keys.find(k => e instanceof Error && e.message.includes(k))
    if (key !== undefined && e instanceof Error) {
      throw new GateError(
        'bad-input',
        keys.reduce((m, k) => m.split(k).join('***'), e.message)
      )
    }
    throw e
  }
}

function readAll(input: InputReader, env: Env, host: Host): Readonly<Settings> {
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
  // Currents' env convention (credentials.ts), for an empty input.
  const currentsEnv = (name: keyof typeof CURRENTS_ENV) =>
    provider === 'currents' ? (env[CURRENTS_ENV[name]] ?? '').trim() : ''
  const withEnv = (name: keyof typeof CURRENTS_ENV) => input(name) || currentsEnv(name)

  const apiKey = withEnv('api-key')
  const recordKey = withEnv('record-key')
  const hook = provider === 'currents' && (input('command') || 'run') === 'cancel-hook'
  if (apiKey === '' && !(hook && recordKey !== '')) {
    throw badInput(
      'api-key',
      `is required; ${keyHint(provider, host)}${hook ? ' (or record-key, the key the test jobs record with)' : ''}`
    )
  }
  if (provider !== 'currents' && input('record-key') !== '') {
    throw badInput('record-key', 'is a Currents key; remove it with provider testsigma')
  }
  // Both given: the API key is used (one credential, one path); the record key goes nowhere.
  const credential: Credential =
    apiKey !== ''
      ? { kind: 'api-key', apiKey }
      : {
          kind: 'record-key',
          recordKey,
          directorUrl: parseApiUrl(input('director-url') || DEFAULT_DIRECTOR_URL, 'director-url')
        }

  // fetch refuses such a header value before sending it, which would read as a network error.
  if (/[^\t\x20-\x7e\x80-\xff]/.test(apiKey)) {
    throw badInput(
      'api-key',
      'holds a line break, a control character or a character outside Latin-1, which an HTTP header cannot carry; copy the key again (only its own characters) into the secret'
    )
  }

  const command = parseEnum('command', input('command') || 'run', COMMANDS)
  if (!commandsOf(provider, host).includes(command)) {
    throw badInput(
      'command',
      `'${command}' is not a ${provider} command; use one of: ${commandsOf(provider, host).join(', ')}`
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
    host,
    provider,
    command,
    apiKey,
    credential,
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
    junitPath: optional('junit-path', v => v),
    testsigma: readTestsigma(input, provider === 'testsigma'),
    currents: readCurrents(name => (name === 'project-id' ? withEnv(name) : input(name)), {
      ciBuildId: currentsEnv('ci-build-id')
    }),
    gate: readGate(input, provider, command),
    github
  }
  checkRules(settings, input)
  return deepFreeze(settings)
}

function parseApiUrl(value: string, name = 'api-url'): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    // The value is not repeated: a key pasted into the wrong input must not be echoed.
    throw badInput(name, 'is not a URL; use a base URL such as https://api.example.com/v1')
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw badInput(
      name,
      `'${url.origin}' must use https:// (http:// is allowed only for localhost/127.0.0.1/[::1])`
    )
  }
  if (url.username || url.password)
    throw badInput(
      name,
      `must not contain credentials; pass the key in ${name === 'api-url' ? 'api-key' : 'record-key'}`
    )
  if (url.search || url.hash)
    throw badInput(name, `'${url.origin}${url.pathname}...' must not have a query or fragment`)
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

/**
 * Currents' recommended ciBuildId for every parallel job of one attempt (API.md), then the one
 * its reporters make themselves when none is set, with the framework in front:
 * `pw:owner/repo-16873-1` (Currents' cancel action README). Both are looked for, in this order.
 */
export function defaultCiBuildIds(github: GithubContext, attempt = github.runAttempt): string[] {
  const plain = `${github.repository}-${github.runId}-${attempt}`
  return [plain, `pw:${plain}`]
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

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o)
    for (const v of Object.values(o)) deepFreeze(v)
  }
  return o
}
