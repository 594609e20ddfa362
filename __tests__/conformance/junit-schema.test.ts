/**
 * The JUnit file of a Currents run (issue 21, item 3), as the built action and CLI write it,
 * checked against the JUnit schema of Jenkins' xUnit plugin (fixtures/jenkins-xunit-junit-10.xsd,
 * its header names the repository, commit and license) by libxml2's own validator (xmllint-wasm:
 * WebAssembly, in a worker thread, so the in-process simulator keeps answering).
 *
 * One documented allowance: the writer puts `file` and `line` on a `<testcase>` (GitLab shows
 * them and links the file; Jenkins' JUnit plugin reads them), which this schema dropped in 2018
 * though its 2014 version (commit 14c6e39c38408b9ed6280361484a13c6f5becca7) declared both as
 * optional strings. The test adds exactly those two optional attributes to `testcase` and
 * nothing else, and checks against the schema as published that they are the only difference.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateXML } from 'xmllint-wasm'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { makeTempDir } from '../temp-dirs.js'
import { KEY, cli, plain } from '../e2e/cli-helpers.js'
import { ROOT, runAction, simInputs } from '../e2e/runner.js'
import { MIXED_RUN } from '../e2e/currents-helpers.js'

const PUBLISHED = readFileSync(
  join(ROOT, '__tests__', 'conformance', 'fixtures', 'jenkins-xunit-junit-10.xsd'),
  'utf8'
)
/** Where the published schema declares testcase's attributes; the allowance goes before it. */
const TESTCASE_NAME = '<xs:attribute name="name" type="xs:string" use="required"/>\n'
const ALLOWANCE =
  '<xs:attribute name="file" type="xs:string" use="optional"/>\n' +
  '<xs:attribute name="line" type="xs:string" use="optional"/>\n'
const testcaseAt = PUBLISHED.indexOf('<xs:element name="testcase">')
const nameAt = PUBLISHED.indexOf(TESTCASE_NAME, testcaseAt)
const ALLOWED = PUBLISHED.slice(0, nameAt) + ALLOWANCE + PUBLISHED.slice(nameAt)

async function validate(xml: string, schema: string) {
  const result = await validateXML({
    xml: [{ fileName: 'junit.xml', contents: xml }],
    schema: [{ fileName: 'junit-10.xsd', contents: schema }]
  })
  return { valid: result.valid, errors: result.errors.map(e => e.message) }
}

/** Valid under the allowance, and under the schema as published but for file and line. */
async function expectConforms(xml: string): Promise<void> {
  expect(await validate(xml, ALLOWED)).toEqual({ valid: true, errors: [] })
  const strict = await validate(xml, PUBLISHED)
  const fileOrLine =
    /^Schemas validity error : Element 'testcase', attribute '(file|line)': The attribute '\1' is not allowed\.$/
  expect(strict.errors.filter(e => !fileOrLine.test(e.trim()))).toEqual([])
  expect(strict.valid).toBe(!/<testcase [^>]*\b(file|line)="/.test(xml))
}

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY })
})
afterAll(() => sim.close())

let projects = 0
const addRun = (run: Omit<Parameters<Simulator['currents']['addRun']>[0], 'projectId'>) =>
  sim.currents.addRun({ projectId: `schema-${++projects}`, durationMs: 0, ...run })

/** The action's file of the run (by run-id, or the inputs of a find): the junit-path output. */
async function actionFile(run: string | Record<string, string>, code: number): Promise<string> {
  const which = typeof run === 'string' ? { 'run-id': run } : run
  const { main } = await runAction({
    inputs: simInputs(sim, 'currents', KEY, { ...which, 'junit-path': 'out/junit.xml' }),
    post: false
  })
  expect(main.code).toBe(code)
  expect(main.outputs['junit-path']).toMatch(/junit\.xml$/)
  return readFileSync(main.outputs['junit-path'], 'utf8')
}

/** The CLI's file of the run, written to --junit-path. */
async function cliFile(runId: string, code: number): Promise<string> {
  const path = join(makeTempDir('trg-schema-'), 'junit.xml')
  const r = await cli([
    'run',
    '--provider=currents',
    `--api-url=${sim.currentsUrl}`,
    `--run-id=${runId}`,
    `--junit-path=${path}`
  ])
  expect(r.code).toBe(code)
  plain(r)
  return readFileSync(path, 'utf8')
}

describe('the schema and the allowance', () => {
  it('the allowance is the two attributes, once, inside testcase', () => {
    const testsuiteAt = PUBLISHED.indexOf('<xs:element name="testsuite">')
    // testcase's own name attribute: after its element, before the next one (testsuite).
    expect(testcaseAt).toBeGreaterThan(0)
    expect(nameAt).toBeGreaterThan(testcaseAt)
    expect(testsuiteAt).toBeGreaterThan(nameAt)
    // As published, testcase has neither; the allowance adds both, once, and nothing else.
    expect(PUBLISHED.slice(testcaseAt, testsuiteAt)).not.toMatch(/name="(file|line)"/)
    expect(ALLOWED.split(ALLOWANCE)).toHaveLength(2)
    expect(ALLOWED.replace(ALLOWANCE, '')).toBe(PUBLISHED)
  })

  it('refuses what the schema forbids (a suite without counts, a case without a name)', async () => {
    const bad = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites><testsuite name="s" tests="1"><testcase classname="c"/></testsuite></testsuites>'
    ].join('\n')
    const { valid, errors } = await validate(bad, ALLOWED)
    expect(valid).toBe(false)
    expect(errors.join('\n')).toMatch(/attribute 'failures' is required/)
    expect(errors.join('\n')).toMatch(/attribute 'name' is required/)
    // And an attribute it does not know, beyond the allowance.
    const unknown = await validate(
      '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="t" column="3"/></testsuite></testsuites>',
      ALLOWED
    )
    expect(unknown.valid).toBe(false)
  })
})

describe('Currents JUnit files, as written, against the JUnit schema', () => {
  it('a failed run with failed and flaky tests (the action)', async () => {
    const runId = addRun(MIXED_RUN)
    const xml = await actionFile(runId, 1)
    // What the file must hold for this case to check anything: failures, a flaky case, lines.
    expect(xml).toContain('<failure message="Error: expect(received).toBe(expected)')
    expect(xml).toContain('<system-out>Flaky: passed after failing')
    expect(xml).toMatch(/<testcase name="Reports › exports CSV" [^>]*line="12"/)
    await expectConforms(xml)
  })

  it('a passed run (the CLI)', async () => {
    const runId = addRun({ outcome: 'PASSED', specs: [{ spec: 'a.spec.ts', tests: 2 }] })
    const xml = await cliFile(runId, 0)
    expect(xml).toContain('<testcase name="2 other tests (2 passed)" classname="a.spec.ts"/>')
    await expectConforms(xml)
  })

  it('a Cypress-recorded run (the CLI)', async () => {
    const runId = addRun({
      framework: 'cypress',
      outcome: 'FAILED',
      specs: [
        { spec: 'cypress/e2e/login.cy.ts', tests: 2 },
        {
          spec: 'cypress/e2e/checkout.cy.ts',
          tests: 3,
          failures: 2,
          testTitles: ['Checkout › pays', 'Checkout › applies a coupon']
        }
      ]
    })
    const xml = await cliFile(runId, 1)
    expect(xml).toMatch(/<testcase name="Checkout › pays" [^>]*file="cypress\/e2e\/checkout.cy.ts"/)
    await expectConforms(xml)
  })

  it('a run whose failures were not all read: the summary test cases fail (the action)', async () => {
    // 12 failed specs, at most 10 instance reads: two specs' failures only in their summary case.
    const runId = addRun({ outcome: 'FAILED', specCount: 12, failedSpecs: 12 })
    const xml = await actionFile(runId, 1)
    expect(xml.match(/was not read one by one; see /g)).toHaveLength(2)
    expect(xml).toMatch(/<testcase name="\d+ other tests? \([^)]*\bskipped\)"/)
    await expectConforms(xml)
  })

  it('hostile spec paths, test titles and run id (the action)', async () => {
    // Markup, a CDATA end, a comment's --, a lone surrogate, a 4-byte character; titles also
    // carry NUL, a backspace, a newline and a tab. (A spec path with control
    // characters is no repository path: its tests are counted in the spec's summary case.)
    const path = `a<b>&"c'\uD800]]>--\u{1F600}`
    const text = `${path}\u0000\u0008\n\tend`
    const projectId = `schema-${++projects}`
    const runId = sim.currents.addRun({
      projectId,
      ciBuildId: 'hostile-build',
      durationMs: 0,
      outcome: 'FAILED',
      specs: [
        {
          spec: `tests/${path}.spec.ts`,
          groupId: text,
          tests: 3,
          failures: 1,
          flaky: 1,
          testTitles: [`fails ${text}`, `flaky ${text}`]
        }
      ]
    })
    // The run's own id too (found by ciBuildId: a run read by id must answer with that id);
    // control characters would make it no id at all (e2e/hostile-currents.test.ts).
    sim.currents.setRunField(runId, 'runId', `${path} end`)
    const xml = await actionFile({ 'project-id': projectId, 'ci-build-id': 'hostile-build' }, 1)
    const escaped = 'a&lt;b&gt;&amp;&quot;c&apos;\uFFFD]]&gt;--\u{1F600}'
    expect(xml).toContain(`<testsuites name="Currents run ${escaped} end"`)
    expect(xml).toContain(`<testsuite name="tests/${escaped}.spec.ts"`)
    expect(xml).toMatch(/<testcase name="fails a&lt;b&gt;[^"]*end" [^>]*><failure /)
    expect(xml).toMatch(/<testcase name="flaky a&lt;b&gt;[^"]*end" [^>]*><system-out>/)
    // No NUL, no backspace, no lone surrogate (with u, a pair is one code point).
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000\u0008\uD800-\uDFFF]/u)
    await expectConforms(xml)
  })
})
