import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpClient } from '../src/http/http.js'
import { configuredProxy, proxyFailure, proxyLabel } from '../src/http/proxy.js'
import { createTransport } from '../src/http/transport.js'
import { type ForwardProxy, startForwardProxy } from './e2e/forward-proxy.js'

const url = (u: string) => new URL(u)

describe('configuredProxy (the proxy EnvHttpProxyAgent would pick, for messages)', () => {
  it('uses HTTPS_PROXY for https URLs and HTTP_PROXY for http URLs', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'http://plain:3128' }
    expect(configuredProxy(url('https://api.currents.dev/v1'), env)).toBe('http://secure:3128')
    expect(configuredProxy(url('http://127.0.0.1:8080/x'), env)).toBe('http://plain:3128')
  })

  it('an https URL falls back to HTTP_PROXY, as undici does', () => {
    expect(configuredProxy(url('https://a.test'), { HTTP_PROXY: 'http://plain:1' })).toBe(
      'http://plain:1'
    )
  })

  it('prefers the lower-case form', () => {
    const env = { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' }
    expect(configuredProxy(url('https://a.test'), env)).toBe('http://lower:1')
  })

  it('none without proxy variables (blank ones included)', () => {
    expect(configuredProxy(url('https://a.test'), {})).toBeUndefined()
    expect(configuredProxy(url('https://a.test'), { HTTPS_PROXY: ' ' })).toBeUndefined()
  })
})

describe('proxyLabel', () => {
  it('drops credentials', () => {
    expect(proxyLabel('http://user:secret@proxy.corp:3128')).toBe('http://proxy.corp:3128')
  })

  it('reads host:port as http', () => {
    expect(proxyLabel('proxy.corp:8080')).toBe('http://proxy.corp:8080')
  })
})

describe('proxyFailure', () => {
  const fetchFailed = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause })

  it('a refused CONNECT is the proxy refusing, not retried on 403', () => {
    const e = fetchFailed({
      code: 'UND_ERR_ABORTED',
      message: 'Proxy response (403) !== 200 when HTTP Tunneling'
    })
    expect(proxyFailure(e, 'http://u:p@proxy.corp:3128')).toMatchObject({
      kind: 'rejected',
      status: 403,
      safeToRepeat: true,
      cause: 'the proxy http://proxy.corp:3128 refused the connection (HTTP 403)'
    })
  })

  it('a proxy answering 502 to CONNECT is transient', () => {
    const e = fetchFailed({ message: 'Proxy response (502) !== 200 when HTTP Tunneling' })
    expect(proxyFailure(e, 'http://proxy.corp:3128')).toMatchObject({ kind: 'transient' })
  })

  it('a connection refused at the proxy address is named as the proxy', () => {
    const e = fetchFailed({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 9 })
    expect(proxyFailure(e, 'http://127.0.0.1:9')).toMatchObject({
      kind: 'transient',
      cause: 'could not connect through the proxy http://127.0.0.1:9 (ECONNREFUSED)'
    })
  })

  it('a failure elsewhere is not the proxy', () => {
    const e = fetchFailed({ code: 'ECONNREFUSED', address: '10.1.1.1', port: 443 })
    expect(proxyFailure(e, 'http://127.0.0.1:9')).toBeUndefined()
  })
})

describe('createTransport: undici EnvHttpProxyAgent routing', () => {
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
  const get = { method: 'GET', headers: { 'user-agent': 'gate' } }

  it('tunnels through the proxy with CONNECT, http: targets too', async () => {
    const send = createTransport({ httpProxy: proxy.url })
    proxy.seen.length = 0
    const res = await send(new URL(`${api[0]}/v1/runs?x=1`), get)
    expect(res.status).toBe(200)
    expect(await new Response(res.body).json()).toMatchObject({ server: 'a', url: '/v1/runs?x=1' })
    expect(through(api[0])).toEqual([`CONNECT ${new URL(api[0]).host}`])
  })

  it('routes each request: NO_PROXY host:port goes direct, others through', async () => {
    const port0 = new URL(api[0]).port
    const send = createTransport({
      httpProxy: proxy.url,
      noProxy: `example.test,127.0.0.1:${port0}`
    })
    proxy.seen.length = 0
    hits.length = 0
    for (const base of [api[0], api[1], api[0], api[1]]) {
      const res = await send(new URL(`${base}/r`), get)
      expect(res.status).toBe(200)
      await new Response(res.body).arrayBuffer()
    }
    expect(hits).toEqual(['a /r', 'b /r', 'a /r', 'b /r'])
    expect(through(api[0])).toEqual([])
    expect(through(api[1]).length).toBeGreaterThan(0)
  })

  it('NO_PROXY=* goes direct', async () => {
    const send = createTransport({ httpProxy: proxy.url, noProxy: '*' })
    proxy.seen.length = 0
    await new Response((await send(new URL(`${api[1]}/d`), get)).body).arrayBuffer()
    expect(proxy.seen).toEqual([])
  })

  it('drives the HttpClient; a proxy that refuses is named, without its credentials', async () => {
    const withCreds = proxy.url.replace('http://', 'http://user:pa55word@')
    const http = new HttpClient({
      baseUrl: `${api[0]}/api/v1`,
      fetch: createTransport({ httpProxy: withCreds }),
      proxyFor: () => withCreds,
      retry: { attempts: 1 }
    })
    const res = await http.request({ what: 'get run 1', method: 'GET', path: '/runs/1' })
    expect(res.body).toMatchObject({ server: 'a', url: '/api/v1/runs/1' })
    proxy.refuseWith = 403
    try {
      const again = new HttpClient({
        baseUrl: `${api[1]}/api/v1`,
        fetch: createTransport({ httpProxy: withCreds }),
        proxyFor: () => withCreds,
        retry: { attempts: 1 }
      })
      const e = await again
        .request({ what: 'get run 1', method: 'GET', path: '/runs/1' })
        .catch((x: unknown) => x)
      expect(e).toMatchObject({ kind: 'rejected', status: 403 })
      expect((e as Error).message).toBe(
        `get run 1: the proxy ${proxy.url} refused the connection (HTTP 403)`
      )
    } finally {
      proxy.refuseWith = undefined
    }
  })

  it('a proxy that is not there: named as the proxy, safe to repeat even for a POST', async () => {
    const delays: number[] = []
    const http = new HttpClient({
      baseUrl: api[0],
      fetch: createTransport({ httpProxy: 'http://127.0.0.1:9' }),
      proxyFor: () => 'http://127.0.0.1:9',
      retry: { attempts: 2 },
      sleep: async ms => void delays.push(ms)
    })
    const e = await http
      .request({ what: 'trigger', method: 'POST', path: '/t', body: {} })
      .catch((x: unknown) => x)
    expect(e).toMatchObject({ kind: 'transient' })
    expect((e as Error).message).toMatch(
      /^trigger: could not connect through the proxy http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\) \(gave up after 2 attempts\)$/
    )
    expect(delays).toHaveLength(1)
  })
})
