/**
 * A Currents instance (`GET /instances/{instanceId}`: one spec's tests) in the shape of the real
 * answer (API.md "Instance", currents-dev/ide-extension `src/api/examples/get-instance.json`):
 * statuses in `results.tests[]` (`_s`, `_f`), error details in the `testResults` map keyed by
 * test id, ANSI colour codes in every message, and both stack styles: Cypress names its spec as
 * `webpack://<project>/./<spec>:L:C`, Playwright by its absolute path on the recording runner
 * (`<workspace>/<testDir>/<spec>:L:C`, with the spec relative to testDir).
 */
import type { CurrentsRunState, SpecSeed } from './run.js'
import { iso } from '../http.js'

const RED = '\u001b[31m'
const DIM = '\u001b[2m'
const RESET = '\u001b[39m\u001b[22m'

/** The line of a spec's j-th failing test: fixed, so tests can expect it. */
export function failingLine(j: number): number {
  return 12 + 9 * j
}

export const isCypressSpec = (spec: string) => /\.cy\.[cm]?[jt]sx?$/.test(spec)

/** Where the recording runner had the spec: its absolute path, or Cypress's bundle path. */
export function recordedPath(run: CurrentsRunState, spec: string): string {
  if (isCypressSpec(spec)) return `webpack://${run.workspace.project}/./${spec}`
  const dir = [run.workspace.root, run.workspace.testDir].filter(Boolean).join('/')
  return `${dir}/${spec}`
}

function testTitle(s: SpecSeed, j: number): string[] {
  const given = s.testTitles?.[j]
  if (given !== undefined) return given.split(' › ')
  const area = s.spec.replace(/^.*\//, '').replace(/\..*$/, '')
  return [area, `case ${j + 1}`]
}

interface SimError {
  name?: string
  message: string
  stack: string
  codeFrame?: Record<string, unknown>
}

/**
 * The error of a failing test's attempt in a Cypress-recorded run, as Currents' docs show it:
 * stack frames served by the Cypress runner (`https://<host>/__cypress/tests?p=<spec>:L:C`),
 * a codeFrame with `relativeFile` (from the project root) and `absoluteFile` (the recording
 * machine's disk, which the gate cannot map), no `file`; odd tests have no codeFrame.
 */
function cypressError(run: CurrentsRunState, s: SpecSeed, j: number, attempt: number): SimError {
  const line = failingLine(j)
  const message = `Timed out retrying after 4000ms: expected '<button#pay>' to be 'visible'`
  const stack = [
    `    at Context.eval (https://localhost:3000/__cypress/tests?p=${s.spec}:${line}:7)`,
    `    at runnable.fn (https://localhost:3000/__cypress/runner/cypress_runner.js:138051:20) (attempt ${attempt})`
  ].join('\n')
  const error: SimError = { name: 'AssertionError', message, stack }
  if (j % 2 === 0) {
    error.codeFrame = {
      line,
      column: 7,
      originalFile: s.spec,
      relativeFile: s.spec,
      absoluteFile: `/Users/sim/${run.workspace.project}/${s.spec}`,
      frame: `> ${line} |     cy.get('#pay').should('be.visible')`,
      language: 'ts'
    }
  }
  return error
}

/** The error of a failing test's attempt; odd tests have no codeFrame (stack only). */
function errorOf(run: CurrentsRunState, s: SpecSeed, j: number, attempt: number): SimError {
  if (run.framework === 'cypress') return cypressError(run, s, j, attempt)
  const line = failingLine(j)
  const at = `${recordedPath(run, s.spec)}:${line}:7`
  const cypress = isCypressSpec(s.spec)
  // The attempts differ only in the first stack line, so a reader can tell which one it got.
  const message = cypress
    ? `${RED}AssertionError${RESET}: Timed out retrying after 4000ms: expected ${DIM}'<button#pay>'${RESET} to be 'visible'`
    : `${RED}Error: expect(received).toBe(expected)${RESET} // Object.is equality\n\nExpected: ${RED}200${RESET}\nReceived: ${RED}500${RESET}`
  const stack = cypress
    ? [
        `AssertionError: Timed out retrying after 4000ms (attempt ${attempt})`,
        `    at cy.login (webpack://${run.workspace.project}/./cypress/support/commands.ts:8:5)`,
        `    at Context.eval (${at})`,
        `    at runnable.fn (http://localhost:3000/__cypress/runner/cypress_runner.js:138051:20)`
      ].join('\n')
    : [
        `Error: expect(received).toBe(expected) (attempt ${attempt})`,
        `    at expectStatus (${run.workspace.root}/tests/helpers/http.ts:21:3)`,
        `    at ${at}`,
        `    at async Promise.all (index 0)`
      ].join('\n')
  const error: SimError = { message, stack }
  if (j % 2 === 0) {
    const file = cypress ? s.spec : recordedPath(run, s.spec)
    error.codeFrame = { file, line, column: 7 }
  }
  return error
}

/** The instance as the service answers it (the envelope's `data`). */
export function renderInstance(run: CurrentsRunState, s: SpecSeed): Record<string, unknown> {
  const tests: Array<Record<string, unknown>> = []
  const testResults: Record<string, unknown> = {}
  const inTests = run.instanceDetails === 'tests'
  const cypress = run.framework === 'cypress'
  for (let j = 0; j < s.tests; j++) {
    const testId = `${s.instanceId.slice(0, 8)}-t${j + 1}`
    const failed = j < s.failures
    const flaky = !failed && j < s.failures + s.flaky
    const pending = !failed && !flaky && j >= s.tests - s.pending
    const state = failed ? 'failed' : pending ? 'pending' : 'passed'
    const attempts = failed
      ? [1, 2].map(n => ({ state: 'failed', error: errorOf(run, s, j, n) }))
      : flaky
        ? [
            { state: 'failed', error: errorOf(run, s, j, 1) },
            { state: 'passed', error: null }
          ]
        : [{ state, error: null }]
    const last = attempts.at(-1)?.error
    const displayError =
      !failed || !last
        ? undefined
        : cypress
          ? `${last.name}: ${last.message}\n${last.stack}`
          : isCypressSpec(s.spec)
            ? undefined
            : `${last.message}\n\n${last.stack}`
    const detail: Record<string, unknown> = {
      state,
      ...(cypress ? {} : { isFlaky: flaky }),
      attempts,
      ...(displayError !== undefined ? { displayError } : cypress ? { displayError: null } : {})
    }
    const title = testTitle(s, j)
    tests.push({
      testId,
      title,
      ...(cypress ? {} : { _s: state, _f: flaky, spec: s.spec, duration: 120 + j }),
      ...(inTests ? detail : {})
    })
    if (!inTests) testResults[testId] = { testId, title, ...detail }
  }
  return {
    instanceId: s.instanceId,
    runId: run.runId,
    spec: s.spec,
    groupId: s.groupId,
    machineId: s.machineId,
    createdAt: iso(run.recordedAt),
    results: {
      stats: {
        suites: 1,
        tests: s.tests,
        passes: s.tests - s.failures - s.pending - s.skipped,
        pending: s.pending,
        skipped: s.skipped,
        failures: s.failures,
        flaky: s.flaky
      },
      tests,
      ...(cypress
        ? {
            exception: null,
            screenshots: [],
            videoUrl: `https://fs.currents.dev/${run.projectId}/${s.instanceId}.mp4`
          }
        : {})
    },
    ...(cypress ? { cypressVersion: '13.6.0' } : {}),
    ...(inTests ? {} : { testResults })
  }
}
