/* eslint-disable @typescript-eslint/no-explicit-any */
// The simulator's Currents side (see /work/shared/API.md).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { request } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { startSimulator } from '../sim/index.js'
import type { Simulator } from '../sim/index.js'
import { renderCurrentsRun } from '../sim/currents/run.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ currentsReadOnlyKey: 'ro-key' })
})
afterAll(() => sim.close())

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

async function cur(method: string, path: string, body?: unknown, key = 'sim-key') {
  const res = await fetch(sim.currentsUrl + path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: res.status, json: (await res.json()) as any }
}

/** A raw GET (no automatic decompression). */
function rawGet(path: string, headers: Record<string, string>) {
  return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const req = request(sim.currentsUrl + path, { headers }, res => {
      const chunks: Buffer[] = []
      res.on('data', c => chunks.push(c))
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('Currents', () => {
  it('answers 401 in the FAILED envelope without a valid key', async () => {
    const r = await cur('GET', '/runs/x', undefined, 'bad')
    expect(r.status).toBe(401)
    expect(r.json).toEqual({ status: 'FAILED', error: expect.any(String) })
  })

  it('lets a read-only key read but not write (403)', async () => {
    const id = sim.currents.addRun({ projectId: 'ro', durationMs: Infinity })
    expect((await cur('GET', `/runs/${id}`, undefined, 'ro-key')).status).toBe(200)
    const r = await cur('PUT', `/runs/${id}/cancel`, undefined, 'ro-key')
    expect(r.status).toBe(403)
    expect(r.json.status).toBe('FAILED')
    expect(sim.currents.getRun(id)!.canceled).toBeUndefined()
  })

  it('answers a project of an added run, or one added alone, and 404 for any other', async () => {
    sim.currents.addRun({ projectId: 'with-run', durationMs: 0 })
    sim.currents.addProject('no-runs-yet')
    expect(await cur('GET', '/projects/with-run')).toEqual({
      status: 200,
      json: { status: 'OK', data: expect.objectContaining({ projectId: 'with-run' }) }
    })
    expect((await cur('GET', '/projects/no-runs-yet')).json.data.projectId).toBe('no-runs-yet')
    expect(await cur('GET', '/projects/unknown')).toEqual({
      status: 404,
      json: { status: 'FAILED', error: 'Project not found' }
    })
  })

  it('gives a finished run its own durationMs, and none while it is in progress', async () => {
    const done = sim.currents.addRun({ projectId: 'd', durationMs: 0 })
    const going = sim.currents.addRun({ projectId: 'd', durationMs: Infinity })
    expect(sim.currents.view(done)?.durationMs).toBe(0)
    expect(sim.currents.view(going)?.durationMs).toBeNull()
    sim.currents.complete(going, 'PASSED')
    expect(sim.currents.view(going)?.durationMs).toEqual(expect.any(Number))
  })

  it('serves a run whose group sums equal the sums over its specs, progressing', async () => {
    const id = sim.currents.addRun({
      projectId: 'p1',
      ciBuildId: 'b1',
      branch: 'main',
      tags: ['t'],
      durationMs: 600,
      outcome: 'FAILED',
      specCount: 12,
      failedSpecs: 3,
      groups: 2,
      machines: 3
    })
    // The run's state at a moment is computed from the clock: read it 250 ms in without
    // sleeping, so that a loaded machine cannot let the run finish first.
    const state = sim.currents.getRun(id)!
    const mid = renderCurrentsRun(state, state.addedAt + 250) as any
    expect(mid.completionState).toBe('IN_PROGRESS')
    expect(['RUNNING', 'FAILING']).toContain(mid.status)
    const done = mid.specs.filter((s: any) => s.completedAt).length
    expect(done).toBeGreaterThan(0)
    expect(done).toBeLessThan(12)
    await sleep(Math.max(0, state.addedAt + 650 - Date.now()))
    const end = (await cur('GET', `/runs/${id}`)).json
    expect(end.status).toBe('OK')
    const run = end.data
    expect(run).toMatchObject({
      runId: id,
      projectId: 'p1',
      completionState: 'COMPLETE',
      status: 'FAILED',
      tags: ['t'],
      timeout: { isTimeout: false, timeoutValueMs: expect.any(Number) },
      meta: { ciBuildId: 'b1', commit: { sha: expect.any(String), branch: 'main' } }
    })
    expect(new Set(run.specs.map((s: any) => s.machineId))).toEqual(
      new Set(['machine-1', 'machine-2', 'machine-3'])
    )
    for (const g of run.groups) {
      const specs = run.specs.filter((s: any) => s.groupId === g.groupId)
      const sum = (f: string) => specs.reduce((a: number, s: any) => a + s.results.stats[f], 0)
      expect(g.instances).toEqual({
        overall: specs.length,
        claimed: specs.length,
        complete: specs.length,
        passes: specs.filter((s: any) => s.results.stats.failures === 0).length,
        failures: specs.filter((s: any) => s.results.stats.failures > 0).length
      })
      expect(g.tests).toMatchObject({
        overall: sum('tests'),
        passes: sum('passes'),
        failures: sum('failures'),
        pending: sum('pending'),
        skipped: sum('skipped')
      })
    }
    expect(run.groups.reduce((a: number, g: any) => a + g.instances.failures, 0)).toBe(3)
  })

  it('does not know a run before it is recorded: find and get answer 404', async () => {
    const id = sim.currents.addRun({ projectId: 'late', ciBuildId: 'lb', recordAfterMs: 200 })
    const q = '/runs/find?projectId=late&ciBuildId=lb'
    expect(await cur('GET', q)).toEqual({
      status: 404,
      json: { status: 'FAILED', error: 'Run not found' }
    })
    expect((await cur('GET', `/runs/${id}`)).status).toBe(404)
    await sleep(230)
    const found = await cur('GET', q)
    expect(found.status).toBe(200)
    expect(found.json.data.runId).toBe(id)
  })

  it('finds by ciBuildId, exact or prefix* branch and every tag; most recent first', async () => {
    expect((await cur('GET', '/runs/find?ciBuildId=x')).status).toBe(400)
    const a = sim.currents.addRun({
      projectId: 'f',
      ciBuildId: 'c1',
      branch: 'release/1',
      tags: ['a', 'b']
    })
    await sleep(5)
    const b = sim.currents.addRun({
      projectId: 'f',
      ciBuildId: 'c2',
      branch: 'release/2',
      tags: ['a']
    })
    const find = async (q: string) =>
      (await cur('GET', `/runs/find?projectId=f&${q}`)).json.data?.runId
    expect(await find('ciBuildId=c1')).toBe(a)
    expect(await find('branch=release/*')).toBe(b)
    expect(await find('branch=release/1')).toBe(a)
    expect(await find('branch=release')).toBeUndefined()
    expect(await find('tags[]=a')).toBe(b)
    expect(await find('tags[]=a&tags[]=b')).toBe(a)
    expect(await find('tags[]=zzz')).toBeUndefined()
  })

  it("answers find with pwLastRun=true with Playwright's last run: one id per failed test", async () => {
    const id = sim.currents.addRun({
      projectId: 'pw',
      ciBuildId: 'pw-1',
      outcome: 'FAILED',
      durationMs: 0,
      specs: [
        { spec: 'a.spec.ts', failures: 2 },
        { spec: 'b.spec.ts' },
        { spec: 'c.spec.ts', failures: 1 }
      ]
    })
    const r = await cur('GET', '/runs/find?projectId=pw&ciBuildId=pw-1&pwLastRun=true')
    expect(r.status).toBe(200)
    expect(r.json.status).toBe('OK')
    expect(Object.keys(r.json.data).sort()).toEqual(['failedTests', 'status'])
    expect(r.json.data.status).toBe('failed')
    expect(r.json.data.failedTests).toHaveLength(3)
    expect(new Set(r.json.data.failedTests).size).toBe(3)
    expect(
      r.json.data.failedTests.every((t: string) => /^[0-9a-f]{20}-[0-9a-f]{20}$/.test(t))
    ).toBe(true)
    expect(r.json.data).toEqual(sim.currents.lastRun(id))
    // Without pwLastRun, the run itself.
    expect((await cur('GET', '/runs/find?projectId=pw&ciBuildId=pw-1')).json.data.runId).toBe(id)
  })

  it('nests the file as data.pwLastRun beside the run when asked to (nestedLastRun)', async () => {
    const id = sim.currents.addRun({
      projectId: 'pwn',
      ciBuildId: 'n-1',
      outcome: 'FAILED',
      durationMs: 0,
      nestedLastRun: true,
      specs: [{ spec: 'a.spec.ts', failures: 2 }]
    })
    const r = await cur('GET', '/runs/find?projectId=pwn&ciBuildId=n-1&pwLastRun=true')
    expect(r.json.data).toMatchObject({ runId: id, status: 'FAILED' })
    expect(r.json.data.specs).toHaveLength(1)
    expect(r.json.data.pwLastRun).toEqual(sim.currents.lastRun(id))
    expect(r.json.data.pwLastRun.failedTests).toHaveLength(2)
  })

  it('answers a passed run without failed tests, 404 for none, and a forced answer as set', async () => {
    const id = sim.currents.addRun({ projectId: 'pw2', ciBuildId: 'ok', durationMs: 0 })
    const q = (b: string) => `/runs/find?projectId=pw2&ciBuildId=${b}&pwLastRun=true`
    expect((await cur('GET', q('ok'))).json.data).toEqual({ status: 'passed', failedTests: [] })
    expect((await cur('GET', q('nope'))).status).toBe(404)
    sim.currents.setLastRun(id, { failedTests: 'not a list' })
    expect((await cur('GET', q('ok'))).json.data).toEqual({ failedTests: 'not a list' })
  })

  it('can find only completed runs (findCompletedOnly)', async () => {
    const old = sim.currents.addRun({ projectId: 'fc', durationMs: 0 })
    await sleep(5)
    const running = sim.currents.addRun({ projectId: 'fc', durationMs: Infinity })
    expect((await cur('GET', '/runs/find?projectId=fc')).json.data.runId).toBe(running)
    sim.currents.findCompletedOnly = true
    try {
      expect((await cur('GET', '/runs/find?projectId=fc')).json.data.runId).toBe(old)
    } finally {
      sim.currents.findCompletedOnly = false
    }
  })

  it('cancels a run in progress once; 422 on repeat and on a finished run; 404 unknown', async () => {
    const id = sim.currents.addRun({ projectId: 'c', durationMs: Infinity })
    const r = await cur('PUT', `/runs/${id}/cancel`)
    expect(r.status).toBe(200)
    expect(r.json).toEqual({
      status: 'OK',
      data: {
        actor: expect.any(String),
        canceledAt: expect.any(String),
        reason: 'apiRequest',
        runId: id
      }
    })
    expect((await cur('GET', `/runs/${id}`)).json.data.completionState).toBe('CANCELED')
    const again = await cur('PUT', `/runs/${id}/cancel`)
    expect(again.status).toBe(422)
    expect(again.json.status).toBe('FAILED')
    const done = sim.currents.addRun({ projectId: 'c', durationMs: 0 })
    expect((await cur('PUT', `/runs/${done}/cancel`)).status).toBe(422)
    expect((await cur('PUT', '/runs/nope/cancel')).status).toBe(404)
  })

  it('cancels by GitHub run: matching runs only, 400 on wrong types (an integer attempt too), 422 when already cancelled, 404 when none', async () => {
    const mk = (attempt: number, projectId = 'gh') =>
      sim.currents.addRun({
        projectId,
        durationMs: Infinity,
        githubRunId: '555',
        githubRunAttempt: attempt
      })
    const [a1, a2, other, a1b] = [mk(1), mk(2), mk(1, 'other'), mk(1)]
    const put = (body: unknown) => cur('PUT', '/runs/cancel-ci/github', body)
    expect((await put({ githubRunId: 555, githubRunAttempt: '1' })).status).toBe(400)
    expect((await put({ githubRunId: '555', githubRunAttempt: 1 })).status).toBe(400)
    expect((await put({ githubRunId: '555', githubRunAttempt: '1.5' })).status).toBe(400)
    const r = await put({ githubRunId: '555', githubRunAttempt: '1', projectId: 'gh' })
    expect(r.status).toBe(200)
    expect(r.json.status).toBe('OK')
    expect([...r.json.data.runIds].sort()).toEqual([a1, a1b].sort())
    expect(sim.currents.getRun(a2)!.canceled).toBeUndefined()
    expect(sim.currents.getRun(other)!.canceled).toBeUndefined()
    expect(sim.currents.getRun(a1)!.canceled?.via).toBe('cancel-ci/github')
    const again = await put({ githubRunId: '555', githubRunAttempt: '1', projectId: 'gh' })
    expect(again.status).toBe(422)
    expect(again.json).toEqual({ status: 'FAILED', error: 'Run is cancelled' })
    const none = await put({ githubRunId: '555', githubRunAttempt: '3', projectId: 'gh' })
    expect(none.status).toBe(404)
  })

  it('validates reset bodies (400) and records accepted resets', async () => {
    const id = sim.currents.addRun({ projectId: 'r', outcome: 'FAILED', durationMs: 0 })
    const reset = (body: unknown) => cur('PUT', `/runs/${id}/reset`, body)
    for (const bad of [
      {},
      { machineId: [] },
      { machineId: [''] },
      { machineId: 'machine-1' },
      { machineId: [1] },
      { machineId: Array.from({ length: 64 }, (_, i) => `m${i}`) },
      { machineId: ['m'], isBatchedOr8n: 'yes' }
    ]) {
      expect((await reset(bad)).status).toBe(400)
    }
    const ok = await reset({ machineId: Array.from({ length: 63 }, (_, i) => `machine-${i + 1}`) })
    expect(ok.status).toBe(200)
    expect(ok.json.status).toBe('OK')
    expect(sim.currents.getRun(id)!.resets).toHaveLength(1)
    expect((await cur('PUT', '/runs/nope/reset', { machineId: ['m'] })).status).toBe(404)
  })

  it('deletes a run; afterwards get and find answer 404', async () => {
    const id = sim.currents.addRun({ projectId: 'd', ciBuildId: 'del' })
    const r = await cur('DELETE', `/runs/${id}`)
    expect(r).toEqual({
      status: 200,
      json: { status: 'OK', data: { runId: id, actor: 'API Request' } }
    })
    expect((await cur('GET', `/runs/${id}`)).status).toBe(404)
    expect((await cur('GET', '/runs/find?projectId=d&ciBuildId=del')).status).toBe(404)
    expect((await cur('DELETE', `/runs/${id}`)).status).toBe(404)
    expect(sim.currents.getRun(id)!.deleted).toBe(true)
  })

  it('gzips the body when asked to', async () => {
    const id = sim.currents.addRun({ projectId: 'z', specCount: 50 })
    const auth = { authorization: 'Bearer sim-key' }
    const zipped = await rawGet(`/runs/${id}`, { ...auth, 'accept-encoding': 'gzip' })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(zipped.body).toString()).data.runId).toBe(id)
    const plain = await rawGet(`/runs/${id}`, auth)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(plain.body.toString()).data.specs).toHaveLength(50)
  })

  // How fast is the bench's business (npm run bench), not a timed test's.
  it('generates and serves a 10,000-spec run', async () => {
    const id = sim.currents.makeBigRun({ durationMs: 0 })
    const view = JSON.stringify(sim.currents.view(id))
    expect(view.length).toBeGreaterThan(1_000_000)
    const zipped = await rawGet(`/runs/${id}`, {
      authorization: 'Bearer sim-key',
      'accept-encoding': 'gzip'
    })
    expect(zipped.body.length).toBeLessThan(view.length / 3)
    const run = JSON.parse(gunzipSync(zipped.body).toString()).data
    expect(run.specs).toHaveLength(10_000)
    expect(run.status).toBe('FAILED')
  })

  it('ends runs on request and as TIMEOUT; keeps hostile spec paths', async () => {
    const id = sim.currents.addRun({
      projectId: 'e',
      durationMs: Infinity,
      specs: [
        { spec: '../../etc/passwd\n::error::x', failures: 2, machineId: '' },
        { spec: 'ok.ts' }
      ]
    })
    expect((await cur('GET', `/runs/${id}`)).json.data.specs[0].claimedAt).not.toBeNull()
    sim.currents.complete(id, 'FAILED')
    const run = (await cur('GET', `/runs/${id}`)).json.data
    expect(run).toMatchObject({ completionState: 'COMPLETE', status: 'FAILED' })
    expect(run.specs[0]).toMatchObject({ spec: '../../etc/passwd\n::error::x', machineId: '' })
    expect(run.specs[0].results.stats.failures).toBe(2)
    const t = sim.currents.addRun({ projectId: 'e', outcome: 'TIMEOUT', durationMs: 50 })
    await sleep(80)
    const timedOut = (await cur('GET', `/runs/${t}`)).json.data
    expect(timedOut).toMatchObject({ completionState: 'TIMEOUT', timeout: { isTimeout: true } })
    expect(timedOut.specs.some((s: any) => s.completedAt === null)).toBe(true)
  })

  it('answers a Cypress-recorded run and its instances as Currents documents them', async () => {
    const id = sim.currents.addRun({
      projectId: 'cy',
      outcome: 'FAILED',
      durationMs: 0,
      framework: 'cypress',
      specs: [{ spec: 'cypress/e2e/pay.cy.ts', tests: 3, failures: 2 }]
    })
    const run = (await cur('GET', `/runs/${id}`)).json.data
    expect(run).not.toHaveProperty('durationMs')
    expect(run.cypressVersion).toEqual(expect.any(String))
    expect(run.specs[0].results.videoUrl).toMatch(/^https:\/\/.*\.mp4$/)
    const instance = (await cur('GET', `/instances/${run.specs[0].instanceId}`)).json.data
    expect(instance).not.toHaveProperty('testResults')
    const [first, second, third] = instance.results.tests
    expect(first).toMatchObject({
      state: 'failed',
      displayError: expect.stringMatching(/^AssertionError: /)
    })
    expect(first).not.toHaveProperty('_s')
    const frame = first.attempts[0].error.codeFrame
    expect(frame).toMatchObject({ line: 12, column: 7, relativeFile: 'cypress/e2e/pay.cy.ts' })
    expect(frame.absoluteFile).toMatch(/^\/Users\/.*\/cypress\/e2e\/pay\.cy\.ts$/)
    expect(frame).not.toHaveProperty('file')
    // The second failure has only its stack, served by the Cypress runner.
    expect(second.attempts[0].error.codeFrame).toBeUndefined()
    expect(second.attempts[0].error.stack).toContain(
      '/__cypress/tests?p=cypress/e2e/pay.cy.ts:21:7'
    )
    expect(third).toMatchObject({ state: 'passed', displayError: null })
  })
})
