/**
 * A Currents gate with junit-path writes a JUnit file of the run (issue 21, item 3): a suite
 * per spec, the failed and flaky tests read by name, and the counts of the run.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { CurrentsRunOptions } from '../../sim/index.js'
import { MIXED_RUN, useCurrentsSim } from './currents-helpers.js'
import { type ActionRun, errorLines, runAction } from './runner.js'

const e2e = useCurrentsSim()
const workspaces: string[] = []
afterEach(() => {
  for (const w of workspaces.splice(0)) rmSync(w, { recursive: true, force: true })
})

async function gate(
  run: Partial<CurrentsRunOptions>,
  more: Record<string, string> = {}
): Promise<ActionRun & { runId: string }> {
  const runId = e2e.sim.currents.addRun({ projectId: e2e.project(), durationMs: 0, ...run })
  const result = await runAction({ inputs: e2e.inputs({ 'run-id': runId, ...more }), post: false })
  workspaces.push(result.workspace)
  return { ...result, runId }
}

type Node = Record<string, unknown>
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: name => ['testsuite', 'testcase'].includes(name),
  htmlEntities: true
})

describe('Currents gate: junit-path', () => {
  it('writes the run as JUnit XML, whole, and names it in the junit-path output', async () => {
    const { main, runId, workspace } = await gate(MIXED_RUN, { 'junit-path': 'out/junit.xml' })
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('failed')
    const path = main.outputs['junit-path']
    expect(path).toBe(join(workspace, 'out', 'junit.xml'))
    // Written through a temporary file that is gone once renamed.
    expect(readdirSync(dirname(path))).toEqual(['junit.xml'])
    const xml = readFileSync(path, 'utf8')
    expect(XMLValidator.validate(xml)).toBe(true)
    const root = (parser.parse(xml) as { testsuites: Node }).testsuites
    expect(root).toMatchObject({ name: `Currents run ${runId}`, tests: '10', failures: '3' })
    const suites = root.testsuite as Node[]
    expect(suites.map(s => [s.name, s.tests, s.failures])).toEqual([
      ['web-app/login.spec.ts', '3', '0'],
      ['web-app/reports.spec.ts', '5', '2'],
      ['cypress/e2e/checkout.cy.ts', '2', '1']
    ])
    expect(suites.every(s => /^\d+\.\d{3}$/.test(String(s.time)))).toBe(true)
    const cases = suites.map(s => s.testcase as Node[])
    expect(cases[0].map(c => c.name)).toEqual(['3 other tests (3 passed)'])
    expect(cases[1].map(c => [c.name, c.file, c.line])).toEqual([
      ['Reports › exports CSV', 'tests/web-app/reports.spec.ts', '12'],
      ['Reports › filters by team', 'tests/web-app/reports.spec.ts', '21'],
      ['Reports › is flaky', 'tests/web-app/reports.spec.ts', expect.any(String)],
      ['2 other tests (2 passed)', undefined, undefined]
    ])
    expect((cases[1][0].failure as Node).message).toBe(
      'Error: expect(received).toBe(expected) // Object.is equality'
    )
    expect(String((cases[1][0].failure as Node)['#text'])).toContain('Expected')
    expect(cases[1][2].failure).toBeUndefined()
    expect(cases[2].map(c => [c.name, (c.failure as Node | undefined)?.message])).toEqual([
      ['Checkout › pays', expect.any(String)],
      ['1 other test (1 passed)', undefined]
    ])
    expect(main.stdout).toContain(`Wrote the JUnit report to ${path}`)
  })

  it('writes a passed run too, with no request beyond the gate', async () => {
    const { main } = await gate(
      { outcome: 'PASSED', specs: [{ spec: 'a.spec.ts', tests: 2 }] },
      { 'junit-path': 'junit.xml' }
    )
    expect(main.code).toBe(0)
    const xml = readFileSync(main.outputs['junit-path'], 'utf8')
    const root = (parser.parse(xml) as { testsuites: Node }).testsuites
    expect(root).toMatchObject({ tests: '2', failures: '0' })
    expect(e2e.requests('GET').map(r => r.path)).toEqual([expect.stringMatching(/^\/runs\/[^/]+$/)])
  })

  it('a folder as junit-path fails before any request, with a Currents example file name', async () => {
    const { main, workspace } = await gate(
      { outcome: 'PASSED', specs: [{ spec: 'a.spec.ts', tests: 2 }] },
      { 'junit-path': 'reports/' }
    )
    expect(main.code).toBe(1)
    expect(errorLines(main.stdout)).toEqual([
      "::error::Input 'junit-path': 'reports/' ends with a slash, so it is a folder; give a file name, e.g. reports/currents.xml"
    ])
    expect(e2e.requests()).toEqual([])
    expect(readdirSync(workspace)).toEqual(['.runner-temp'])
  })
})
