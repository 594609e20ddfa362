import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { type ForwardProxy, startForwardProxy } from './forward-proxy.js'
import { errorLines, runAction } from './runner.js'

let sim: Simulator
let proxy: ForwardProxy
beforeAll(async () => {
  sim = await startSimulator({ apiKey: 'proxy-SECRET-key' })
  proxy = await startForwardProxy()
})
afterAll(async () => {
  await proxy.close()
  await sim.close()
})

const inputs = (plan: number) => ({
  provider: 'testsigma',
  'api-key': 'proxy-SECRET-key',
  'api-url': sim.testsigmaUrl,
  'test-plan-id': String(plan),
  'poll-interval': '200ms',
  'max-poll-interval': '400ms'
})
const simHost = () => new URL(sim.url).host

describe('proxies of self-hosted runners', () => {
  it('sends every request through HTTP_PROXY', async () => {
    sim.testsigma.addPlan(501, { durationMs: 300 })
    proxy.seen.length = 0
    const { main } = await runAction({
      inputs: inputs(501),
      env: { HTTP_PROXY: proxy.url },
      post: false
    })
    expect(main.code).toBe(0)
    const viaProxy = proxy.seen.filter(s => s.includes(simHost()))
    const reached = sim.requestsTo('testsigma').filter(r => r.at >= main.startedAt)
    expect(reached.length).toBeGreaterThan(1)
    // One tunnel (keep-alive) or one absolute-form request per call: either way it went through.
    expect(viaProxy.length).toBeGreaterThan(0)
  })

  it('lower-case http_proxy is honoured too', async () => {
    sim.testsigma.addPlan(502, { durationMs: 300 })
    proxy.seen.length = 0
    const { main } = await runAction({
      inputs: inputs(502),
      env: { http_proxy: proxy.url },
      post: false
    })
    expect(main.code).toBe(0)
    expect(proxy.seen.some(s => s.includes(simHost()))).toBe(true)
  })

  it.each([['127.0.0.1'], ['127.0.0.1:' + 0], ['*'], ['.0.0.1']])(
    'goes direct when NO_PROXY=%s matches',
    async entry => {
      sim.testsigma.addPlan(510 + entry.length, { durationMs: 200 })
      proxy.seen.length = 0
      const noProxy = entry === '127.0.0.1:0' ? simHost() : entry
      const { main } = await runAction({
        inputs: inputs(510 + entry.length),
        env: { HTTP_PROXY: proxy.url, NO_PROXY: `example.com, ${noProxy}` },
        post: false
      })
      expect(main.code).toBe(0)
      expect(proxy.seen).toEqual([])
    }
  )

  it('a proxy that refuses gives a clear error naming the proxy without its credentials', async () => {
    sim.testsigma.addPlan(520, { durationMs: 200 })
    proxy.refuseWith = 403
    try {
      const withCreds = proxy.url.replace('http://', 'http://user:pa55word@')
      const { main } = await runAction({
        inputs: inputs(520),
        env: { HTTP_PROXY: withCreds },
        post: false
      })
      expect(main.code).toBe(1)
      const errors = errorLines(main.stdout)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain(proxy.url)
      expect(main.stdout).not.toContain('pa55word')
    } finally {
      proxy.refuseWith = undefined
    }
  })

  it('a proxy that is down is an error naming it, not a hang', async () => {
    sim.testsigma.addPlan(521, { durationMs: 200 })
    const { main } = await runAction({
      inputs: inputs(521),
      env: { HTTP_PROXY: 'http://127.0.0.1:9' },
      post: false
    })
    expect(main.code).toBe(1)
    expect(errorLines(main.stdout)[0]).toContain('http://127.0.0.1:9')
    expect(main.ms).toBeLessThan(20_000)
  })
})
