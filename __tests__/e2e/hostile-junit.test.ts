/**
 * A hostile JUnit report under the 20 MiB cap (issue 20, item 4): one whose shape no real
 * report has is refused before the synchronous parser runs, so the step stays responsive and
 * ends as for any unreadable report: a warning naming it, the run's verdict unchanged.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { OUTPUT_NAMES } from '../../src/report/outputs.js'
import { verdictLines } from './currents-helpers.js'
import { runAction, simInputs } from './runner.js'

const KEY = 'ts-SECRET-key-20'
let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY })
})
afterAll(() => sim.close())
const workspaces: string[] = []
afterEach(() => {
  for (const w of workspaces.splice(0)) rmSync(w, { recursive: true, force: true })
})

const MiB = 2 ** 20
const report = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n<testsuite name="Plan">\n${body}\n</testsuite>\n</testsuites>\n`

let nextPlan = 2000
describe('Testsigma gate: a hostile JUnit report', () => {
  it.each([
    [
      '1.5 M attributes on one element',
      report(`<testcase name="a" ${'a="1" '.repeat(1_500_000)}><failure/></testcase>`),
      'it has an element with over 1,000 attributes'
    ],
    [
      'a 19 MiB text node',
      report(`<testcase name="a"><failure>${'x'.repeat(19 * MiB)}</failure></testcase>`),
      'it has a text or attribute value over 1 MiB'
    ],
    [
      'nesting two million deep',
      report(`<testcase name="a"><failure/></testcase>${'<a>'.repeat(2_000_000)}`),
      'its elements nest over 100 deep'
    ]
  ])('%s: refused quickly, with one warning, the verdict the run’s', async (_, xml, why) => {
    expect(xml.length).toBeLessThan(20 * MiB)
    const id = nextPlan++
    sim.testsigma.addPlan(id, { durationMs: 200, outcomes: ['FAILURE'], junitReport: xml })
    const started = Date.now()
    const { main, workspace } = await runAction({
      inputs: simInputs(sim, 'testsigma', KEY, { 'test-plan-id': String(id) }),
      post: false
    })
    workspaces.push(workspace)
    // Generous for a loaded machine; bench/hostile.ts measures the real figure.
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({ status: 'failed', result: 'FAILURE', 'failed-tests': '' })
    expect(main.outputs['run-id']).toMatch(/^\d+$/)
    expect(verdictLines(main.stdout)).toHaveLength(1)
    const warnings = main.stdout.split('\n').filter(l => l.startsWith('::warning'))
    expect(warnings).toEqual([
      `::warning::Could not read the failed tests of Testsigma run ${main.outputs['run-id']}: The JUnit report of Testsigma run ${main.outputs['run-id']} is not read: ${why}, beyond any real report`
    ])
  })

  it('a report at the limits, SIGINT while it is read: the step ends by itself, every output written', async () => {
    // 33,000 failed cases of 6 elements and attributes each: just under the pre-scan's 200,000,
    // the largest report that is parsed (about 2 s in one synchronous call, bench/hostile.ts).
    const cases = Array.from(
      { length: 33_000 },
      (_, i) =>
        `<testcase name="t${i}" classname="Suite" time="0.1"><failure message="expected ${i} to be 0">at t${i}</failure></testcase>`
    ).join('\n')
    const id = nextPlan++
    sim.testsigma.addPlan(id, {
      durationMs: 200,
      outcomes: ['FAILURE'],
      junitReport: report(cases)
    })
    const { main, post, workspace } = await runAction({
      inputs: simInputs(sim, 'testsigma', KEY, { 'test-plan-id': String(id) }),
      // SIGINT once the report is downloaded (the request's debug line is written after its
      // body is read): it comes while the report is checked and parsed, one synchronous read,
      // and is heard when that ends. The runner's SIGTERM follows 7.5 s later; bench/hostile.ts
      // measures how long a report at the limits takes to read.
      cancel: { onStdout: /GET \/testsigma\/api\/v1\/reports\/junit\/\d+ -> 200 / }
    })
    workspaces.push(workspace)
    expect(main.signal).toBeNull()
    const runId = main.outputs['run-id']
    expect(runId).toMatch(/^\d+$/)
    // The run had finished: nothing to stop, the gate's verdict is the run's, every output set.
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({ status: 'failed', result: 'FAILURE', reruns: '0' })
    expect(Object.keys(main.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    const downloaded = main.stdout.search(/reports\/junit\/\d+ -> 200 /)
    expect(downloaded).toBeGreaterThan(0)
    expect(main.stdout.indexOf('Received SIGINT: cancelling')).toBeGreaterThan(downloaded)
    expect(verdictLines(main.stdout)).toHaveLength(1)
    expect(sim.requestsTo('testsigma', 'PUT', new RegExp(`/${runId}$`))).toEqual([])
    expect(post?.code).toBe(0)
  })
})
