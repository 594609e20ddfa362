/**
 * Hostile answers (issue 20): time and peak RSS of a whole step while a server sends what it
 * should not. GitHub's check-run API answering 2 GiB of whitespace, or a gzip stream of 4 GiB;
 * a Currents instance listing 200,000 failed tests. Target: every step under 300 MB.
 */
import type { Simulator } from '../sim/index.js'

/** Runs one step of the action with these inputs (and env), measured by bench/rusage.mjs. */
export type Step = (
  inputs: Record<string, string>,
  env?: Record<string, string>
) => Promise<{ ms: number; maxRssMb: number; code: number | null }>

export interface HostileCase {
  name: string
  ms: number
  maxRssMb: number
}

const GiB = 1024 ** 3

export async function hostileCases(sim: Simulator, step: Step): Promise<HostileCase[]> {
  const out: HostileCase[] = []
  for (const [name, gzip, bytes] of [
    ['GitHub check run answering 2 GiB of whitespace', false, 2 * GiB],
    ['GitHub check run answering a 4 GiB gzip stream', true, 4 * GiB]
  ] as const) {
    sim.testsigma.addPlan(900 + out.length, { durationMs: 0 })
    const flood = sim.faults.add({ service: 'github', kind: 'flood', bytes, gzip, times: Infinity })
    const r = await step(
      {
        provider: 'testsigma',
        'api-url': sim.testsigmaUrl,
        'test-plan-id': String(900 + out.length),
        'poll-interval': '200ms',
        'check-name': 'bench',
        'github-token': sim.githubToken
      },
      { GITHUB_API_URL: sim.githubUrl }
    )
    sim.faults.remove(flood)
    out.push({ name, ms: r.ms, maxRssMb: r.maxRssMb })
  }
  /** A Testsigma gate on a failed run whose JUnit report is `xml`. */
  const junitCase = async (name: string, plan: number, xml: string) => {
    sim.testsigma.addPlan(plan, { durationMs: 0, outcomes: ['FAILURE'], junitReport: xml })
    const r = await step({
      provider: 'testsigma',
      'api-url': sim.testsigmaUrl,
      'test-plan-id': String(plan),
      'poll-interval': '200ms'
    })
    out.push({ name, ms: r.ms, maxRssMb: r.maxRssMb })
  }
  const suites = (body: string) =>
    `<testsuites><testsuite name="P">${body}</testsuite></testsuites>`
  // A JUnit report of 1.5 M attributes on one element (17.5 MiB): refused by the pre-scan.
  await junitCase(
    'Testsigma JUnit report with 1.5 M attributes',
    950,
    suites(`<testcase name="a" ${'a="1" '.repeat(1_500_000)}><failure/></testcase>`)
  )
  // The largest report that is parsed: 33,000 failed cases, just under the pre-scan's 200,000
  // elements and attributes. Its read is one synchronous call: a signal waits this long at most.
  const cases = Array.from(
    { length: 33_000 },
    (_, i) =>
      `<testcase name="t${i}" classname="Suite" time="0.1"><failure message="expected ${i} to be 0">at t${i}</failure></testcase>`
  ).join('\n')
  await junitCase(
    `Testsigma JUnit report at the pre-scan limits (33,000 failed cases, ${(cases.length / 2 ** 20).toFixed(1)} MiB)`,
    951,
    suites(cases)
  )
  const runId = sim.currents.addRun({
    projectId: 'hostile',
    durationMs: 0,
    outcome: 'FAILED',
    specs: [{ spec: 'tests/a.spec.ts', tests: 3, failures: 1 }]
  })
  const listed = Array.from({ length: 200_000 }, (_, i) => ({
    testId: `t${i}`,
    title: [`test ${i}`],
    state: 'failed'
  }))
  const instance = sim.faults.add({
    service: 'currents',
    path: /^\/instances\//,
    kind: 'json',
    body: { status: 'OK', data: { results: { tests: listed } } },
    times: Infinity
  })
  const r = await step({ provider: 'currents', 'api-url': sim.currentsUrl, 'run-id': runId })
  sim.faults.remove(instance)
  out.push({
    name: 'Currents instance listing 200,000 failed tests',
    ms: r.ms,
    maxRssMb: r.maxRssMb
  })
  return out
}
