/* eslint-disable @typescript-eslint/no-explicit-any */
// The simulator's fault injection: every kind, matching, counting, and clean shutdown.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator } from '../sim/index.js'
import type { Simulator } from '../sim/index.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator()
  sim.testsigma.addPlan(1, { durationMs: 50 })
})
afterEach(() => sim.faults.clear())
afterAll(() => sim.close())

const auth = { authorization: 'Bearer sim-key', 'content-type': 'application/json' }

function ts(method: string, path: string, body?: unknown, signal?: AbortSignal) {
  return fetch(sim.testsigmaUrl + path, {
    method,
    headers: auth,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal
  })
}

/** A Testsigma plan of its own, with one finished run (GET /execution_results/{id} works). */
async function freshRun(): Promise<number> {
  const planId = 100 + sim.testsigma.runs.length
  sim.testsigma.addPlan(planId, { durationMs: 0 })
  const r = await ts('POST', '/execution_results', { executionId: planId })
  return ((await r.json()) as any).id
}

describe('faults', () => {
  it('status: answers the given status, Retry-After and body, then lets requests pass', async () => {
    const id = await freshRun()
    const rule = sim.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: '2',
      service: 'testsigma',
      method: 'GET',
      path: `/execution_results/${id}`
    })
    const first = await ts('GET', `/execution_results/${id}`)
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('2')
    expect(((await first.json()) as any).error).toEqual(expect.any(String))
    expect((await ts('GET', `/execution_results/${id}`)).status).toBe(200)
    expect(rule).toMatchObject({ matched: 2, applied: 1 })
  })

  it('skip and times: faults the 2nd and 3rd matches only; RegExp paths', async () => {
    const id = await freshRun()
    sim.faults.add({
      kind: 'status',
      status: 503,
      path: /^\/execution_results\/\d+$/,
      skip: 1,
      times: 2
    })
    const codes = []
    for (let i = 0; i < 4; i++) codes.push((await ts('GET', `/execution_results/${id}`)).status)
    expect(codes).toEqual([200, 503, 503, 200])
  })

  it('rules apply in order: the first due rule wins', async () => {
    const id = await freshRun()
    sim.faults.add({ kind: 'status', status: 502, times: 1 })
    sim.faults.add({ kind: 'status', status: 504, times: Infinity })
    const codes = []
    for (let i = 0; i < 3; i++) codes.push((await ts('GET', `/execution_results/${id}`)).status)
    expect(codes).toEqual([502, 504, 504])
  })

  it('html: 502 with an HTML page', async () => {
    sim.faults.add({ kind: 'html' })
    const r = await ts('GET', '/execution_results/1')
    expect(r.status).toBe(502)
    expect(r.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await r.text()).toMatch(/<html>/)
  })

  it('reset: the request is handled, the answer is cut off mid-body', async () => {
    sim.testsigma.addPlan(2, { durationMs: 0 })
    sim.faults.add({ kind: 'reset', method: 'POST' })
    await expect(
      ts('POST', '/execution_results', { executionId: 2 }).then(r => r.text())
    ).rejects.toThrow()
    expect(sim.testsigma.runsOf(2)).toHaveLength(1)
  })

  it('close: the socket closes without an answer and nothing is handled', async () => {
    sim.testsigma.addPlan(3)
    sim.faults.add({ kind: 'close', method: 'POST' })
    await expect(ts('POST', '/execution_results', { executionId: 3 })).rejects.toThrow()
    expect(sim.testsigma.runsOf(3)).toHaveLength(0)
    expect(sim.requestsTo('testsigma', 'POST').at(-1)!.body).toEqual({ executionId: 3 })
  })

  it('drop-after-handling: the run is created but no answer comes back', async () => {
    sim.testsigma.addPlan(4, { durationMs: 0 })
    sim.faults.add({ kind: 'drop-after-handling', method: 'POST' })
    await expect(ts('POST', '/execution_results', { executionId: 4 })).rejects.toThrow()
    expect(sim.testsigma.runsOf(4)).toHaveLength(1)
  })

  it('delay: answers normally after the delay', async () => {
    const id = await freshRun()
    sim.faults.add({ kind: 'delay', ms: 150 })
    const t0 = Date.now()
    const r = await ts('GET', `/execution_results/${id}`)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140)
    expect(((await r.json()) as any).id).toBe(id)
  })

  it('hang: never answers (the client gives up)', async () => {
    sim.faults.add({ kind: 'hang' })
    await expect(
      ts('GET', '/execution_results/1', undefined, AbortSignal.timeout(100))
    ).rejects.toThrow()
  })

  it('truncated: 200 JSON type with a cut-off JSON body', async () => {
    const id = await freshRun()
    sim.faults.add({ kind: 'truncated' })
    const r = await ts('GET', `/execution_results/${id}`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/json/)
    const text = await r.text()
    expect(text.startsWith('{"id":')).toBe(true)
    expect(() => JSON.parse(text)).toThrow()
  })

  it('non-json: 200 JSON type with a text body', async () => {
    sim.faults.add({ kind: 'non-json' })
    const r = await ts('GET', '/execution_results/1')
    expect(r.headers.get('content-type')).toMatch(/json/)
    await expect(r.json()).rejects.toThrow()
  })

  it('wrong-shape: valid JSON of the wrong shape, per service', async () => {
    sim.faults.add({ kind: 'wrong-shape', times: 2 })
    expect(await (await ts('GET', '/execution_results/1')).json()).toEqual([1, 2, 3])
    const c = await fetch(`${sim.currentsUrl}/runs/x`, { headers: auth })
    expect(await c.json()).toEqual({ status: 'OK', data: 'x' })
  })

  it('json: any status and JSON body', async () => {
    sim.faults.add({ kind: 'json', status: 409, body: { status: 'FAILED', error: 'conflict' } })
    const r = await fetch(`${sim.currentsUrl}/runs/x/cancel`, { method: 'PUT', headers: auth })
    expect(r.status).toBe(409)
    expect(await r.json()).toEqual({ status: 'FAILED', error: 'conflict' })
  })

  it('runHandler: a gateway error after the service handled the request', async () => {
    sim.testsigma.addPlan(5, { durationMs: 0 })
    sim.faults.add({ kind: 'status', status: 504, method: 'POST', runHandler: true })
    expect((await ts('POST', '/execution_results', { executionId: 5 })).status).toBe(504)
    expect(sim.testsigma.runsOf(5)).toHaveLength(1)
  })

  it('records faulted requests and can be cleared', async () => {
    const before = sim.requests.length
    sim.faults.add({ kind: 'status', status: 500, times: Infinity })
    expect((await ts('GET', '/execution_results/1')).status).toBe(500)
    expect(sim.requests.length).toBe(before + 1)
    sim.faults.clear()
    expect(sim.faults.rules).toHaveLength(0)
    expect((await ts('GET', '/execution_results/1')).status).not.toBe(500)
  })

  it('close() ends hanging and delayed requests and pending waits', async () => {
    const other = await startSimulator()
    other.faults.add({ kind: 'hang' })
    other.faults.add({ kind: 'delay', ms: 60_000 })
    const hung = fetch(`${other.url}/x`).catch((e: unknown) => e)
    const delayed = fetch(`${other.url}/y`).catch((e: unknown) => e)
    const wait = other.waitForRequest(() => false, 60_000).catch((e: unknown) => e)
    await other.waitForRequest(r => r.path === '/y')
    const t0 = Date.now()
    await other.close()
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(await hung).toHaveProperty('name', 'TypeError')
    expect(await delayed).toHaveProperty('name', 'TypeError')
    expect(await wait).toHaveProperty('message', 'simulator closed')
  })
})
