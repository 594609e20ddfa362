/**
 * Hostile Currents instances (issue 20): what an instance says reaches annotations, the summary
 * and the failed-tests output only as positive safe line numbers, clean repository-relative
 * paths and text without terminal escapes; and an instance listing 200,000 failed tests costs
 * no more than the 100 that can be reported (memory figures: the bench).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { fileAnnotations, useCurrentsSim } from './currents-helpers.js'
import { runAction } from './runner.js'

const e2e = useCurrentsSim()
const workspaces: string[] = []
afterEach(() => {
  for (const w of workspaces.splice(0)) rmSync(w, { recursive: true, force: true })
})

type Entry = { name: string; file?: string; line?: number; message?: string }

const ESC = '\u001b'

/** One failed test as the service lists it, with its error details. */
function failedTest(id: string, title: string[], error: Record<string, unknown>) {
  return {
    listed: { testId: id, title, state: 'failed' },
    detail: { attempts: [{ state: 'failed', error }] }
  }
}

/** An instance answer (`GET /instances/{id}`) holding these tests. */
function instance(tests: Array<ReturnType<typeof failedTest>>) {
  return {
    status: 'OK',
    data: {
      spec: 'tests/a.spec.ts',
      results: { tests: tests.map(t => t.listed) },
      testResults: Object.fromEntries(tests.map(t => [t.listed.testId, t.detail]))
    }
  }
}

async function gateWith(answer: unknown) {
  const runId = e2e.sim.currents.addRun({
    projectId: e2e.project(),
    durationMs: 0,
    outcome: 'FAILED',
    workspace: '/__w/shop/shop',
    specs: [{ spec: 'tests/a.spec.ts', tests: 3, failures: 1 }]
  })
  e2e.sim.faults.add({ service: 'currents', path: /^\/instances\//, kind: 'json', body: answer })
  const result = await runAction({ inputs: e2e.inputs({ 'run-id': runId }), post: false })
  workspaces.push(result.workspace)
  return result.main
}

describe('hostile Currents instances', () => {
  it('lines that are not positive safe integers, and paths out of the repository, are dropped', async () => {
    const main = await gateWith(
      instance([
        failedTest('t1', ['huge line'], {
          message: 'boom',
          codeFrame: { line: 1e300, file: '/__w/shop/shop/tests/a.spec.ts' }
        }),
        failedTest('t2', ['fraction'], {
          message: 'boom',
          codeFrame: { line: 2.5, file: '/__w/shop/shop/tests/a.spec.ts' }
        }),
        failedTest('t3', ['twenty digits'], {
          message: 'boom',
          stack: 'Error: boom\n    at /__w/shop/shop/tests/a.spec.ts:99999999999999999999:7'
        }),
        failedTest('t4', ['escape'], {
          message: 'boom',
          codeFrame: { line: 3, file: '../../../etc/passwd' }
        }),
        failedTest('t5', ['escape after the workspace'], {
          message: 'boom',
          codeFrame: { line: 4, file: '/__w/shop/shop/../../../etc/passwd' }
        })
      ])
    )
    expect(main.code).toBe(1)
    const entries = JSON.parse(main.outputs['failed-tests']) as Entry[]
    expect(entries).toHaveLength(5)
    for (const e of entries) {
      if (e.line !== undefined) expect(Number.isSafeInteger(e.line) && e.line > 0).toBe(true)
      if (e.file !== undefined) expect(e.file).not.toMatch(/(^|\/)\.\.(\/|$)|^\//)
    }
    expect(entries.slice(0, 3).map(e => e.line)).toEqual([undefined, undefined, undefined])
    const annotations = fileAnnotations(main.stdout)
    expect(annotations.length).toBeGreaterThan(0)
    for (const a of annotations) {
      expect(a.properties.file ?? '').not.toMatch(/\.\.|^\/|passwd/)
      if (a.properties.line !== undefined) expect(a.properties.line).toMatch(/^[1-9]\d{0,15}$/)
    }
    expect(main.summary).not.toMatch(/etc\/passwd/)
  })

  it('terminal escapes leave every text field, titles included', async () => {
    const main = await gateWith(
      instance([
        failedTest(
          't1',
          [`${ESC}[31mSuite${ESC}[0m`, `logs in${ESC}]8;;https://x.example${ESC}\\`],
          {
            message: `${ESC}[2J${ESC}[1mexpected${ESC}[0m 1 to be 2`,
            codeFrame: { line: 12, file: '/__w/shop/shop/tests/a.spec.ts' }
          }
        )
      ])
    )
    const [entry] = JSON.parse(main.outputs['failed-tests']) as Entry[]
    expect(entry).toMatchObject({
      name: 'Suite › logs in',
      file: 'tests/a.spec.ts',
      line: 12,
      message: 'expected 1 to be 2'
    })
    expect(main.stdout).not.toContain(ESC)
    expect(main.summary).not.toContain(ESC)
  })

  it('an instance of 200,000 failed tests: 100 reported, all of them counted', async () => {
    // The list alone (about 11 MB), under the 20 MiB cap on an answer.
    const listed = Array.from({ length: 200_000 }, (_, i) => ({
      testId: `t${i}`,
      title: [`test ${i}`],
      state: 'failed'
    }))
    const main = await gateWith({ status: 'OK', data: { results: { tests: listed } } })
    expect(main.code).toBe(1)
    expect(JSON.parse(main.outputs['failed-tests'])).toHaveLength(100)
    expect(main.summary).toMatch(/200,?000/)
  })
})

describe('a hostile Currents run id', () => {
  it('with control characters is no id: a bad answer naming it, and no raw control character in the log', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({
      projectId,
      ciBuildId: 'hostile-id',
      durationMs: 0,
      outcome: 'FAILED',
      specs: [{ spec: 'tests/a.spec.ts', tests: 3, failures: 1 }]
    })
    e2e.sim.currents.setRunField(runId, 'runId', `run\u0000\u0008${ESC}[2J\nid`)
    const { main, workspace } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, 'ci-build-id': 'hostile-id' }),
      post: false
    })
    workspaces.push(workspace)
    expect(main.code).toBe(1)
    expect(main.stdout).toContain('its runId is no id')
    // eslint-disable-next-line no-control-regex
    expect(main.stdout).not.toMatch(/[\u0000\u0008\u001b]/)
    expect(main.outputs['run-id']).toBe('')
  })
})
