// The simulator's GitHub checks side and its request log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator } from '../sim/index.js'
import type { Simulator } from '../sim/index.js'
import { call } from './fixtures.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.close())

describe('GitHub checks', () => {
  const checks = () => `${sim.githubUrl}/repos/o/r/check-runs`

  it('needs the token (token or Bearer scheme)', async () => {
    expect((await call('POST', checks(), { name: 'n', head_sha: 'a' }, {})).status).toBe(401)
    const bearer = await call(
      'POST',
      checks(),
      { name: 'n', head_sha: 'a' },
      {
        authorization: 'Bearer gh-token'
      }
    )
    expect(bearer.status).toBe(201)
  })

  it('creates and patches a check run, keeping its history', async () => {
    const auth = { authorization: 'token gh-token' }
    const created = await call(
      'POST',
      checks(),
      { name: 'gate', head_sha: 'abc', status: 'in_progress', details_url: 'https://x' },
      auth
    )
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ name: 'gate', head_sha: 'abc', status: 'in_progress' })
    expect(created.json.html_url).toEqual(expect.any(String))
    const patch = {
      status: 'completed',
      conclusion: 'failure',
      output: { title: 't', summary: 's' }
    }
    const patched = await call('PATCH', `${checks()}/${created.json.id}`, patch, auth)
    expect(patched.status).toBe(200)
    expect(patched.json).toMatchObject({ conclusion: 'failure', status: 'completed' })
    const record = sim.github.getCheck(created.json.id)!
    expect(record.history.map(h => h.method)).toEqual(['POST', 'PATCH'])
    expect(record.history[1].body).toEqual(patch)
    expect(sim.github.checkRuns).toContain(record)
  })

  it('answers 403 "Resource not accessible by integration" when forbidden', async () => {
    sim.github.forbid = true
    try {
      const r = await call(
        'POST',
        checks(),
        { name: 'n', head_sha: 'a' },
        {
          authorization: 'token gh-token'
        }
      )
      expect(r.status).toBe(403)
      expect(r.json.message).toBe('Resource not accessible by integration')
    } finally {
      sim.github.forbid = false
    }
  })
})

describe('request log', () => {
  it('records service, path after the prefix, query arrays, headers and body', async () => {
    await call('GET', `${sim.currentsUrl}/runs/find?projectId=p&tags[]=a&tags[]=b&x=1`)
    await call('POST', `${sim.url}/elsewhere`, { a: 1 })
    const find = sim.requests.find(r => r.path === '/runs/find')!
    expect(find).toMatchObject({
      service: 'currents',
      method: 'GET',
      query: { projectId: 'p', 'tags[]': ['a', 'b'], x: '1' },
      body: ''
    })
    expect(find.headers['authorization']).toBe('Bearer sim-key')
    expect(sim.requestsTo('other', 'POST', '/elsewhere')[0].body).toEqual({ a: 1 })
  })

  it('waits for a request, recorded already or still to come, and times out', async () => {
    const past = await sim.waitForRequest(r => r.path === '/elsewhere', 100)
    expect(past.service).toBe('other')
    const future = sim.waitForRequest(r => r.path === '/later', 2000)
    await call('GET', `${sim.url}/later`)
    expect((await future).method).toBe('GET')
    await expect(sim.waitForRequest(r => r.path === '/never', 50)).rejects.toThrow(/within 50/)
  })
})
