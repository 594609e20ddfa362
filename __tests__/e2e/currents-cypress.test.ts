/**
 * A run recorded by Cypress, in the shape of Currents' docs (issue 19): no `durationMs`, the
 * tests inline in the instances' `tests[]`, codeFrames with `relativeFile` and an unmappable
 * `absoluteFile`, stacks served by the Cypress runner. Through the built action.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { fileAnnotations, testPageOf, useCurrentsSim } from './currents-helpers.js'
import { runAction } from './runner.js'

const e2e = useCurrentsSim()
const workspaces: string[] = []
afterEach(() => {
  for (const w of workspaces.splice(0)) rmSync(w, { recursive: true, force: true })
})

const MESSAGE =
  "AssertionError: Timed out retrying after 4000ms: expected '<button#pay>' to be 'visible'"

describe('Currents gate on a Cypress-recorded run', () => {
  it('takes the duration from createdAt to the last completedAt, and annotates the right lines', async () => {
    // Two machines, two specs each: the last spec completes 400 ms after the run was created.
    const runId = e2e.sim.currents.addRun({
      projectId: e2e.project(),
      framework: 'cypress',
      outcome: 'FAILED',
      durationMs: 400,
      machines: 2,
      specs: [
        { spec: 'cypress/e2e/login.cy.ts', tests: 2 },
        { spec: 'cypress/e2e/search.cy.ts', tests: 2 },
        {
          spec: 'cypress/e2e/checkout.cy.ts',
          tests: 3,
          failures: 2,
          testTitles: ['Checkout › pays', 'Checkout › applies a coupon']
        },
        { spec: 'cypress/e2e/cart.cy.ts', tests: 2 }
      ]
    })
    const { main, workspace } = await runAction({
      inputs: e2e.inputs({ 'run-id': runId }),
      post: false
    })
    workspaces.push(workspace)
    const answer = e2e.sim.currents.view(runId) as Record<string, unknown>
    expect(answer).not.toHaveProperty('durationMs')
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('failed')
    expect(main.outputs['duration-ms']).toBe('400')
    const page = (n: number) => testPageOf(e2e.sim, runId, 'cypress/e2e/checkout.cy.ts', n)
    expect(fileAnnotations(main.stdout)).toEqual([
      {
        // codeFrame.relativeFile (its absoluteFile is the recording machine's disk)
        properties: { title: 'Checkout › pays', file: 'cypress/e2e/checkout.cy.ts', line: '12' },
        message: `${MESSAGE} · ${page(1)}`
      },
      {
        // no codeFrame: the Cypress runner's stack frame `__cypress/tests?p=<spec>:L:C`
        properties: {
          title: 'Checkout › applies a coupon',
          file: 'cypress/e2e/checkout.cy.ts',
          line: '21'
        },
        message: `${MESSAGE} · ${page(2)}`
      }
    ])
    // One instance read, for the one failed spec.
    expect(e2e.requests('GET', /^\/instances\//)).toHaveLength(1)
  })
})
