/**
 * Bad workflow inputs (SPEC.md "Exit rules"): exit 1 before any HTTP request, with exactly one
 * `::error::` line that names the input, and no stack trace. Every input of action.yml appears.
 */
import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../sim/index.js'
import { actionDefaults, commandLines, runAction } from './runner.js'
import { withSim } from './fault-matrix.js'
import { OUTPUT_NAMES } from '../../src/report/outputs.js'

const KEY = 'bad-input-KEY-2024'

type Base = 'testsigma' | 'currents'
/** [the input the error must name, the valid step it starts from, what is changed] */
type Row = [string, Base, Record<string, string>]

const ids = (n: number) => Array.from({ length: n }, (_, i) => `m-${i + 1}`).join(',')

const ROWS: Row[] = [
  ['provider', 'testsigma', { provider: '' }],
  ['provider', 'testsigma', { provider: 'jenkins' }],
  ['api-key', 'testsigma', { 'api-key': '' }],
  ['api-key', 'currents', { 'api-key': '   ' }],
  ['api-key', 'currents', { 'api-key': '', 'record-key': 'rk-SECRET-1' }],
  ['record-key', 'testsigma', { 'record-key': 'rk-SECRET-1' }],
  [
    'director-url',
    'currents',
    { command: 'cancel-hook', 'api-key': '', 'record-key': 'rk-1', 'director-url': 'http://cy.x' }
  ],
  // Keys a header cannot carry: fetch would refuse them at every try, as a network error.
  ['api-key', 'testsigma', { 'api-key': 'bad-input-KEY\r\nX-Injected: 1' }],
  ['api-key', 'currents', { 'api-key': 'bad-input-KEY-€' }],
  ['command', 'testsigma', { command: 'explode' }],
  ['command', 'testsigma', { command: 'reset', 'run-id': '5' }],
  ['command', 'currents', { command: 'rerun' }],
  ['api-url', 'testsigma', { 'api-url': 'http://app.testsigma.com/api/v1' }],
  ['api-url', 'currents', { 'api-url': 'http://10.0.0.8:8080/v1' }],
  ['api-url', 'testsigma', { 'api-url': 'app.testsigma.com/api/v1' }],
  ['api-url', 'testsigma', { 'api-url': 'https://user:pw@app.testsigma.com/api/v1' }],
  ['api-url', 'testsigma', { 'api-url': 'https://app.testsigma.com/api/v1?debug=1' }],
  ['api-url', 'currents', { 'api-url': 'ftp://127.0.0.1/v1' }],
  ['run-id', 'testsigma', { command: 'status', 'run-id': 'abc' }],
  ['run-id', 'testsigma', { command: 'status', 'run-id': '0' }],
  ['run-id', 'testsigma', { command: 'status' }],
  ['run-id', 'currents', { command: 'status', 'run-id': '../runs/x' }],
  ['run-id', 'currents', { command: 'delete' }],
  ['wait', 'testsigma', { wait: 'maybe' }],
  ['wait', 'testsigma', { wait: 'true\n::error::injected' }],
  ['wait-timeout', 'testsigma', { 'wait-timeout': '10 minutes' }],
  ['wait-timeout', 'currents', { 'wait-timeout': '500ms' }],
  ['cancel-on-timeout', 'testsigma', { 'cancel-on-timeout': 'sometimes' }],
  ['poll-interval', 'testsigma', { 'poll-interval': '-5s' }],
  ['poll-interval', 'currents', { 'poll-interval': '100ms' }],
  ['max-poll-interval', 'testsigma', { 'poll-interval': '10s', 'max-poll-interval': '5s' }],
  ['max-poll-interval', 'currents', { 'max-poll-interval': 'forever' }],
  ['fail-on-failure', 'testsigma', { 'fail-on-failure': 'yes please' }],
  ['summary', 'currents', { summary: '2' }],
  ['annotations', 'testsigma', { annotations: 'nope' }],
  // check-name itself takes any name; it is bad only without a token to write the check.
  ['github-token', 'currents', { 'check-name': 'e2e', 'github-token': '' }],
  ['pr-comment', 'currents', { 'pr-comment': 'always' }],
  ['github-token', 'currents', { 'pr-comment': 'on-failure', 'github-token': '' }],
  ['test-plan-id', 'testsigma', { 'test-plan-id': '' }],
  ['test-plan-id', 'testsigma', { 'test-plan-id': '12.5' }],
  ['environment-id', 'testsigma', { 'environment-id': '-1' }],
  ['execution-config-id', 'testsigma', { 'execution-config-id': 'x' }],
  [
    'execution-config-id',
    'testsigma',
    { 'execution-config-id': '3', 'execution-config-name': 'n' }
  ],
  ['execution-config-name', 'currents', { 'execution-config-name': 'nightly' }],
  ['upload-versions', 'testsigma', { 'upload-versions': 'dev-1 up-9' }],
  ['upload-versions', 'testsigma', { 'upload-versions': 'dev-1=a\ndev-1=b' }],
  ['runtime-data', 'testsigma', { 'runtime-data': 'user=alice\n=value' }],
  ['runtime-data', 'testsigma', { 'runtime-data': 'no equals sign' }],
  ['build-number', 'currents', { 'build-number': '77' }],
  ['junit-path', 'currents', { 'junit-path': 'reports/' }],
  ['rerun-failed', 'testsigma', { 'rerun-failed': '11' }],
  ['rerun-failed', 'testsigma', { 'rerun-failed': 'two' }],
  ['rerun-failed', 'currents', { 'rerun-failed': '2' }],
  ['rerun-type', 'testsigma', { command: 'rerun', 'run-id': '5', 'rerun-type': 'SOME_TESTS' }],
  [
    'test-case-result-ids',
    'testsigma',
    { command: 'rerun', 'run-id': '5', 'rerun-type': 'USER_PICKED' }
  ],
  [
    'test-case-result-ids',
    'testsigma',
    { command: 'rerun', 'run-id': '5', 'rerun-type': 'USER_PICKED', 'test-case-result-ids': '1,x' }
  ],
  [
    'test-case-result-ids',
    'testsigma',
    { command: 'rerun', 'run-id': '5', 'test-case-result-ids': '1' }
  ],
  [
    'test-case-result-ids',
    'testsigma',
    {
      command: 'rerun',
      'run-id': '5',
      'rerun-type': 'USER_PICKED',
      'test-case-result-ids': '1:FAILED,2:SOMETIMES'
    }
  ],
  [
    'test-case-result-ids',
    'testsigma',
    {
      command: 'rerun',
      'run-id': '5',
      'rerun-type': 'USER_PICKED',
      'test-case-result-ids': '1:USER_PICKED'
    }
  ],
  ['project-id', 'currents', { 'project-id': '' }],
  ['project-id', 'currents', { command: 'cancel-hook', 'project-id': '' }],
  ['project-id', 'testsigma', { 'project-id': 'P' }],
  ['ci-build-id', 'testsigma', { 'ci-build-id': 'B' }],
  ['branch', 'currents', { branch: 'feat/*/x' }],
  ['branch', 'currents', { branch: 'my branch' }],
  ['tags', 'testsigma', { tags: 'smoke' }],
  ['machine-ids', 'currents', { command: 'reset', 'run-id': 'r1', 'machine-ids': ids(64) }],
  ['machine-ids', 'currents', { 'machine-ids': 'm-1' }],
  [
    'batched-orchestration',
    'currents',
    { command: 'reset', 'run-id': 'r1', 'batched-orchestration': 'sometimes' }
  ],
  ['batched-orchestration', 'currents', { 'batched-orchestration': 'true' }],
  ['pw-output-dir', 'currents', { 'pw-output-dir': 'e2e/test-results' }],
  ['pw-output-dir', 'testsigma', { 'pw-output-dir': 'e2e/test-results' }],
  ['project-id', 'currents', { command: 'last-failed', 'project-id': '' }],
  ['command', 'testsigma', { command: 'last-failed' }],
  ['quarantine', 'currents', { quarantine: '.github/no-such-quarantine.yml' }],
  ['quarantine', 'testsigma', { command: 'status', 'run-id': '5', quarantine: 'q.yml' }],
  ['baseline', 'testsigma', { baseline: 'main' }],
  ['baseline', 'currents', { baseline: 'feature/*' }],
  ['baseline-run-id', 'currents', { 'baseline-run-id': '../runs/x' }],
  ['fail-on', 'currents', { 'fail-on': 'new' }],
  ['fail-on', 'testsigma', { 'fail-on': 'some' }]
]

/**
 * Inputs no value of which is wrong on its own: any check name will do (it is tried above,
 * without a token), and job-status is the runner's own.
 */
const NOT_REJECTABLE = new Set(['check-name', 'job-status'])

const valid = (sim: Simulator, base: Base): Record<string, string> =>
  base === 'testsigma'
    ? { provider: 'testsigma', 'api-key': KEY, 'api-url': sim.testsigmaUrl, 'test-plan-id': '1' }
    : { provider: 'currents', 'api-key': KEY, 'api-url': sim.currentsUrl, 'project-id': 'P' }

const STACK = /^\s+at /m

const NO_OUTPUTS = Object.fromEntries(OUTPUT_NAMES.map(name => [name, '']))

describe('bad inputs', () => {
  it('every input of action.yml is tried at least once (or has no bad value)', () => {
    const tried = new Set(ROWS.map(([name]) => name))
    const missing = Object.keys(actionDefaults()).filter(
      name => !tried.has(name) && !NOT_REJECTABLE.has(name)
    )
    expect(missing).toEqual([])
    expect(ROWS.length).toBeGreaterThanOrEqual(30)
  })

  it.concurrent.each(ROWS)(
    "Input '%s' (%s step, %j): exit 1, one error line naming it, no request",
    (name, base, changed) =>
      withSim({ apiKey: KEY }, async sim => {
        const { main, post } = await runAction({
          inputs: { ...valid(sim, base), ...changed },
          env: { GITHUB_API_URL: sim.githubUrl }
        })
        expect(main.code).toBe(1)
        const errors = commandLines(main.stdout).filter(l => l.startsWith('::error'))
        expect(errors).toHaveLength(1)
        expect(errors[0].startsWith(`::error::Input '${name}'`)).toBe(true)
        for (const out of [main.stdout, main.stderr, post?.stdout, post?.stderr]) {
          expect(out).not.toMatch(STACK)
        }
        expect(post?.code).toBe(0)
        expect(sim.requests).toEqual([])
        // README "Outputs": every output on every path, empty where unknown.
        expect(main.outputs).toEqual({ ...NO_OUTPUTS, reruns: '0' })
      })
  )

  it('a key pasted into another input is not echoed back', () =>
    withSim({ apiKey: KEY }, async sim => {
      // runAction fails the step when the key shows anywhere but the ::add-mask:: line.
      const { main } = await runAction({
        inputs: { ...valid(sim, 'testsigma'), 'test-plan-id': KEY },
        post: false
      })
      expect(main.code).toBe(1)
      expect(commandLines(main.stdout).filter(l => l.startsWith('::error'))).toHaveLength(1)
      expect(sim.requests).toEqual([])
    }))
})
