import { describe, expect, it } from '@jest/globals'
import { GateError } from '../src/model/errors.js'
import { type Env, defaultCiBuildIds } from '../src/settings/settings.js'
import { settingsOf as readSettings } from './fixtures.js'

const KEY = 'sk-SECRET-123'

/** Every input declared in action.yml, with its default, as the runner fills them in. */
const ACTION_DEFAULTS: Record<string, string> = {
  provider: '',
  'api-key': '',
  command: 'run',
  'api-url': '',
  'run-id': '',
  wait: 'true',
  'wait-timeout': '60m',
  'cancel-on-timeout': 'true',
  'poll-interval': '5s',
  'max-poll-interval': '30s',
  'fail-on-failure': 'true',
  summary: 'true',
  annotations: 'true',
  'github-token': 'ghs_runnerToken',
  'check-name': '',
  'job-status': 'success',
  'test-plan-id': '',
  'environment-id': '',
  'execution-config-id': '',
  'execution-config-name': '',
  'upload-versions': '',
  'build-number': '',
  'runtime-data': '',
  'junit-path': '',
  'rerun-failed': '0',
  'rerun-type': 'ONLY_FAILED_TESTS',
  'test-case-result-ids': '',
  'project-id': '',
  'ci-build-id': '',
  branch: '',
  tags: '',
  'machine-ids': '',
  'batched-orchestration': 'false',
  'pw-output-dir': 'test-results',
  'record-key': '',
  'director-url': 'https://cy.currents.dev'
}

const GITHUB_ENV: Record<string, string> = {
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_REPOSITORY: 'octo-org/shop',
  GITHUB_SHA: 'c64c5c2b976aa5047507cb8badc889aac7539a3b',
  GITHUB_EVENT_PATH: '/home/runner/work/_temp/_github_workflow/event.json',
  GITHUB_API_URL: 'https://api.github.com',
  GITHUB_SERVER_URL: 'https://github.com',
  RUNNER_TEMP: '/home/runner/work/_temp'
}

/** The env of a step as the runner builds it: INPUT_<NAME> upper-cased, hyphens kept. */
function runnerEnv(inputs: Record<string, string>, extra: Record<string, string> = {}): Env {
  const env: Record<string, string> = { ...GITHUB_ENV }
  for (const [name, value] of Object.entries({ ...ACTION_DEFAULTS, ...inputs }))
    env[`INPUT_${name.toUpperCase()}`] = value
  return { ...env, ...extra }
}

const testsigma = (inputs: Record<string, string> = {}, extra: Record<string, string> = {}) =>
  runnerEnv({ provider: 'testsigma', 'api-key': KEY, 'test-plan-id': '274', ...inputs }, extra)

const currents = (inputs: Record<string, string> = {}, extra: Record<string, string> = {}) =>
  runnerEnv({ provider: 'currents', 'api-key': KEY, 'project-id': 'bAYZ4a', ...inputs }, extra)

function errorOf(env: Env): GateError {
  try {
    readSettings(env)
  } catch (e) {
    if (e instanceof GateError) return e
    throw e
  }
  throw new Error('expected readSettings to throw, but it accepted the inputs')
}

describe('readSettings: bad inputs', () => {
  const id64 = Array.from({ length: 64 }, (_, i) => `m${i}`).join(',')
  const cases: Array<[string, string, Env]> = [
    ['provider is empty', 'provider', runnerEnv({ 'api-key': KEY })],
    ['provider is unknown', 'provider', runnerEnv({ provider: 'jenkins', 'api-key': KEY })],
    ['api-key is empty', 'api-key', testsigma({ 'api-key': '' })],
    ['api-key is blank', 'api-key', currents({ 'api-key': '   ' })],
    ['command is unknown', 'command', testsigma({ command: 'launch' })],
    ['command is on two lines', 'command', testsigma({ command: 'run\nstatus', 'run-id': '1' })],
    ['rerun is not a currents command', 'command', currents({ command: 'rerun', 'run-id': 'r1' })],
    ['reset is not a testsigma command', 'command', testsigma({ command: 'reset', 'run-id': '1' })],
    ['cancel-hook is not a testsigma command', 'command', testsigma({ command: 'cancel-hook' })],
    [
      'delete is not a testsigma command',
      'command',
      testsigma({ command: 'delete', 'run-id': '1' })
    ],
    [
      'cancel-hook outside the runner (no GITHUB_RUN_ID)',
      'command',
      currents({ command: 'cancel-hook' }, { GITHUB_RUN_ID: '' })
    ],
    [
      'api-url is http:// to a remote host',
      'api-url',
      testsigma({ 'api-url': 'http://api.example.com/v1' })
    ],
    [
      'api-url is http:// to a host named like localhost',
      'api-url',
      testsigma({ 'api-url': 'http://localhost.evil.example/v1' })
    ],
    ['api-url is ftp://', 'api-url', testsigma({ 'api-url': 'ftp://127.0.0.1/v1' })],
    ['api-url is not a URL', 'api-url', testsigma({ 'api-url': 'app.testsigma.com' })],
    [
      'api-url has credentials',
      'api-url',
      testsigma({ 'api-url': `https://user:${KEY}@app.testsigma.com/api/v1` })
    ],
    [
      'api-url has a query',
      'api-url',
      currents({ 'api-url': `https://api.currents.dev/v1?key=${KEY}` })
    ],
    ['api-url has a fragment', 'api-url', currents({ 'api-url': 'https://api.currents.dev/v1#x' })],
    ['api-url holds the key itself', 'api-url', testsigma({ 'api-url': KEY })],
    [
      'testsigma run-id is not a number',
      'run-id',
      testsigma({ command: 'status', 'run-id': 'abc' })
    ],
    ['testsigma run-id is 0', 'run-id', testsigma({ command: 'status', 'run-id': '0' })],
    ['testsigma run-id is negative', 'run-id', testsigma({ command: 'cancel', 'run-id': '-5' })],
    ['currents run-id has a slash', 'run-id', currents({ command: 'status', 'run-id': 'a/../b' })],
    ['currents run-id has a space', 'run-id', currents({ command: 'status', 'run-id': 'a b' })],
    [
      'currents run-id is too long',
      'run-id',
      currents({ command: 'status', 'run-id': 'a'.repeat(129) })
    ],
    ['wait is not a boolean', 'wait', testsigma({ wait: 'maybe' })],
    ['wait is on two lines', 'wait', testsigma({ wait: 'true\nfalse' })],
    [
      'cancel-on-timeout is not a boolean',
      'cancel-on-timeout',
      testsigma({ 'cancel-on-timeout': 'nah' })
    ],
    [
      'fail-on-failure is not a boolean',
      'fail-on-failure',
      testsigma({ 'fail-on-failure': 'sure' })
    ],
    ['summary is not a boolean', 'summary', currents({ summary: 'enabled' })],
    ['annotations is not a boolean', 'annotations', currents({ annotations: '2' })],
    ['wait-timeout is not a duration', 'wait-timeout', testsigma({ 'wait-timeout': 'forever' })],
    ['wait-timeout is too small', 'wait-timeout', testsigma({ 'wait-timeout': '500ms' })],
    ['wait-timeout is 0', 'wait-timeout', testsigma({ 'wait-timeout': '0' })],
    ['poll-interval is not a duration', 'poll-interval', testsigma({ 'poll-interval': '5 sec' })],
    [
      'poll-interval is below the minimum',
      'poll-interval',
      testsigma({ 'poll-interval': '100ms' })
    ],
    ['poll-interval is a tiny bare number', 'poll-interval', currents({ 'poll-interval': '0.05' })],
    [
      'max-poll-interval is not a duration',
      'max-poll-interval',
      testsigma({ 'max-poll-interval': '-30s' })
    ],
    [
      'max-poll-interval is below poll-interval',
      'max-poll-interval',
      testsigma({ 'poll-interval': '20s', 'max-poll-interval': '10s' })
    ],
    [
      'test-plan-id is missing for a testsigma run',
      'test-plan-id',
      testsigma({ 'test-plan-id': '' })
    ],
    ['test-plan-id is not a number', 'test-plan-id', testsigma({ 'test-plan-id': 'plan-274' })],
    ['test-plan-id is two lines', 'test-plan-id', testsigma({ 'test-plan-id': '274\n275' })],
    ['environment-id is 0', 'environment-id', testsigma({ 'environment-id': '0' })],
    ['environment-id is negative', 'environment-id', testsigma({ 'environment-id': '-3' })],
    [
      'execution-config-id and -name are both set',
      'execution-config-id',
      testsigma({ 'execution-config-id': '2', 'execution-config-name': 'config 2' })
    ],
    [
      'execution-config-id is a name',
      'execution-config-id',
      testsigma({ 'execution-config-id': 'config 2' })
    ],
    ['upload-versions line without =', 'upload-versions', testsigma({ 'upload-versions': 'dev1' })],
    [
      'upload-versions gives a device twice',
      'upload-versions',
      testsigma({ 'upload-versions': 'dev1=10\ndev1=11' })
    ],
    ['runtime-data line without a key', 'runtime-data', testsigma({ 'runtime-data': '=alice' })],
    ['rerun-failed is above 10', 'rerun-failed', testsigma({ 'rerun-failed': '11' })],
    ['rerun-failed is negative', 'rerun-failed', testsigma({ 'rerun-failed': '-1' })],
    ['rerun-failed is not a number', 'rerun-failed', testsigma({ 'rerun-failed': 'twice' })],
    [
      'rerun-type is unknown',
      'rerun-type',
      testsigma({ command: 'rerun', 'run-id': '1165', 'rerun-type': 'FAILED_ONLY' })
    ],
    [
      'USER_PICKED without ids',
      'test-case-result-ids',
      testsigma({ command: 'rerun', 'run-id': '1165', 'rerun-type': 'USER_PICKED' })
    ],
    [
      'ids without USER_PICKED',
      'test-case-result-ids',
      testsigma({ command: 'rerun', 'run-id': '1165', 'test-case-result-ids': '2880,2874' })
    ],
    [
      'test-case-result-ids are not numbers',
      'test-case-result-ids',
      testsigma({
        command: 'rerun',
        'run-id': '1165',
        'rerun-type': 'USER_PICKED',
        'test-case-result-ids': '2880,abc'
      })
    ],
    [
      'test-case-result-ids has an unknown iteration type',
      'test-case-result-ids',
      testsigma({
        command: 'rerun',
        'run-id': '1165',
        'rerun-type': 'USER_PICKED',
        'test-case-result-ids': '2880:FAILED,2874:SOMETIMES'
      })
    ],
    [
      'test-case-result-ids has USER_PICKED without iterations',
      'test-case-result-ids',
      testsigma({
        command: 'rerun',
        'run-id': '1165',
        'rerun-type': 'USER_PICKED',
        'test-case-result-ids': '2915:USER_PICKED'
      })
    ],
    [
      'iteration entries without USER_PICKED',
      'test-case-result-ids',
      testsigma({
        command: 'rerun',
        'run-id': '1165',
        'rerun-type': 'ONLY_FAILED_ITERATIONS',
        'test-case-result-ids': '2880:FAILED'
      })
    ],
    [
      'test-case-result-ids with command run',
      'test-case-result-ids',
      testsigma({ 'rerun-type': 'USER_PICKED', 'test-case-result-ids': '2880' })
    ],
    ['test-plan-id with currents', 'test-plan-id', currents({ 'test-plan-id': '274' })],
    ['environment-id with currents', 'environment-id', currents({ 'environment-id': '3' })],
    [
      'execution-config-name with currents',
      'execution-config-name',
      currents({ 'execution-config-name': 'config 2' })
    ],
    ['upload-versions with currents', 'upload-versions', currents({ 'upload-versions': 'd=1' })],
    ['build-number with currents', 'build-number', currents({ 'build-number': '42' })],
    ['runtime-data with currents', 'runtime-data', currents({ 'runtime-data': 'user=a' })],
    ['rerun-failed with currents', 'rerun-failed', currents({ 'rerun-failed': '2' })],
    [
      'rerun-type and test-case-result-ids with currents: the first in the table',
      'rerun-type',
      currents({ 'rerun-type': 'USER_PICKED', 'test-case-result-ids': '1' })
    ],
    [
      'test-case-result-ids with currents',
      'test-case-result-ids',
      currents({ 'test-case-result-ids': '1' })
    ],
    ['test-plan-id with currents', 'test-plan-id', currents({ 'test-plan-id': '274' })],
    [
      'test-plan-id with a currents command',
      'test-plan-id',
      currents({ command: 'last-failed', 'ci-build-id': 'b', 'test-plan-id': '274' })
    ],
    ['pw-output-dir with testsigma', 'pw-output-dir', testsigma({ 'pw-output-dir': 'out' })],
    [
      'batched-orchestration with testsigma',
      'batched-orchestration',
      testsigma({ 'batched-orchestration': 'true' })
    ],
    ['project-id with testsigma', 'project-id', testsigma({ 'project-id': 'bAYZ4a' })],
    ['ci-build-id with testsigma', 'ci-build-id', testsigma({ 'ci-build-id': 'build-1' })],
    ['branch with testsigma', 'branch', testsigma({ branch: 'main' })],
    ['tags with testsigma', 'tags', testsigma({ tags: 'smoke' })],
    ['machine-ids with testsigma', 'machine-ids', testsigma({ 'machine-ids': 'm1' })],
    ['machine-ids with currents run', 'machine-ids', currents({ 'machine-ids': 'm1' })],
    [
      'batched-orchestration is not a boolean',
      'batched-orchestration',
      currents({ command: 'reset', 'run-id': 'r1', 'batched-orchestration': 'batched' })
    ],
    [
      'batched-orchestration with currents run',
      'batched-orchestration',
      currents({ 'batched-orchestration': 'true' })
    ],
    [
      'batched-orchestration with testsigma',
      'batched-orchestration',
      testsigma({ 'batched-orchestration': 'true' })
    ],
    ['project-id missing for a currents run', 'project-id', currents({ 'project-id': '' })],
    [
      'project-id missing for last-failed',
      'project-id',
      currents({ command: 'last-failed', 'project-id': '' })
    ],
    [
      'last-failed outside the runner without ci-build-id',
      'ci-build-id',
      currents({ command: 'last-failed' }, { GITHUB_RUN_ID: '' })
    ],
    ['last-failed is not a testsigma command', 'command', testsigma({ command: 'last-failed' })],
    ['branch with last-failed', 'branch', currents({ command: 'last-failed', branch: 'main' })],
    ['tags with last-failed', 'tags', currents({ command: 'last-failed', tags: 'smoke' })],
    ['pw-output-dir with currents run', 'pw-output-dir', currents({ 'pw-output-dir': 'out' })],
    ['pw-output-dir with testsigma', 'pw-output-dir', testsigma({ 'pw-output-dir': 'out' })],
    [
      'pw-output-dir on two lines',
      'pw-output-dir',
      currents({ command: 'last-failed', 'pw-output-dir': 'a\nb' })
    ],
    [
      'project-id missing for cancel-hook',
      'project-id',
      currents({ command: 'cancel-hook', 'project-id': '' })
    ],
    [
      'machine-ids has 64 ids',
      'machine-ids',
      currents({ command: 'reset', 'run-id': 'r1', 'machine-ids': id64 })
    ],
    ['branch has * inside', 'branch', currents({ branch: 'feat*/x' })],
    ['branch has a space', 'branch', currents({ branch: 'my branch' })],
    ['branch is on two lines', 'branch', currents({ branch: 'main\ndev' })],
    ['branch is too long', 'branch', currents({ branch: 'b'.repeat(251) })],
    [
      'check-name without github-token',
      'github-token',
      currents({ 'check-name': 'e2e', 'github-token': '' })
    ],
    ['run-id missing for testsigma status', 'run-id', testsigma({ command: 'status' })],
    ['run-id missing for testsigma cancel', 'run-id', testsigma({ command: 'cancel' })],
    ['run-id missing for testsigma rerun', 'run-id', testsigma({ command: 'rerun' })],
    ['run-id missing for currents status', 'run-id', currents({ command: 'status' })],
    ['run-id missing for currents reset', 'run-id', currents({ command: 'reset' })],
    ['run-id missing for currents delete', 'run-id', currents({ command: 'delete' })]
  ]

  it.each(cases)('%s: a bad-input error for that input', (_why, input, env) => {
    const e = errorOf(env)
    expect(e.kind).toBe('bad-input')
    expect(e.message.startsWith(`Input '${input}'`)).toBe(true)
  })

  it.each(cases)('%s: the message is one line', (_why, _input, env) => {
    expect(errorOf(env).message).not.toMatch(/[\r\n\u2028\u2029]/)
  })

  it.each(cases)('%s: the message never contains the api-key', (_why, _input, env) => {
    expect(errorOf(env).message).not.toContain(KEY)
  })

  it('names the default 30s when poll-interval is above an unset max-poll-interval', () => {
    const env: Record<string, string | undefined> = { ...testsigma({ 'poll-interval': '1m' }) }
    delete env['INPUT_MAX-POLL-INTERVAL']
    const e = errorOf(env)
    expect(e.message.startsWith("Input 'max-poll-interval'")).toBe(true)
    expect(e.message).toContain('30s')
  })
})

describe('readSettings: test-case-result-ids errors', () => {
  it('names the entry that needs rerun-type USER_PICKED', () => {
    const e = errorOf(
      testsigma({
        command: 'rerun',
        'run-id': '1165',
        'rerun-type': 'ALL_ITERATIONS',
        'test-case-result-ids': '2880:FAILED, 2874'
      })
    )
    expect(e.message).toContain("'2880:FAILED'")
    expect(e.message).toContain('rerun-type is ALL_ITERATIONS')
  })

  it('names the bad entry, not the good ones before it', () => {
    const e = errorOf(
      testsigma({
        command: 'rerun',
        'run-id': '1165',
        'rerun-type': 'USER_PICKED',
        'test-case-result-ids': '2880:FAILED\n2874:USER_PICKED:1 two'
      })
    )
    expect(e.message).toContain("'2874:USER_PICKED:1 two'")
    expect(e.message).not.toContain('2880')
  })
})

describe('readSettings: defaults', () => {
  it('uses the Testsigma public API by default', () => {
    expect(readSettings(testsigma()).apiUrl).toBe('https://app.testsigma.com/api/v1')
  })

  it('uses the Currents public API by default', () => {
    expect(readSettings(currents()).apiUrl).toBe('https://api.currents.dev/v1')
  })

  it('waits 60m, polling from 5s up to 30s', () => {
    const s = readSettings(testsigma())
    expect([s.waitTimeoutMs, s.pollIntervalMs, s.maxPollIntervalMs]).toEqual([
      3_600_000, 5000, 30_000
    ])
  })

  it('turns every boolean on', () => {
    const s = readSettings(testsigma())
    expect([s.wait, s.cancelOnTimeout, s.failOnFailure, s.summary, s.annotations]).toEqual([
      true,
      true,
      true,
      true,
      true
    ])
  })

  it('runs, without reruns, rerunning only failed tests when asked', () => {
    const s = readSettings(testsigma())
    expect(s.command).toBe('run')
    expect(s.testsigma.rerunFailed).toBe(0)
    expect(s.testsigma.rerunType).toBe('ONLY_FAILED_TESTS')
  })

  it('applies the same defaults when the inputs are not in the env at all', () => {
    const s = readSettings({
      INPUT_PROVIDER: 'testsigma',
      'INPUT_API-KEY': KEY,
      'INPUT_TEST-PLAN-ID': '274'
    })
    expect(s).toMatchObject({
      command: 'run',
      apiUrl: 'https://app.testsigma.com/api/v1',
      wait: true,
      waitTimeoutMs: 3_600_000,
      pollIntervalMs: 5000,
      maxPollIntervalMs: 30_000,
      cancelOnTimeout: true,
      failOnFailure: true,
      summary: true,
      annotations: true,
      testsigma: { rerunFailed: 0, rerunType: 'ONLY_FAILED_TESTS' }
    })
  })

  it('accepts a currents step with every action.yml default filled in', () => {
    expect(readSettings(currents()).provider).toBe('currents')
  })
})

describe('readSettings: good inputs', () => {
  it('keeps the api key, trimmed', () => {
    expect(readSettings(testsigma({ 'api-key': `  ${KEY}\n` })).apiKey).toBe(KEY)
  })

  it('reads the provider and command whatever their case', () => {
    const s = readSettings(currents({ provider: 'Currents', command: 'CANCEL-HOOK' }))
    expect([s.provider, s.command]).toEqual(['currents', 'cancel-hook'])
  })

  it.each([
    ['http://127.0.0.1:8080/api/v1', 'http://127.0.0.1:8080/api/v1'],
    ['http://localhost:3000/v1', 'http://localhost:3000/v1'],
    ['http://[::1]:9000', 'http://[::1]:9000']
  ])('allows http:// on a loopback host: %s', (url, expected) => {
    expect(readSettings(currents({ 'api-url': url })).apiUrl).toBe(expected)
  })

  it('drops a trailing slash from api-url', () => {
    expect(readSettings(testsigma({ 'api-url': 'https://ts.example.com/api/v1/' })).apiUrl).toBe(
      'https://ts.example.com/api/v1'
    )
  })

  it('reads durations', () => {
    const s = readSettings(
      testsigma({ 'wait-timeout': '1h30m', 'poll-interval': '500ms', 'max-poll-interval': '2m' })
    )
    expect([s.waitTimeoutMs, s.pollIntervalMs, s.maxPollIntervalMs]).toEqual([
      5_400_000, 500, 120_000
    ])
  })

  it('reads booleans turned off', () => {
    const s = readSettings(
      testsigma({
        wait: 'false',
        'cancel-on-timeout': 'no',
        'fail-on-failure': 'False',
        summary: '0',
        annotations: 'NO'
      })
    )
    expect([s.wait, s.cancelOnTimeout, s.failOnFailure, s.summary, s.annotations]).toEqual([
      false,
      false,
      false,
      false,
      false
    ])
  })

  it('returns a deeply frozen object', () => {
    const s = readSettings(testsigma({ 'upload-versions': 'dev1=10', tags: '' }))
    expect(Object.isFrozen(s)).toBe(true)
    expect(Object.isFrozen(s.testsigma)).toBe(true)
    expect(Object.isFrozen(s.testsigma.uploadVersions)).toBe(true)
    expect(Object.isFrozen(s.currents.tags)).toBe(true)
    expect(Object.isFrozen(s.github)).toBe(true)
    expect(() => {
      ;(s as { wait: boolean }).wait = false
    }).toThrow(TypeError)
  })

  it('reads upload-versions and runtime-data into maps', () => {
    const s = readSettings(
      testsigma({
        'upload-versions': 'emulator-5554=101\n# ios\niPhone-15=202',
        'runtime-data': 'user=alice\nurl=https://shop.test/?a=1'
      })
    )
    expect(s.testsigma.uploadVersions).toEqual({ 'emulator-5554': '101', 'iPhone-15': '202' })
    expect(s.testsigma.runtimeData).toEqual({ user: 'alice', url: 'https://shop.test/?a=1' })
  })

  it('reads execution-config-id as executionConfig {id}', () => {
    expect(
      readSettings(testsigma({ 'execution-config-id': '2' })).testsigma.executionConfig
    ).toEqual({ id: 2 })
  })

  it('reads execution-config-name as executionConfig {name}', () => {
    const s = readSettings(testsigma({ 'execution-config-name': 'config 2' }))
    expect(s.testsigma.executionConfig).toEqual({ name: 'config 2' })
  })

  it('leaves executionConfig out when neither is set', () => {
    expect(readSettings(testsigma()).testsigma.executionConfig).toBeUndefined()
  })

  it('reads junit-path for both providers, outside the provider settings', () => {
    for (const read of [currents, testsigma]) {
      const s = readSettings(read({ 'junit-path': 'reports/junit.xml' }))
      expect(s.junitPath).toBe('reports/junit.xml')
      expect(s.testsigma).not.toHaveProperty('junitPath')
    }
    expect(readSettings(currents()).junitPath).toBeUndefined()
  })

  it('reads the other testsigma inputs', () => {
    const s = readSettings(
      testsigma({
        'environment-id': '12',
        'build-number': 'v1.2.3',
        'rerun-failed': '2'
      })
    )
    expect(s.testsigma).toMatchObject({
      testPlanId: 274,
      environmentId: 12,
      buildNumber: 'v1.2.3',
      rerunFailed: 2
    })
  })

  it('reads a testsigma run-id as a positive integer', () => {
    expect(readSettings(testsigma({ command: 'status', 'run-id': '1165' })).runId).toBe('1165')
  })

  it('reads test-case-result-ids for a USER_PICKED rerun', () => {
    const s = readSettings(
      testsigma({
        command: 'rerun',
        'run-id': '467',
        'rerun-type': 'user_picked',
        'test-case-result-ids': '2880, 2874\n2875\n'
      })
    )
    expect(s.testsigma.rerunType).toBe('USER_PICKED')
    expect(s.testsigma.testCaseResults).toEqual([{ id: 2880 }, { id: 2874 }, { id: 2875 }])
  })

  it('reads test-case-result-ids entries with their iterations', () => {
    const s = readSettings(
      testsigma({
        command: 'rerun',
        'run-id': '473',
        'rerun-type': 'USER_PICKED',
        'test-case-result-ids': '2880:FAILED\n2915:USER_PICKED:2916 2917'
      })
    )
    expect(s.testsigma.testCaseResults).toEqual([
      { id: 2880, iterations: 'failed' },
      { id: 2915, iterations: [2916, 2917] }
    ])
  })

  it('reads tags as a list', () => {
    expect(readSettings(currents({ tags: 'smoke, nightly\nchrome' })).currents.tags).toEqual([
      'smoke',
      'nightly',
      'chrome'
    ])
  })

  it('reads machine-ids as a list for reset, up to 63', () => {
    const ids = Array.from({ length: 63 }, (_, i) => `m${i}`)
    const s = readSettings(
      currents({ command: 'reset', 'run-id': 'r1', 'machine-ids': ids.join('\n') })
    )
    expect(s.currents.machineIds).toEqual(ids)
  })

  it('reads last-failed with pw-output-dir, test-results by default', () => {
    const s = readSettings(currents({ command: 'last-failed' }))
    expect(s.command).toBe('last-failed')
    expect(s.currents.pwOutputDir).toBe('test-results')
    const other = readSettings(currents({ command: 'last-failed', 'pw-output-dir': 'e2e/out' }))
    expect(other.currents.pwOutputDir).toBe('e2e/out')
  })

  it('reads last-failed outside the runner when ci-build-id is given', () => {
    const s = readSettings(
      currents({ command: 'last-failed', 'ci-build-id': 'b-41' }, { GITHUB_RUN_ID: '' })
    )
    expect(s.currents.ciBuildId).toBe('b-41')
  })

  it('reads GITHUB_WORKSPACE as the workspace', () => {
    const s = readSettings(currents({}, { GITHUB_WORKSPACE: '/home/runner/work/shop/shop' }))
    expect(s.github.workspace).toBe('/home/runner/work/shop/shop')
    expect(readSettings(currents()).github.workspace).toBeUndefined()
  })

  it('reads batched-orchestration for reset, off by default', () => {
    const reset = { command: 'reset', 'run-id': 'r1' }
    expect(readSettings(currents(reset)).currents.batchedOrchestration).toBe(false)
    expect(
      readSettings(currents({ ...reset, 'batched-orchestration': 'true' })).currents
        .batchedOrchestration
    ).toBe(true)
  })

  it('reads the currents find filters', () => {
    const s = readSettings(currents({ 'ci-build-id': 'build-7', branch: 'release/*' }))
    expect(s.currents).toMatchObject({
      projectId: 'bAYZ4a',
      ciBuildId: 'build-7',
      branch: 'release/*'
    })
  })

  it('accepts a currents run-id with letters, digits, _ and -', () => {
    const id = '0a91f41ed60abfab9ea509e866ba9d6d_x-1'
    expect(readSettings(currents({ command: 'delete', 'run-id': id })).runId).toBe(id)
  })

  it('waits for an existing testsigma run without test-plan-id', () => {
    expect(readSettings(testsigma({ 'test-plan-id': '', 'run-id': '1165' })).runId).toBe('1165')
  })

  it('waits for an existing currents run without project-id', () => {
    expect(readSettings(currents({ 'project-id': '', 'run-id': 'r1' })).runId).toBe('r1')
  })

  it('cancels the currents runs of this GitHub run without run-id', () => {
    expect(readSettings(currents({ command: 'cancel' })).command).toBe('cancel')
  })

  it('reads check-name with the github token', () => {
    const s = readSettings(currents({ 'check-name': 'e2e' }))
    expect([s.checkName, s.githubToken]).toEqual(['e2e', 'ghs_runnerToken'])
  })

  it('lower-cases job-status', () => {
    expect(readSettings(testsigma({ 'job-status': 'Cancelled' })).jobStatus).toBe('cancelled')
  })

  it('reads the github context from the runner env', () => {
    expect(readSettings(currents()).github).toEqual({
      runId: '9876543210',
      runAttempt: 2,
      repository: 'octo-org/shop',
      sha: 'c64c5c2b976aa5047507cb8badc889aac7539a3b',
      eventPath: '/home/runner/work/_temp/_github_workflow/event.json',
      apiUrl: 'https://api.github.com',
      serverUrl: 'https://github.com'
    })
  })

  it('reads the run attempt as an integer, 1 when missing or not a positive integer', () => {
    const attempt = (v?: string) =>
      readSettings(currents({}, v === undefined ? {} : { GITHUB_RUN_ATTEMPT: v })).github.runAttempt
    expect(attempt('3')).toBe(3)
    expect(attempt('')).toBe(1)
    expect(attempt('0')).toBe(1)
    expect(attempt('1.5')).toBe(1)
    expect(attempt('x')).toBe(1)
  })

  it('drops a trailing slash from the GitHub API and server URLs', () => {
    const s = readSettings(
      currents(
        {},
        {
          GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
          GITHUB_SERVER_URL: 'https://ghe.example.com/'
        }
      )
    )
    expect([s.github.apiUrl, s.github.serverUrl]).toEqual([
      'https://ghe.example.com/api/v3',
      'https://ghe.example.com'
    ])
  })
})

describe('defaultCiBuildIds', () => {
  it("is <owner>/<repo>-<run id>-<run attempt>, then the reporters' own pw: name", () => {
    expect(defaultCiBuildIds(readSettings(currents()).github)).toEqual([
      'octo-org/shop-9876543210-2',
      'pw:octo-org/shop-9876543210-2'
    ])
  })

  it("is the same convention with the previous attempt's number", () => {
    const third = readSettings(currents({}, { GITHUB_RUN_ATTEMPT: '3' })).github
    expect(defaultCiBuildIds(third, 2)).toEqual([
      'octo-org/shop-9876543210-2',
      'pw:octo-org/shop-9876543210-2'
    ])
  })
})

describe('readSettings: credentials and Currents env', () => {
  const RECORD = 'rk-SECRET-456'
  const hook = (inputs: Record<string, string> = {}, extra: Record<string, string> = {}) =>
    currents({ command: 'cancel-hook', 'api-key': '', 'record-key': RECORD, ...inputs }, extra)

  it('cancel-hook with the record key alone holds the record key, bound for director-url', () => {
    expect(readSettings(hook()).credential).toEqual({
      kind: 'record-key',
      recordKey: RECORD,
      directorUrl: 'https://cy.currents.dev'
    })
  })

  it('uses the API key when both are given', () => {
    expect(readSettings(hook({ 'api-key': KEY })).credential).toEqual({
      kind: 'api-key',
      apiKey: KEY
    })
  })

  it('reads CURRENTS_RECORD_KEY, CURRENTS_PROJECT_ID and CURRENTS_CI_BUILD_ID when the inputs are empty', () => {
    const s = readSettings(
      hook(
        { 'record-key': '', 'project-id': '' },
        {
          CURRENTS_RECORD_KEY: RECORD,
          CURRENTS_PROJECT_ID: 'envProj',
          CURRENTS_CI_BUILD_ID: 'env-build'
        }
      )
    )
    expect(s.credential.kind).toBe('record-key')
    expect(s.currents).toMatchObject({
      projectId: 'envProj',
      ciBuildId: 'env-build',
      ciBuildIdFrom: 'env'
    })
  })

  it('reads CURRENTS_API_KEY for the action when api-key is empty', () => {
    const s = readSettings(currents({ 'api-key': '' }, { CURRENTS_API_KEY: KEY }))
    expect(s.credential).toEqual({ kind: 'api-key', apiKey: KEY })
  })

  it('a branch or tags filter looks elsewhere: CURRENTS_CI_BUILD_ID is not added to it', () => {
    const s = readSettings(currents({ branch: 'main' }, { CURRENTS_CI_BUILD_ID: 'env-build' }))
    expect(s.currents.ciBuildId).toBeUndefined()
  })

  it('a Testsigma step ignores the Currents env', () => {
    const s = readSettings(testsigma({}, { CURRENTS_PROJECT_ID: 'p', CURRENTS_CI_BUILD_ID: 'b' }))
    expect(s.currents.projectId).toBeUndefined()
    expect(s.currents.ciBuildId).toBeUndefined()
  })

  it.each([
    ['a gate with only the record key', 'api-key', hook({ command: 'run' })],
    ['record-key with provider testsigma', 'record-key', testsigma({ 'record-key': RECORD })],
    ['a director-url over http', 'director-url', hook({ 'director-url': 'http://cy.example.com' })]
  ])('refuses %s, naming %s, never showing the key', (_what, name, env) => {
    const e = errorOf(env)
    expect(e.kind).toBe('bad-input')
    expect(e.message).toContain(`'${name}'`)
    expect(e.message).not.toContain(RECORD)
  })
})
