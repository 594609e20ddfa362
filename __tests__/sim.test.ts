/* eslint-disable @typescript-eslint/no-explicit-any */
// The simulator's Testsigma side (see /work/shared/API.md).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator } from '../sim/index.js'
import type { Simulator } from '../sim/index.js'
import { call } from './fixtures.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.close())

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

const ts = (method: string, path: string, body?: unknown) =>
  call(method, sim.testsigmaUrl + path, body)
const trigger = (body: Record<string, unknown>) => ts('POST', '/execution_results', body)
const get = (id: number) => ts('GET', `/execution_results/${id}`)

async function untilCompleted(id: number, timeoutMs = 3000): Promise<any> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const r = await get(id)
    if (r.json.status === 'STATUS_COMPLETED') return r.json
    if (Date.now() > end) throw new Error(`run ${id} did not complete`)
    await sleep(25)
  }
}

describe('Testsigma', () => {
  it('answers 401 with a bare sentence under a JSON content type', async () => {
    sim.testsigma.addPlan(1)
    const none = await call('GET', `${sim.testsigmaUrl}/execution_results/1`, undefined, {})
    expect(none.status).toBe(401)
    expect(none.type).toMatch(/^application\/json/)
    expect(none.text).toBe('Unauthorized')
    expect(() => JSON.parse(none.text)).toThrow()
    const wrong = await call('GET', `${sim.testsigmaUrl}/execution_results/1`, undefined, {
      authorization: 'Bearer nope'
    })
    expect(wrong.status).toBe(401)
  })

  it('triggers a run and keeps the full trigger body', async () => {
    sim.testsigma.addPlan(10)
    const body = {
      executionId: 10,
      environmentId: 3,
      buildNo: 'b-42',
      runtimeData: { user: 'x' },
      executionConfig: { name: 'cfg' },
      uploadVersions: { dev1: 'v9' }
    }
    const r = await trigger(body)
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({
      executionId: 10,
      status: 'STATUS_CREATED',
      result: 'QUEUED',
      buildNo: 'b-42',
      environmentId: 3,
      childResult: null,
      reRunParentId: null
    })
    expect(typeof r.json.id).toBe('number')
    // Like every answer in Testsigma's docs: the run page is named only in the JUnit report.
    expect(r.json).not.toHaveProperty('app_url')
    expect(sim.testsigma.getRun(r.json.id)?.trigger).toEqual(body)
  })

  it('answers 404 {error, code} for an unknown plan', async () => {
    const r = await trigger({ executionId: 999999 })
    expect(r.status).toBe(404)
    expect(r.json).toMatchObject({ error: expect.any(String), code: expect.any(String) })
  })

  it('answers 500 "already running" while the plan has a run in progress', async () => {
    sim.testsigma.addPlan(11, { durationMs: Infinity })
    const first = await trigger({ executionId: 11 })
    const second = await trigger({ executionId: 11 })
    expect(second.status).toBe(500)
    expect(second.json.error).toMatch(/already running/)
    sim.testsigma.complete(first.json.id, 'SUCCESS')
    expect((await trigger({ executionId: 11 })).status).toBe(200)
  })

  it('moves through the statuses and ends with consistent counts', async () => {
    sim.testsigma.addPlan(12, { outcomes: ['FAILURE'], durationMs: 500, testCount: 6 })
    const { json: run } = await trigger({ executionId: 12 })
    const seen: string[] = []
    for (;;) {
      const r = (await get(run.id)).json
      if (seen.at(-1) !== r.status) seen.push(r.status)
      if (r.status !== 'STATUS_COMPLETED') {
        expect(r.result).toBe('QUEUED')
        expect(r.endTime).toBeNull()
        const sum = r.passedCount + r.failedCount + r.queuedCount + r.runningCount
        expect(sum).toBe(r.totalCount)
      } else {
        expect(r).toMatchObject({ result: 'FAILURE', totalCount: 6, failedCount: 2 })
        expect(r.passedCount).toBe(4)
        expect(r.duration).toBe(r.endTime - r.startTime)
        break
      }
      await sleep(15)
    }
    const order = [
      'STATUS_CREATED',
      'STATUS_QUEUED',
      'STATUS_PRE_FLIGHT',
      'STATUS_IN_PROGRESS',
      'STATUS_COMPLETED'
    ]
    expect(seen.map(s => order.indexOf(s))).toEqual([...seen.map(s => order.indexOf(s))].sort())
    expect(seen).toContain('STATUS_IN_PROGRESS')
  })

  it('reruns a finished run once: a new run with reRunParentId, a second rerun is 500', async () => {
    sim.testsigma.addPlan(13, { outcomes: ['FAILURE', 'SUCCESS'], durationMs: 50 })
    const { json: parent } = await trigger({ executionId: 13 })
    const early = await trigger({
      executionId: 13,
      executionResultId: parent.id,
      isReRun: true,
      reRunType: 'ONLY_FAILED_TESTS'
    })
    expect(early.status).toBe(500)
    await untilCompleted(parent.id)
    const body = {
      executionId: 13,
      executionResultId: parent.id,
      isReRun: true,
      reRunType: 'ONLY_FAILED_TESTS'
    }
    const rerun = await trigger(body)
    expect(rerun.status).toBe(200)
    expect(rerun.json.id).not.toBe(parent.id)
    expect(rerun.json).toMatchObject({ reRunParentId: parent.id, status: 'STATUS_CREATED' })
    const done = await untilCompleted(rerun.json.id)
    expect(done).toMatchObject({ result: 'SUCCESS', totalCount: 2 })
    expect((await trigger(body)).status).toBe(500)
  })

  it('validates reRunType (400) and needs ids for USER_PICKED', async () => {
    sim.testsigma.addPlan(14, { durationMs: 20 })
    const { json: parent } = await trigger({ executionId: 14 })
    await untilCompleted(parent.id)
    const base = { executionId: 14, executionResultId: parent.id, isReRun: true }
    expect((await trigger({ ...base, reRunType: 'SOME_TESTS' })).status).toBe(400)
    expect((await trigger({ ...base, reRunType: 'USER_PICKED' })).status).toBe(400)
    const ids = sim.testsigma.getRun(parent.id)!.testCases.slice(0, 3)
    const picked = await trigger({
      ...base,
      reRunType: 'USER_PICKED',
      testCaseResultRequests: ids.map(tc => ({ id: tc.id }))
    })
    expect(picked.status).toBe(200)
    expect(sim.testsigma.getRun(picked.json.id)!.testCases.map(tc => tc.name)).toEqual(
      ids.map(tc => tc.name)
    )
  })

  it('takes iteration reruns of data-driven cases, and refuses malformed ones (400)', async () => {
    sim.testsigma.addPlan(40, { durationMs: 20 })
    const { json: parent } = await trigger({ executionId: 40 })
    await untilCompleted(parent.id)
    const [a, b] = sim.testsigma.getRun(parent.id)!.testCases
    const base = {
      executionId: 40,
      executionResultId: parent.id,
      isReRun: true,
      reRunType: 'USER_PICKED'
    }
    const bad = [
      { id: a.id, iterationReRunType: 'SOME' },
      { id: a.id, iterationReRunType: 'USER_PICKED' },
      { id: a.id, iterationReRunType: 'USER_PICKED', iterationResultIds: ['x'] },
      { id: a.id, iterationReRunType: 'FAILED', iterationResultIds: [1] },
      { id: a.id, iterationResultIds: [1] }
    ]
    for (const request of bad) {
      expect((await trigger({ ...base, testCaseResultRequests: [request] })).status).toBe(400)
    }
    const requests = [
      { id: a.id, iterationReRunType: 'FAILED' },
      { id: b.id, iterationReRunType: 'USER_PICKED', iterationResultIds: [7001, 7002] }
    ]
    const ok = await trigger({ ...base, testCaseResultRequests: requests })
    expect(ok.status).toBe(200)
    expect(sim.testsigma.getRun(ok.json.id)!.trigger.testCaseResultRequests).toEqual(requests)
  })

  it('follows an automatic rerun: childResult and consolidated fields', async () => {
    sim.testsigma.addPlan(15, {
      outcomes: ['FAILURE', 'SUCCESS'],
      // Long enough that the child is still running when a loaded machine reads the parent.
      durationMs: 1000,
      autoRerun: true
    })
    const { json: parent } = await trigger({ executionId: 15, buildNo: '7' })
    const first = await untilCompleted(parent.id)
    expect(first.result).toBe('FAILURE')
    expect(first.childResult).toMatchObject({ reRunParentId: parent.id, buildNo: '7' })
    expect(first.consolidatedStatus).not.toBe('STATUS_COMPLETED')
    await untilCompleted(first.childResult.id)
    const after = (await get(parent.id)).json
    expect(after).toMatchObject({
      result: 'FAILURE',
      consolidatedStatus: 'STATUS_COMPLETED',
      consolidatedResult: 'SUCCESS'
    })
    expect(after.consolidatedDuration).toBeGreaterThanOrEqual(2000)
  })

  it('stops a running run (URL id or body id), 500 once finished, 404 when unknown', async () => {
    sim.testsigma.addPlan(16, { durationMs: Infinity })
    const { json: run } = await trigger({ executionId: 16 })
    const stop = { id: run.id, result: 'STOPPED', canStopAll: true }
    const r = await ts('PUT', `/execution_results/${run.id}`, stop)
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({
      status: 'STATUS_COMPLETED',
      result: 'STOPPED',
      message: 'User stopped the Test Plan'
    })
    const again = await ts('PUT', `/execution_results/${run.id}`, stop)
    expect(again.status).toBe(500)
    expect(again.json.error).toEqual(expect.any(String))
    const { json: run2 } = await trigger({ executionId: 16 })
    const byBody = await ts('PUT', '/execution_results', { ...stop, id: run2.id })
    expect(byBody.json.result).toBe('STOPPED')
    expect(sim.testsigma.getRun(run2.id)!.stopRequests).toHaveLength(1)
    expect((await ts('PUT', '/execution_results/424242', stop)).status).toBe(404)
  })

  it('writes JUnit in the server layout, with the same names in every run', async () => {
    sim.testsigma.addPlan(18, {
      outcomes: ['STOPPED', 'FAILURE'],
      durationMs: 0,
      testCaseNames: ['Login', 'Search', 'Checkout', 'Logout'],
      failedCount: 1,
      planName: 'Nightly'
    })
    const reports: string[] = []
    for (let k = 0; k < 2; k++) {
      const { json: run } = await trigger({ executionId: 18 })
      await untilCompleted(run.id)
      const xml = (await ts('GET', `/reports/junit/${run.id}`)).text
      const page = `${sim.url}/ui/td/runs/${run.id}`
      expect(xml).toContain('<testsuite name="Nightly || Staging" tests="4" ')
      expect(xml).toContain(`<property name="Testsigma reports URL" value="${page}"/>`)
      expect(xml).toContain('<testcase classname="Regression" name="Login" time="')
      expect(xml).not.toMatch(/<failure [^>]*message=/)
      expect(xml).toContain(
        `<failure>Test failed with message:&quot;${k === 0 ? 'User stopped the Test Plan' : 'Step 3 failed: the element &quot;Pay now&quot; was not visible within 30 seconds'}&quot;.please visit below URL for more details.\n ${page}</failure>`
      )
      reports.push(xml)
    }
    const names = (xml: string) => [...xml.matchAll(/ (?:class)?name="([^"]*)"/g)].map(m => m[1])
    expect(names(reports[0])).toEqual(names(reports[1]))
    expect(names(reports[0]).join()).not.toMatch(/\d/)
    // A stopped run fails its cut-off cases too (2 of 4), as the server does.
    expect(reports[0].match(/<failure>/g)).toHaveLength(2)
  })

  it('answers a plain sentence for JUnit before completion, escaped XML after', async () => {
    sim.testsigma.addPlan(17, {
      durationMs: Infinity,
      testCaseNames: ['login <works> & "quotes"', 'x\u0001y', 'plain'],
      failedCount: 1
    })
    const { json: run } = await trigger({ executionId: 17 })
    const early = await call('GET', `${sim.testsigmaUrl}/reports/junit/${run.id}`, undefined, {
      authorization: 'Bearer sim-key',
      accept: 'application/xml'
    })
    expect(early.status).toBe(200)
    expect(early.type).toMatch(/^text\/plain/)
    expect(early.text).toMatch(/^Report is not yet generated/)
    sim.testsigma.complete(run.id, 'FAILURE')
    sim.testsigma.setRunField(run.id, 'message', ']]></failure><evil/>')
    const xml = await ts('GET', `/reports/junit/${run.id}`)
    expect(xml.type).toMatch(/^application\/xml/)
    expect(xml.text).toContain('<testsuite ')
    expect(xml.text.match(/<testcase /g)).toHaveLength(3)
    expect(xml.text.match(/<failure>/g)).toHaveLength(1)
    expect(xml.text).toContain('login &lt;works&gt; &amp; &quot;quotes&quot;')
    expect(xml.text).not.toContain('<evil/>')
    expect(xml.text).not.toContain('\u0001')
    expect((await ts('GET', '/reports/junit/999999')).status).toBe(404)
  })

  it('lets a test force odd fields and finish an endless run', async () => {
    sim.testsigma.addPlan(18, { durationMs: Infinity })
    const { json: run } = await trigger({ executionId: 18 })
    sim.testsigma.setRunField(run.id, 'status', 'STATUS_WEIRD')
    expect((await get(run.id)).json.status).toBe('STATUS_WEIRD')
    expect((await get(424242)).status).toBe(404)
    sim.testsigma.complete(run.id, 'ABORTED')
    expect(sim.testsigma.view(run.id)).toMatchObject({ result: 'ABORTED', abortedCount: 2 })
  })
})
