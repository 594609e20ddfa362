/**
 * The API key is masked at once and appears nowhere else: not in log lines (debug ones
 * included), outputs, state or the summary, on every path, even when the server echoes it back;
 * and it is sent only to api-url (a redirect elsewhere is not followed).
 *
 * runAction itself fails a step whose log, outputs, state or summary hold the key anywhere but
 * the `::add-mask::` line (runner.ts assertNoSecretLeak); these tests add what that cannot see.
 */
import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../sim/index.js'
import { type StepResult, commandLines, runAction, simInputs } from './runner.js'
import { verdicts, withSim } from './fault-matrix.js'

const KEY = 'sk-LIVE-9f8e7d6c5b4a3210'
/** @actions/core prints debug lines as commands either way; the runner shows them with these. */
const DEBUG = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }

const testsigma = (sim: Simulator, more: Record<string, string>) =>
  simInputs(sim, 'testsigma', KEY, more)
const currents = (sim: Simulator, more: Record<string, string>) =>
  simInputs(sim, 'currents', KEY, more)

/** Masked first, before any other line; debug lines were printed; the key nowhere else. */
function expectMaskedOnly(step: StepResult | undefined, masks = true): void {
  if (!step) throw new Error('the step did not run')
  const lines = step.stdout.split(/\r\n|\r|\n/).filter(Boolean)
  if (masks) expect(lines[0]).toBe(`::add-mask::${KEY}`)
  expect(lines.filter(l => l.includes(KEY))).toEqual(masks ? [`::add-mask::${KEY}`] : [])
  expect(step.stderr).not.toContain(KEY)
  // Parts of the key (e.g. after a line break or an escape) are no safer than the key.
  for (const part of KEY.split('-').filter(p => p.length >= 6)) {
    expect(lines.filter(l => l.includes(part) && !l.startsWith('::add-mask::'))).toEqual([])
  }
}

/** The key went only in the Authorization header, only to the API under test. */
function expectSentOnlyAsHeader(sim: Simulator): void {
  for (const r of sim.requests) {
    expect(JSON.stringify([r.path, r.query, r.body])).not.toContain(KEY)
    if (r.service === 'github') expect(r.headers.authorization).not.toContain(KEY)
    else expect(r.headers.authorization).toBe(`Bearer ${KEY}`)
  }
}

/** The HTTP client's line per attempt (a ::debug:: line, or in debug mode a folded group). */
const requestLines = (step: StepResult) =>
  step.stdout.split('\n').filter(l => /\b(GET|POST|PUT|PATCH|DELETE) \/\S* -> /.test(l))

describe('the API key stays secret in debug mode', () => {
  it.concurrent('pass, with a check run and a JUnit report', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.testsigma.addPlan(1, { outcomes: ['SUCCESS'] })
      const { main, post } = await runAction({
        inputs: testsigma(sim, {
          'test-plan-id': '1',
          'check-name': 'e2e',
          'junit-path': 'junit.xml'
        }),
        env: { ...DEBUG, GITHUB_API_URL: sim.githubUrl }
      })
      expect(main.code).toBe(0)
      expect(requestLines(main).length).toBeGreaterThan(2)
      expectMaskedOnly(main)
      expectMaskedOnly(post, false)
      expect(sim.requestsTo('github')).not.toHaveLength(0)
      expectSentOnlyAsHeader(sim)
    })
  )

  it.concurrent('fail, with a rerun', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.testsigma.addPlan(1, { outcomes: ['FAILURE'] })
      const { main, post } = await runAction({
        inputs: testsigma(sim, { 'test-plan-id': '1', 'rerun-failed': '1' }),
        env: DEBUG
      })
      expect(main.code).toBe(1)
      expect(main.outputs.reruns).toBe('1')
      expectMaskedOnly(main)
      expectMaskedOnly(post, false)
      expectSentOnlyAsHeader(sim)
    })
  )

  it.concurrent('a Currents failure with spec annotations', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.currents.addRun({ projectId: 'P', ciBuildId: 'B', durationMs: 300, outcome: 'FAILED' })
      const { main, post } = await runAction({
        inputs: currents(sim, { 'project-id': 'P', 'ci-build-id': 'B' }),
        env: DEBUG
      })
      expect(main.code).toBe(1)
      expectMaskedOnly(main)
      expectMaskedOnly(post, false)
      expectSentOnlyAsHeader(sim)
    })
  )

  it.concurrent.each<[string, 'testsigma' | 'currents', Record<string, string>]>([
    ['Testsigma', 'testsigma', { error: `bad key ${KEY}`, code: '401' }],
    ['Currents', 'currents', { status: 'FAILED', error: `Invalid API key: ${KEY}` }]
  ])('401 from %s with the key echoed back in the error body', (_n, service, body) =>
    withSim({ apiKey: KEY }, async sim => {
      sim.testsigma.addPlan(1)
      sim.faults.add({ service, kind: 'json', status: 401, body, times: Infinity })
      const inputs =
        service === 'testsigma'
          ? testsigma(sim, { 'test-plan-id': '1' })
          : currents(sim, { 'project-id': 'P', 'ci-build-id': 'B' })
      const { main, post } = await runAction({ inputs, env: DEBUG, jobStatus: 'cancelled' })
      expect(main.code).toBe(1)
      const errors = verdicts(main.stdout)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(/the API key was rejected \(HTTP 401\)/)
      // The server's words are shown, with the key replaced.
      expect(errors[0]).toMatch(/the server said: .*\*\*\*/)
      expectMaskedOnly(main)
      // A cancelled job: post reads the inputs (and masks the key) again, and for Currents
      // cancels by GitHub run, refused the same way.
      expectMaskedOnly(post)
    })
  )

  it.concurrent('the key echoed in transient errors (warnings) while waiting', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.testsigma.addPlan(1, { outcomes: ['SUCCESS'], durationMs: 600 })
      sim.faults.add({
        service: 'testsigma',
        method: 'GET',
        kind: 'json',
        status: 503,
        body: { error: `upstream refused Bearer ${KEY}` },
        times: 4
      })
      const { main } = await runAction({
        inputs: testsigma(sim, { 'test-plan-id': '1' }),
        env: DEBUG,
        post: false
      })
      expect(main.code).toBe(0)
      const warnings = commandLines(main.stdout).filter(l => l.startsWith('::warning'))
      expect(warnings).not.toEqual([])
      expect(warnings[0]).toMatch(/upstream refused \*\*\*/)
      expectMaskedOnly(main)
    })
  )

  it.concurrent('timeout: the run is stopped at wait-timeout', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.testsigma.addPlan(1, { durationMs: Infinity })
      const { main, post } = await runAction({
        inputs: testsigma(sim, { 'test-plan-id': '1', 'wait-timeout': '1500ms' }),
        env: DEBUG
      })
      expect(main.code).toBe(1)
      expect(main.outputs.status).toBe('timed-out')
      expectMaskedOnly(main)
      expectMaskedOnly(post, false)
      expectSentOnlyAsHeader(sim)
    })
  )

  it.concurrent('signal: cancelled mid-wait, and post after a main that was killed', () =>
    withSim({ apiKey: KEY }, async sim => {
      sim.testsigma.addPlan(1, { durationMs: Infinity })
      sim.testsigma.addPlan(2, { durationMs: Infinity })
      const polled = (plan: number) => () =>
        sim.waitForRequest(
          r =>
            r.method === 'GET' &&
            sim.testsigma.getRun(Number(r.path.split('/')[2]))?.planId === plan,
          10_000
        )
      const signalled = await runAction({
        inputs: testsigma(sim, { 'test-plan-id': '1' }),
        env: DEBUG,
        cancel: { when: polled(1) }
      })
      expect(signalled.main.outputs.status).toBe('cancelled')
      expectMaskedOnly(signalled.main)
      expectMaskedOnly(signalled.post, false)
      const killed = await runAction({
        inputs: testsigma(sim, { 'test-plan-id': '2' }),
        env: DEBUG,
        cancel: { when: polled(2), kill: true },
        jobStatus: 'cancelled'
      })
      expect(killed.main.signal).toBe('SIGKILL')
      expect(killed.post?.stdout).toMatch(/Post: .*stopping Testsigma run/)
      expectMaskedOnly(killed.post)
      expect(sim.testsigma.runsOf(2)[0].stopRequests).toHaveLength(1)
      expectSentOnlyAsHeader(sim)
    })
  )
})

describe('a redirect is not followed', () => {
  it.concurrent.each<[string, number, 'GET' | 'POST' | 'PUT', RegExp]>([
    ['302 on the trigger', 302, 'POST', /trigger test plan 1/],
    ['307 on a status read', 307, 'GET', /read Testsigma run 1001/],
    ['308 on a stop', 308, 'PUT', /stop Testsigma run 1001/]
  ])('%s: the key goes nowhere else', (_n, status, method, names) =>
    withSim({ apiKey: KEY }, async sim =>
      withSim({ apiKey: KEY }, async elsewhere => {
        sim.testsigma.addPlan(1, { durationMs: Infinity })
        sim.faults.add({
          service: 'testsigma',
          method,
          kind: 'json',
          status,
          body: { moved: true },
          headers: { location: `${elsewhere.testsigmaUrl}/execution_results` },
          times: Infinity
        })
        const { main } = await runAction({
          inputs: testsigma(sim, { 'test-plan-id': '1', 'wait-timeout': '2s' }),
          env: DEBUG,
          post: false
        })
        expect(elsewhere.requests).toEqual([])
        expect(main.code).toBe(1)
        const errors = verdicts(main.stdout)
        expect(errors).toHaveLength(1)
        expect(errors[0]).toMatch(names)
        expect(errors[0]).toMatch(
          new RegExp(`redirect \\(HTTP ${status}\\) to ${elsewhere.url}; it was not followed`)
        )
        expect(sim.requestsTo('testsigma', method)).toHaveLength(1)
        expectMaskedOnly(main)
      })
    )
  )
})
