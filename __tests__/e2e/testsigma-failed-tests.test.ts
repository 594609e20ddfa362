/**
 * A failed Testsigma gate names its failed test cases from the run's JUnit report (SPEC.md
 * "What failed"): fetched once, read as hostile input, never changing the verdict.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync, rmSync } from 'node:fs'
import { type Simulator, startSimulator } from '../../sim/index.js'
import type { TestsigmaPlanOptions } from '../../sim/index.js'
import { fileAnnotations, verdictLines } from './currents-helpers.js'
import { type ActionRun, runAction, simInputs } from './runner.js'

const KEY = 'ts-SECRET-key-13'
let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY })
})
afterAll(() => sim.close())
const workspaces: string[] = []
afterEach(() => {
  for (const w of workspaces.splice(0)) rmSync(w, { recursive: true, force: true })
})

let nextPlan = 1300
async function gate(
  plan: TestsigmaPlanOptions,
  more: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<ActionRun & { plan: number; since: number }> {
  const id = nextPlan++
  sim.testsigma.addPlan(id, { durationMs: 200, ...plan })
  const since = sim.requests.length
  const result = await runAction({
    inputs: simInputs(sim, 'testsigma', KEY, { 'test-plan-id': String(id), ...more }),
    env,
    post: false
  })
  workspaces.push(result.workspace)
  return { ...result, plan: id, since }
}

const reportReads = (since: number) =>
  sim.requests
    .slice(since)
    .filter(r => r.service === 'testsigma' && /^\/reports\/junit\//.test(r.path))

const warnings = (stdout: string) => stdout.split('\n').filter(l => l.startsWith('::warning'))

const NAMES = [
  'Checkout with a saved card',
  'Apply a discount code',
  'Sign in',
  'Search',
  'Sign out'
]

const report = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n<testsuite name="Plan">\n${body}\n</testsuite>\n</testsuites>\n`

describe('Testsigma gate: the failed test cases of a failed run', () => {
  it('reads the report once, in memory, and names each failed test case everywhere', async () => {
    const { main, since } = await gate(
      { outcomes: ['FAILURE'], testCaseNames: NAMES, failedCount: 2 },
      { 'check-name': 'ts-failed' },
      {
        GITHUB_API_URL: sim.githubUrl,
        GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/e2e.yml@refs/heads/main'
      }
    )
    const runId = main.outputs['run-id']
    // The page the server names in its report, on the API's origin (the answers have no app_url).
    const url = `${sim.url}/ui/td/runs/${runId}`
    // The plan's and the environment's names: the same in every run (quarantine matches on it).
    const suite = `Plan ${nextPlan - 1} || Staging`
    expect(main.outputs['run-url']).toBe(url)
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('failed')
    expect(main.outputs['junit-path']).toBe('')
    expect(reportReads(since).map(r => r.path)).toEqual([`/reports/junit/${runId}`])
    const message = (step: number) =>
      `Step ${step} failed: the element "Pay now" was not visible within 30 seconds`
    expect(JSON.parse(main.outputs['failed-tests'])).toEqual([
      { name: `${suite} › ${NAMES[0]}`, message: message(3), url },
      { name: `${suite} › ${NAMES[1]}`, message: message(4), url }
    ])
    // Titled with the test case's name; the suite (plan and environment) is the same for all.
    expect(fileAnnotations(main.stdout)).toEqual([
      { properties: { title: NAMES[0] }, message: `${message(3)} · ${url}` },
      { properties: { title: NAMES[1] }, message: `${message(4)} · ${url}` }
    ])
    expect(verdictLines(main.stdout)).toHaveLength(1)
    expect(main.summary).toContain('#### Failed tests (2)')
    // A table cell cannot hold a bare '|'.
    const cell = suite.replaceAll('|', '&#124;')
    expect(main.summary).toContain(`| [${cell} › ${NAMES[1]}](${url}) | ${message(4)} |`)
    // The server's text adds nothing past its message but the page the test links to.
    expect(main.summary).not.toContain('the whole error')
    const check = sim.github.getCheck(Number(main.outputs['check-run-id']))
    expect((check?.current.output as { text: string }).text).toContain(NAMES[0])
    expect(check?.annotations).toEqual([
      expect.objectContaining({
        path: '.github/workflows/e2e.yml',
        start_line: 1,
        title: NAMES[0],
        message: message(3)
      }),
      expect.objectContaining({
        path: '.github/workflows/e2e.yml',
        title: NAMES[1]
      })
    ])
  })

  it('with junit-path, saves and reads the same fetched report', async () => {
    const { main, since } = await gate(
      { outcomes: ['FAILURE'], testCaseNames: NAMES, failedCount: 1 },
      { 'junit-path': 'out/junit.xml' }
    )
    expect(reportReads(since)).toHaveLength(1)
    expect(readFileSync(main.outputs['junit-path'], 'utf8')).toContain(NAMES[0])
    expect(JSON.parse(main.outputs['failed-tests'])).toHaveLength(1)
  })

  it('makes no extra request for a run that passed', async () => {
    const { main, since } = await gate({ outcomes: ['SUCCESS'] })
    expect(main.code).toBe(0)
    expect(reportReads(since)).toEqual([])
    expect(main.outputs['failed-tests']).toBe('[]')
  })

  it('annotates 9 of 12 failed test cases and lists all 12 in the summary', async () => {
    const { main } = await gate({ outcomes: ['FAILURE'], testCount: 15, failedCount: 12 })
    expect(fileAnnotations(main.stdout)).toHaveLength(9)
    expect(verdictLines(main.stdout)).toHaveLength(1)
    expect(main.summary).toContain('#### Failed tests (12)')
    for (let i = 1; i <= 12; i++) expect(main.summary).toContain(`› Test case ${i}]`)
    expect(main.summary).not.toContain('› Test case 13]')
  })
})

describe('Testsigma gate: hostile reports', () => {
  it('leaves an entity bomb unexpanded', async () => {
    const levels = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`
    ).join('\n')
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
<!ENTITY lol "lol">
<!ENTITY word "EXPANDED">
${levels}
]>
<testsuites><testsuite name="Bomb"><testcase name="&lol9; &word;"><failure message="&lol9; &word;">&lol9;</failure></testcase></testsuite></testsuites>
`
    const { main } = await gate({ outcomes: ['FAILURE'], junitReport: bomb })
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('failed')
    expect(JSON.parse(main.outputs['failed-tests'])).toEqual([
      expect.objectContaining({ name: 'Bomb › &lol9; &word;', message: '&lol9; &word;' })
    ])
    expect(main.stdout).not.toContain('EXPANDED')
    expect(main.stdout).not.toContain('lollol')
  })

  it('warns about a malformed report and keeps the verdict', async () => {
    const broken = report('<testcase name="a"><failure message="x"></testcase>')
    const { main } = await gate({ outcomes: ['FAILURE'], junitReport: broken })
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({ status: 'failed', result: 'FAILURE', 'failed-tests': '' })
    expect(verdictLines(main.stdout)).toHaveLength(1)
    expect(warnings(main.stdout)).toEqual([
      expect.stringMatching(
        /^::warning::Could not read the failed tests of Testsigma run \d+: The JUnit report of Testsigma run \d+ is not well-formed XML \(line \d+/
      )
    ])
    // The run itself is still annotated, as without a report.
    expect(fileAnnotations(main.stdout)).toHaveLength(1)
  })

  it('refuses a report over 20 MiB with a warning, and keeps the verdict', async () => {
    const filler = `<testcase name="ok"/>\n`.repeat(Math.ceil((21 * 2 ** 20) / 22))
    const { main } = await gate({ outcomes: ['FAILURE'], junitReport: report(filler) })
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('failed')
    expect(warnings(main.stdout)).toEqual([
      expect.stringContaining('the server answered more than 20 MiB; refusing it')
    ])
  })
})
