import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpClient } from '../src/http.js'
import { bypasses, createFetch, parseNoProxy, proxyFor, proxyLabel } from '../src/proxy.js'
import { type ForwardProxy, startForwardProxy } from './e2e/forward-proxy.js'

const url = (u: string) => new URL(u)

describe('proxyFor', () => {
  it('uses HTTPS_PROXY for https URLs and HTTP_PROXY for http URLs', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'http://plain:3128' }
    expect(proxyFor(url('https://api.currents.dev/v1'), env)).toBe('http://secure:3128')
    expect(proxyFor(url('http://127.0.0.1:8080/x'), env)).toBe('http://plain:3128')
  })

  it('prefers the lower-case form, as @actions/http-client does', () => {
    expect(
      proxyFor(url('https://a.test'), {
        https_proxy: 'http://lower:1',
        HTTPS_PROXY: 'http://upper:1'
      })
    ).toBe('http://lower:1')
  })

  it('adds http:// to a proxy given as host:port', () => {
    expect(proxyFor(url('https://a.test'), { HTTPS_PROXY: 'proxy.corp:8080' })).toBe(
      'http://proxy.corp:8080'
    )
  })

  it('goes direct without proxy variables', () => {
    expect(proxyFor(url('https://a.test'), {})).toBeUndefined()
  })

  it('goes direct when NO_PROXY matches', () => {
    expect(
      proxyFor(url('https://app.testsigma.com'), {
        HTTPS_PROXY: 'http://p:1',
        NO_PROXY: 'testsigma.com'
      })
    ).toBeUndefined()
  })
})

describe('NO_PROXY', () => {
  const rules = parseNoProxy(
    'internal.corp, .example.com, *.dev.test,10.0.0.5, api.local:8443,[::1]'
  )
  it.each([
    ['https://internal.corp/x', true],
    ['https://sub.internal.corp/x', true],
    ['https://otherinternal.corp/x', false],
    ['https://example.com/', true],
    ['https://a.b.example.com/', true],
    ['https://notexample.com/', false],
    ['https://x.dev.test/', true],
    ['http://10.0.0.5:8080/', true],
    ['https://api.local:8443/', true],
    ['https://api.local/', false],
    ['http://[::1]:3000/', true],
    ['https://api.currents.dev/', false]
  ])('%s bypass=%s', (u, expected) => {
    expect(bypasses(url(u), rules)).toBe(expected)
  })

  it('* bypasses every host', () => {
    expect(bypasses(url('https://anything.test'), parseNoProxy('*'))).toBe(true)
  })

  it('matches a port rule against the default port of the scheme', () => {
    expect(bypasses(url('https://a.test/'), parseNoProxy('a.test:443'))).toBe(true)
    expect(bypasses(url('http://a.test/'), parseNoProxy('a.test:443'))).toBe(false)
  })
})

describe('proxyLabel', () => {
  it('drops credentials', () => {
    expect(proxyLabel('http://user:secret@proxy.corp:3128')).toBe('http://proxy.corp:3128')
  })
})

describe('createFetch', () => {
  let proxy: ForwardProxy
  const servers: Server[] = []
  const hits: string[] = []
  /** Two loopback API servers (two ports, so NO_PROXY can tell them apart). */
  const api: string[] = []
  beforeAll(async () => {
    proxy = await startForwardProxy()
    for (const name of ['a', 'b']) {
      const server = createServer((req, res) => {
        hits.push(`${name} ${req.url}`)
        res.writeHead(200, { 'content-type': 'application/json' })
        const { 'user-agent': ua, 'accept-encoding': ae } = req.headers
        res.end(JSON.stringify({ server: name, method: req.method, url: req.url, ua, ae }))
      })
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
      servers.push(server)
      api.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    }
  })
  afterAll(async () => {
    await proxy.close()
    for (const s of servers) {
      s.closeAllConnections()
      await new Promise(r => s.close(r))
    }
  })
  const through = (u: string) => proxy.seen.filter(s => s.includes(new URL(u).host))

  it.each([[{}], [{ NO_PROXY: '*' }], [{ HTTPS_PROXY: ' ', http_proxy: '' }]])(
    'resolves undefined without a proxy variable: %j',
    async env => {
      expect(await createFetch(env)).toBeUndefined()
    }
  )

  it('sends through HTTP_PROXY', async () => {
    const f = await createFetch({ HTTP_PROXY: proxy.url })
    expect(typeof f).toBe('function')
    proxy.seen.length = 0
    const res = await f!(new URL(`${api[0]}/v1/runs?x=1`), { headers: { 'user-agent': 'gate' } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ server: 'a', url: '/v1/runs?x=1', ua: 'gate' })
    expect(through(api[0]).length).toBeGreaterThan(0)
  })

  it('takes a Request too', async () => {
    const f = await createFetch({ HTTP_PROXY: proxy.url })
    proxy.seen.length = 0
    const req = new Request(`${api[1]}/req`, { method: 'POST', body: '{"a":1}' })
    const res = await f!(req)
    expect(await res.json()).toMatchObject({ server: 'b', method: 'POST', url: '/req' })
    expect(through(api[1]).length).toBeGreaterThan(0)
  })

  it('lower-case http_proxy first; a proxy given as host:port', async () => {
    const f = await createFetch({
      http_proxy: proxy.url.replace('http://', ''),
      HTTP_PROXY: 'http://127.0.0.1:9'
    })
    proxy.seen.length = 0
    const res = await f!(`${api[1]}/lower`)
    expect(await res.json()).toMatchObject({ server: 'b', url: '/lower' })
    expect(through(api[1]).length).toBeGreaterThan(0)
  })

  it('routes each request: NO_PROXY hosts and host:port go direct, others through', async () => {
    const port0 = new URL(api[0]).port
    const f = await createFetch({
      HTTP_PROXY: proxy.url,
      NO_PROXY: `example.test,127.0.0.1:${port0}`
    })
    proxy.seen.length = 0
    hits.length = 0
    for (const base of [api[0], api[1], api[0], api[1]]) {
      const res = await f!(`${base}/r`)
      expect(res.status).toBe(200)
      await res.arrayBuffer()
    }
    expect(hits).toEqual(['a /r', 'b /r', 'a /r', 'b /r'])
    expect(through(api[0])).toEqual([])
    expect(through(api[1]).length).toBeGreaterThan(0)
    const direct = await createFetch({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })
    proxy.seen.length = 0
    await (await direct!(`${api[1]}/d`)).arrayBuffer()
    expect(proxy.seen).toEqual([])
  })

  it('drives the HttpClient; an answer of the proxy itself names it', async () => {
    const fetch = await createFetch({ HTTP_PROXY: proxy.url })
    const via = () => proxyLabel(proxy.url)
    const http = new HttpClient({ baseUrl: `${api[0]}/api/v1`, fetch, via, retry: { attempts: 1 } })
    const res = await http.request({ what: 'get run 1', method: 'GET', path: '/runs/1' })
    expect(res.body).toMatchObject({ server: 'a', url: '/api/v1/runs/1', ae: 'gzip, deflate, br' })
    proxy.refuseWith = 403
    try {
      const e = await http
        .request({ what: 'get run 1', method: 'GET', path: '/runs/1' })
        .catch((x: unknown) => x)
      expect(e).toMatchObject({ kind: 'auth', status: 403 })
      expect((e as Error).message).toContain(`(through the proxy ${proxy.url})`)
    } finally {
      proxy.refuseWith = undefined
    }
  })

  it('a proxy that is not there: connection refused, named as the proxy', async () => {
    const fetch = await createFetch({ HTTP_PROXY: 'http://127.0.0.1:9' })
    const http = new HttpClient({
      baseUrl: api[0],
      fetch,
      via: () => 'http://127.0.0.1:9',
      retry: { attempts: 1 }
    })
    const e = await http
      .request({ what: 'trigger', method: 'POST', path: '/t', body: {} })
      .catch((x: unknown) => x)
    expect(e).toMatchObject({ kind: 'transient' })
    expect((e as Error).message).toMatch(
      /^trigger: could not connect to the proxy http:\/\/127\.0\.0\.1:9/
    )
  })
})
