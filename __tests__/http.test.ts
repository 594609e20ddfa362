import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { GateError } from '../src/model/errors.js'
import { HttpClient } from '../src/http/http.js'
import type { HttpClientOptions, RequestSpec } from '../src/http/http.js'

const KEY = 'tsk_live_0123456789abcdefSECRET'
const MiB = 1024 * 1024

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}
type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>

const servers: Server[] = []
/** Every debug line of every client in this file: none may hold the key. */
const allLines: string[] = []
afterAll(() => {
  expect(allLines.length).toBeGreaterThan(50)
  expect(allLines.filter(l => l.includes(KEY) || /authorization|bearer/i.test(l))).toEqual([])
})
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise(r => s.close(r))
  }
})

/** A loopback server that records every request (body read in full) before `handler` runs. */
async function serve(handler: Handler, port = 0) {
  const seen: Seen[] = []
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString()
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
    await handler(req, res, seen.length)
  })
  servers.push(server)
  await new Promise<void>(r => server.listen(port, '127.0.0.1', r))
  const p = (server.address() as AddressInfo).port
  return { base: `http://127.0.0.1:${p}`, api: `http://127.0.0.1:${p}/api/v1`, port: p, seen }
}

function send(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const type = typeof body === 'string' ? 'text/plain' : 'application/json'
  res.writeHead(status, { 'content-type': type, ...headers })
  res.end(text)
}

/** A client with the key, recorded (instant) sleeps and debug lines. */
function client(baseUrl: string, more: Partial<HttpClientOptions> = {}) {
  const delays: number[] = []
  const lines: string[] = []
  const http = new HttpClient({
    baseUrl,
    headers: { authorization: `Bearer ${KEY}` },
    sleep: async (ms, signal) => {
      delays.push(ms)
      if (signal?.aborted) throw new GateError('aborted', 'aborted')
    },
    random: () => 0.5,
    debug: line => {
      lines.push(line)
      allLines.push(line)
    },
    ...more
  })
  return { http, delays, lines }
}

const get = (path = '/runs/1', more: Partial<RequestSpec> = {}): RequestSpec => ({
  what: 'get run 1',
  method: 'GET',
  path,
  ...more
})
const trigger = (more: Partial<RequestSpec> = {}): RequestSpec => ({
  what: 'trigger test plan 274',
  method: 'POST',
  path: '/execution_results',
  body: { executionId: 274 },
  ...more
})

/** The GateError a request fails with; never one that shows the key. */
async function failure(p: Promise<unknown>): Promise<GateError> {
  const e = await p.then(
    () => {
      throw new Error('expected the request to fail')
    },
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(GateError)
  const g = e as GateError
  expect(g.message).not.toContain(KEY)
  expect(g.message).not.toContain('\n')
  return g
}

function compress(encoding: string, data: Buffer): Buffer {
  if (encoding === 'br') return zlib.brotliCompressSync(data)
  return encoding === 'deflate' ? zlib.deflateSync(data) : zlib.gzipSync(data)
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>(r => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as AddressInfo
  await new Promise(r => s.close(r))
  return port
}

describe('HttpClient over undici', () => {
  describe('requests', () => {
    it('appends the path to the base path and encodes the query', async () => {
      const s = await serve((_q, res) => send(res, 200, { ok: true }))
      const { http } = client(`${s.api}/`)
      const query = {
        projectId: 'P1',
        ciBuildId: 'org/repo-1 2&x=y',
        tags: ['a', 'b c'],
        'branch[]': ['x'],
        pwLastRun: true,
        n: 3,
        skipped: undefined
      }
      const res = await http.request(get('/runs/find', { query }))
      expect(res).toMatchObject({ status: 200, body: { ok: true }, attempts: 1 })
      const url = new URL(s.seen[0].url, s.base)
      expect(url.pathname).toBe('/api/v1/runs/find')
      expect([...url.searchParams]).toEqual([
        ['projectId', 'P1'],
        ['ciBuildId', 'org/repo-1 2&x=y'],
        ['tags[]', 'a'],
        ['tags[]', 'b c'],
        ['branch[]', 'x'],
        ['pwLastRun', 'true'],
        ['n', '3']
      ])
    })

    it('sends the key, accept, accept-encoding and user-agent; JSON bodies with content-type', async () => {
      const s = await serve((_q, res) => send(res, 201, { id: 1165 }))
      const { http } = client(s.api, { userAgent: 'test-run-gate/1.2.3' })
      const res = await http.request<{ id: number }>(trigger())
      expect(res.body.id).toBe(1165)
      await http.request(get())
      const [post, read] = s.seen
      expect(post.method).toBe('POST')
      expect(post.headers).toMatchObject({
        authorization: `Bearer ${KEY}`,
        accept: 'application/json',
        'accept-encoding': 'gzip, deflate, br',
        'user-agent': 'test-run-gate/1.2.3',
        'content-type': 'application/json'
      })
      expect(JSON.parse(post.body)).toEqual({ executionId: 274 })
      expect(read.headers['content-type']).toBeUndefined()
      expect(read.body).toBe('')
    })

    it('defaults the user-agent and returns XML as a string', async () => {
      const xml = '<?xml version="1.0"?><testsuites tests="1"/>'
      const s = await serve((_q, res) => send(res, 200, xml, { 'content-type': 'application/xml' }))
      const { http } = client(s.api)
      const res = await http.request(get('/reports/junit/5', { accept: 'xml' }))
      expect(res.body).toBe(xml)
      expect(s.seen[0].headers).toMatchObject({
        accept: 'application/xml',
        'user-agent': 'test-run-gate'
      })
    })

    it('returns an empty answer to a write as undefined, and response headers flattened', async () => {
      const s = await serve((_q, res) => {
        res.writeHead(204, { 'x-request-id': 'r1' })
        res.end()
      })
      const { http } = client(s.api)
      const res = await http.request({ what: 'stop run 5', method: 'PUT', path: '/x', body: {} })
      expect(res).toMatchObject({ status: 204, body: undefined, headers: { 'x-request-id': 'r1' } })
    })

    it('uses the fetch it is given, with the URL, redirect manual and a signal', async () => {
      const s = await serve((_q, res) => send(res, 200, { ok: 1 }))
      const calls: Array<{ url: string; init?: RequestInit }> = []
      const counting: typeof fetch = (input, init) => {
        calls.push({ url: String(input), init })
        return fetch(input, init)
      }
      const res = await client(s.api, { fetch: counting }).http.request(trigger())
      expect(res).toMatchObject({ status: 200, body: { ok: 1 }, attempts: 1 })
      expect(calls).toHaveLength(1)
      expect(calls[0].url).toBe(`${s.api}/execution_results`)
      expect(calls[0].init).toMatchObject({ method: 'POST', redirect: 'manual' })
      expect(calls[0].init?.signal).toBeInstanceOf(AbortSignal)
      expect(s.seen).toHaveLength(1)
    })

    it('classifies what an injected fetch throws by its cause chain', async () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {
        code: 'ECONNREFUSED'
      })
      const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })
      let n = 0
      const fake: typeof fetch = async () => {
        n++
        if (n === 1) throw new TypeError('fetch failed', { cause: refused })
        if (n === 2) throw new TypeError('fetch failed', { cause: reset })
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
      }
      const { http, delays } = client('https://api.test/v1', { fetch: fake })
      // Refused: never sent, so even a POST is repeated; then reset after sending: not repeated.
      const e = await failure(http.request(trigger()))
      expect(n).toBe(2)
      expect(delays).toEqual([250])
      expect(e).toMatchObject({ kind: 'transient', mayHaveReachedServer: true })
      expect(e.message).toBe(
        'trigger test plan 274: the connection was closed unexpectedly (UND_ERR_SOCKET); the request may have reached the server, so it was not repeated'
      )
      expect(await http.request(get())).toMatchObject({ status: 200, body: {}, attempts: 1 })
    })

    it('sends over node:http by default, not the global fetch', async () => {
      const s = await serve((_q, res) => send(res, 200, {}))
      const real = globalThis.fetch
      let n = 0
      globalThis.fetch = (input, init) => {
        n++
        return real(input, init)
      }
      try {
        await new HttpClient({ baseUrl: s.api }).request(get())
      } finally {
        globalThis.fetch = real
      }
      expect(n).toBe(0)
      expect(s.seen).toHaveLength(1)
    })

    it('writes one debug line per attempt without the key or headers', async () => {
      const s = await serve((_q, res, n) =>
        n === 1 ? send(res, 503, `no ${KEY}`) : send(res, 200, {})
      )
      const { http, lines } = client(s.api)
      await http.request(get('/runs/1', { query: { q: 'x' } }))
      expect(lines).toHaveLength(2)
      expect(lines[0]).toMatch(
        /^GET \/api\/v1\/runs\/1\?q=x -> HTTP 503 in \d+ ms \(attempt 1\/4\)/
      )
      expect(lines[0]).toContain('retrying in 250 ms')
      expect(lines[1]).toMatch(/-> 200 in \d+ ms \(attempt 2\/4\)$/)
      expect(lines.join('\n')).not.toMatch(/SECRET|authorization|Bearer/i)
    })
  })

  describe('response bodies', () => {
    const doc = { runId: 'r1', specs: Array.from({ length: 50 }, (_, i) => ({ spec: `s${i}` })) }
    const raw = Buffer.from(JSON.stringify(doc))
    it.each([
      ['gzip', zlib.gzipSync(raw)],
      ['x-gzip', zlib.gzipSync(raw)],
      ['identity', raw],
      ['deflate, gzip', zlib.gzipSync(zlib.deflateSync(raw))],
      ['deflate', zlib.deflateSync(raw)],
      ['deflate', zlib.deflateRawSync(raw)],
      ['br', zlib.brotliCompressSync(raw)]
    ])('decompresses %s', async (encoding, data) => {
      const s = await serve((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding })
        res.end(data)
      })
      const res = await client(s.api).http.request(get())
      expect(res.body).toEqual(doc)
    })

    it('decodes a large gzip body (a Currents run of over 1 MiB)', async () => {
      const big = {
        runId: 'r1',
        specs: Array.from({ length: 25_000 }, (_, i) => ({ spec: `cypress/e2e/s${i}.cy.ts`, i }))
      }
      const text = Buffer.from(JSON.stringify(big))
      expect(text.length).toBeGreaterThan(MiB)
      const s = await serve((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
        res.end(zlib.gzipSync(text))
      })
      const res = await client(s.api).http.request(get())
      expect(res.body).toEqual(big)
      expect(s.seen[0].headers['accept-encoding']).toBe('gzip, deflate, br')
    })

    it.each([['zz'], ['gzip, zz'], ['gzip, identity']])(
      'refuses a content-encoding fetch does not decode: %s',
      async encoding => {
        const s = await serve((_q, res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding })
          res.end(zlib.gzipSync('{}'))
        })
        const e = await failure(client(s.api).http.request(get()))
        expect(e.kind).toBe('bad-response')
        expect(e.message).toBe(`get run 1: the response body could not be decoded (${encoding})`)
        expect(s.seen).toHaveLength(1)
      }
    )

    it.each([['gzip'], ['deflate'], ['br']])(
      'retries a %s body that does not decode on a read, and says so',
      async encoding => {
        const garbage = 'this is not compressed data, not at all'
        const s = await serve((req, res, n) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding })
          res.end(n === 1 || req.url?.includes('bad') ? garbage : compress(encoding, raw))
        })
        const { http, lines } = client(s.api)
        const res = await http.request(get())
        expect(res).toMatchObject({ body: doc, attempts: 2 })
        expect(lines[0]).toMatch(/ -> HTTP 200 in \d+ ms \(attempt 1\/4\); retrying in 250 ms$/)
        const e = await failure(http.request(get('/bad', { retry: { attempts: 1 } })))
        expect(e).toMatchObject({ kind: 'transient', status: 200 })
        expect(e.message).toBe(`get run 1: the response body could not be decoded (${encoding})`)
      }
    )

    it('retries a corrupt compressed body on a read', async () => {
      const s = await serve((_q, res, n) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
        res.end(n === 1 ? zlib.gzipSync(raw).subarray(0, 20) : zlib.gzipSync(raw))
      })
      const res = await client(s.api).http.request(get())
      expect(res).toMatchObject({ body: doc, attempts: 2 })
    })

    it('stops reading a raw body over the cap and closes the connection', async () => {
      let written = 0
      let closed!: Promise<boolean>
      const s = await serve(async (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        closed = new Promise(r => res.on('close', () => r(res.writableFinished)))
        const chunk = Buffer.alloc(MiB, 0x20)
        while (written < 64 * MiB && !res.destroyed) {
          written += chunk.length
          if (!res.write(chunk)) await new Promise(r => res.once('drain', r).once('close', r))
        }
        res.end()
      })
      const e = await failure(client(s.api, { maxResponseBytes: 256 * 1024 }).http.request(get()))
      expect(e).toMatchObject({ kind: 'bad-response', status: 200 })
      expect(e.message).toBe('get run 1: the server answered more than 256 KiB; refusing it')
      expect(await closed).toBe(false)
      expect(written).toBeLessThan(16 * MiB)
      expect(s.seen).toHaveLength(1)
    })

    it('refuses a declared content-length over the cap without reading it', async () => {
      const s = await serve((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 30 * MiB })
        res.write('{"a":')
      })
      const e = await failure(client(s.api).http.request(get()))
      expect(e.message).toBe('get run 1: the server answered more than 20 MiB; refusing it')
    })

    it('refuses a gzip bomb by its decompressed size', async () => {
      const bomb = zlib.gzipSync(Buffer.alloc(21 * MiB, 0x20))
      expect(bomb.length).toBeLessThan(MiB)
      const s = await serve((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
        res.end(bomb)
      })
      const e = await failure(client(s.api).http.request(get()))
      expect(e.kind).toBe('bad-response')
      expect(e.message).toBe('get run 1: the server answered more than 20 MiB; refusing it')
    })

    it('returns expected statuses with the parsed body, else the text, without retrying', async () => {
      const s = await serve((req, res) =>
        req.url?.includes('find')
          ? send(res, 404, { status: 'FAILED', error: 'not yet' })
          : send(res, 422, 'already cancelled')
      )
      const { http } = client(s.api)
      const found = await http.request(get('/runs/find', { expect: [404] }))
      expect(found).toMatchObject({ status: 404, body: { error: 'not yet' }, attempts: 1 })
      const cancel = await http.request({ what: 'c', method: 'PUT', path: '/c', expect: [422] })
      expect(cancel).toMatchObject({ status: 422, body: 'already cancelled' })
      expect(s.seen).toHaveLength(2)
    })
  })

  describe('redirects', () => {
    it('are not followed: the key never goes to the other origin', async () => {
      const other = await serve((_q, res) => send(res, 200, {}))
      const s = await serve((_q, res) => {
        res.writeHead(302, { location: `${other.base}/steal?token=t0ken` })
        res.end()
      })
      const e = await failure(client(s.api).http.request(get()))
      expect(e).toMatchObject({ kind: 'bad-response', status: 302 })
      expect(e.message).toMatch(/^get run 1: the API answered with a redirect \(HTTP 302\) to /)
      expect(e.message).toContain(other.base)
      expect(e.message).toContain('set api-url to the final URL')
      expect(e.message).not.toMatch(/steal|t0ken/)
      expect(other.seen).toHaveLength(0)
      expect(s.seen).toHaveLength(1)
    })

    it('say so for a relative Location too', async () => {
      const s = await serve((_q, res) => {
        res.writeHead(301, { location: '/v2/runs/1' })
        res.end()
      })
      const e = await failure(client(s.api).http.request(get()))
      expect(e.message).toContain(`another path on ${s.base}`)
      expect(s.seen).toHaveLength(1)
    })
  })

  describe('status classes', () => {
    it('401 is auth, never retried, and the key never appears', async () => {
      const s = await serve((_q, res) =>
        send(res, 401, `Unauthorized key Bearer ${KEY}`, { 'content-type': 'application/json' })
      )
      const { http, delays, lines } = client(s.api)
      const e = await failure(http.request(get()))
      expect(e).toMatchObject({ kind: 'auth', status: 401 })
      expect(e.message).toMatch(/^get run 1: the API key was rejected \(HTTP 401\)/)
      expect(e.message).toContain('the server said: Unauthorized key ***')
      expect(delays).toEqual([])
      expect(s.seen).toHaveLength(1)
      expect(lines.join(' ')).not.toContain(KEY)
    })

    it('403 on a write asks about a read-only key; on a read it does not', async () => {
      const s = await serve((_q, res) => send(res, 403, { status: 'FAILED', error: 'Forbidden' }))
      const { http } = client(s.api)
      const write = await failure(
        http.request({ what: 'cancel run r1', method: 'PUT', path: '/c' })
      )
      expect(write.kind).toBe('auth')
      expect(write.message).toMatch(/^cancel run r1: the API key was rejected \(HTTP 403\)/)
      expect(write.message).toContain('— is it a read-only key?')
      const read = await failure(http.request(get()))
      expect(read.message).not.toContain('read-only')
      expect(s.seen).toHaveLength(2)
    })

    it.each<[number, 'GET' | 'POST' | 'PUT' | 'DELETE', 'not-found' | 'conflict' | 'rejected']>([
      [404, 'GET', 'not-found'],
      [409, 'PUT', 'conflict'],
      [422, 'PUT', 'conflict'],
      [400, 'POST', 'rejected'],
      [402, 'GET', 'rejected'],
      [405, 'DELETE', 'rejected'],
      [410, 'GET', 'rejected'],
      [500, 'POST', 'conflict'],
      [500, 'PUT', 'conflict']
    ])('%d on %s is %s and not retried', async (status, method, kind) => {
      const s = await serve((_q, res) =>
        send(res, status, { error: 'Execution is already running' })
      )
      const { http, delays } = client(s.api)
      const e = await failure(http.request({ what: 'do it', method, path: '/x' }))
      expect(e).toMatchObject({ kind, status })
      expect(e.message).toMatch(new RegExp(`^do it: .*HTTP ${status}`))
      expect(e.message).toContain('the server said: Execution is already running')
      expect(s.seen).toHaveLength(1)
      expect(delays).toEqual([])
    })

    it('puts at most 200 characters of the server text on one line', async () => {
      const text = `first line\r\nsecond\tline\u0000 ${'y'.repeat(400)}`
      const s = await serve((_q, res) => send(res, 400, { message: text }))
      const e = await failure(client(s.api).http.request(get()))
      expect(e.message).toContain('the server said: first line second line y')
      const said = e.message.split('the server said: ')[1]
      expect(said.length).toBeLessThanOrEqual(201)
      expect(said.endsWith('…')).toBe(true)
    })
  })

  describe('retries', () => {
    const html = '<html><head><title>Bad Gateway</title></head></html>'
    it.each<[string, (res: ServerResponse) => void]>([
      ['500', res => send(res, 500, { error: 'boom' })],
      ['502', res => send(res, 502, html, { 'content-type': 'text/html' })],
      ['503', res => send(res, 503, 'down')],
      ['504', res => send(res, 504, '')],
      ['an HTML page', res => send(res, 200, html, { 'content-type': 'text/html' })],
      [
        'cut-off JSON',
        res => send(res, 200, '{"status":"OK","da', { 'content-type': 'application/json' })
      ],
      ['an empty body', res => send(res, 200, '', { 'content-type': 'application/json' })],
      ['a reset connection', res => void res.socket?.destroy()],
      [
        'a connection closed mid-body',
        res => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 })
          res.write('{"status":')
          setTimeout(() => res.socket?.destroy(), 10)
        }
      ]
    ])('a GET is retried after %s, then succeeds', async (_name, bad) => {
      const s = await serve((_q, res, n) => (n === 1 ? bad(res) : send(res, 200, { status: 'OK' })))
      const { http, delays } = client(s.api)
      const res = await http.request(get())
      expect(res).toMatchObject({ status: 200, body: { status: 'OK' }, attempts: 2 })
      expect(delays).toEqual([250])
      expect(s.seen).toHaveLength(2)
    })

    it('says why a 2xx that is not JSON failed', async () => {
      const s = await serve((_q, res) => send(res, 200, '<html>', { 'content-type': 'text/html' }))
      const e = await failure(client(s.api, { retry: { attempts: 1 } }).http.request(get()))
      expect(e).toMatchObject({ kind: 'transient', status: 200 })
      expect(e.message).toBe('get run 1: the response was not JSON (text/html)')
    })

    it('gives up after `attempts` with a transient error naming what it was doing', async () => {
      const s = await serve((_q, res) => send(res, 503, 'Service down'))
      const { http, delays } = client(s.api, { random: () => 1 })
      const e = await failure(http.request(get()))
      expect(e).toMatchObject({ kind: 'transient', status: 503 })
      expect(e.mayHaveReachedServer).toBeUndefined()
      expect(e.message).toBe(
        'get run 1: HTTP 503 Service Unavailable; the server said: Service down (gave up after 4 attempts)'
      )
      expect(delays).toEqual([500, 1000, 2000])
      expect(s.seen).toHaveLength(4)
    })

    it('honours a per-request retry policy', async () => {
      const s = await serve((_q, res) => send(res, 502, ''))
      const { http, delays } = client(s.api, { retry: { attempts: 5 } })
      await failure(http.request(get('/x', { retry: { attempts: 2, maxDelayMs: 100 } })))
      expect(delays).toEqual([50])
      expect(s.seen).toHaveLength(2)
    })

    it('honours Retry-After in seconds', async () => {
      const s = await serve((_q, res, n) =>
        n === 1 ? send(res, 429, 'slow down', { 'retry-after': '3' }) : send(res, 200, {})
      )
      const { http, delays } = client(s.api)
      const res = await http.request(get())
      expect(res.attempts).toBe(2)
      expect(delays).toHaveLength(1)
      expect(delays[0]).toBeGreaterThanOrEqual(3000)
    })

    it('honours Retry-After as an HTTP-date', async () => {
      const at = new Date(Date.now() + 10_000).toUTCString()
      const s = await serve((_q, res, n) =>
        n === 1 ? send(res, 503, 'busy', { 'retry-after': at }) : send(res, 200, {})
      )
      const { http, delays } = client(s.api)
      await http.request(get())
      expect(delays[0]).toBeGreaterThanOrEqual(8000)
      expect(delays[0]).toBeLessThanOrEqual(10_000)
    })

    it('does not wait out a long Retry-After: the error carries it', async () => {
      const s = await serve((_q, res) => send(res, 429, 'later', { 'retry-after': '120' }))
      const { http, delays } = client(s.api)
      const e = await failure(http.request(get()))
      expect(e).toMatchObject({ kind: 'transient', status: 429, retryAfterMs: 120_000 })
      expect(e.message).toContain('the server asked to wait 120s')
      expect(delays).toEqual([])
      expect(s.seen).toHaveLength(1)
    })

    it('times out an attempt, says so, and retries a read', async () => {
      const s = await serve((req, res, n) => {
        if (n > 1 && !req.url?.includes('hang')) send(res, 200, { ok: 1 })
      })
      const { http } = client(s.api, { timeoutMs: 150 })
      const res = await http.request(get())
      expect(res.attempts).toBe(2)
      const e = await failure(
        http.request(get('/hang', { timeoutMs: 100, retry: { attempts: 1 } }))
      )
      expect(e.kind).toBe('transient')
      expect(e.message).toBe('get run 1: timed out after 0.1s')
    })

    it('times out a body that stalls', async () => {
      const s = await serve((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('{"a":')
      })
      const { http } = client(s.api, { timeoutMs: 100, retry: { attempts: 1 } })
      const e = await failure(http.request(get()))
      expect(e.message).toBe('get run 1: timed out after 0.1s')
    })
  })

  describe('writes that may have reached the server', () => {
    it('a POST reset after it was sent is not repeated', async () => {
      const s = await serve((_q, res) => void res.socket?.destroy())
      const { http, delays } = client(s.api)
      const e = await failure(http.request(trigger()))
      expect(e).toMatchObject({ kind: 'transient', mayHaveReachedServer: true })
      expect(e.message).toMatch(/^trigger test plan 274: /)
      expect(e.message).toContain('the request may have reached the server, so it was not repeated')
      expect(s.seen).toHaveLength(1)
      expect(delays).toEqual([])
    })

    it('a POST that timed out is not repeated', async () => {
      // Long enough for the request to arrive on a loaded machine (it once did not in 0.1 s).
      const s = await serve(() => undefined)
      const e = await failure(client(s.api, { timeoutMs: 1500 }).http.request(trigger()))
      expect(e).toMatchObject({ kind: 'transient', mayHaveReachedServer: true })
      expect(e.message).toContain('timed out after 1.5s')
      expect(s.seen).toHaveLength(1)
    })

    it.each([
      ['502', 502, {}],
      ['504', 504, {}],
      ['503 without Retry-After', 503, {}]
    ])('a POST answered %s is not repeated', async (_n, status, headers) => {
      const s = await serve((_q, res) => send(res, status, 'gateway', headers))
      const e = await failure(client(s.api).http.request(trigger()))
      expect(e).toMatchObject({ kind: 'transient', status, mayHaveReachedServer: true })
      expect(s.seen).toHaveLength(1)
    })

    it('a POST answered 2xx with HTML is not repeated', async () => {
      const s = await serve((_q, res) => send(res, 200, '<html/>', { 'content-type': 'text/html' }))
      const e = await failure(client(s.api).http.request(trigger()))
      expect(e).toMatchObject({ kind: 'transient', mayHaveReachedServer: true })
      expect(s.seen).toHaveLength(1)
    })

    it('a POST is repeated when the server asked: 429, 503 with Retry-After', async () => {
      const s = await serve((_q, res, n) => {
        if (n === 1) return send(res, 429, 'too many')
        if (n === 2) return send(res, 503, 'later', { 'retry-after': '1' })
        send(res, 201, { id: 7 })
      })
      const { http, delays } = client(s.api)
      const res = await http.request(trigger())
      expect(res).toMatchObject({ body: { id: 7 }, attempts: 3 })
      expect(delays).toEqual([250, 1000])
      expect(s.seen).toHaveLength(3)
    })

    it('a POST is repeated when the connection was refused', async () => {
      const port = await freePort()
      let s: Awaited<ReturnType<typeof serve>> | undefined
      const { http, delays, lines } = client(`http://127.0.0.1:${port}/api/v1`, {
        sleep: async ms => {
          delays.push(ms)
          s ??= await serve((_q, res) => send(res, 201, { id: 8 }), port)
        }
      })
      const res = await http.request(trigger())
      expect(res).toMatchObject({ body: { id: 8 }, attempts: 2 })
      expect(lines[0]).toContain('ECONNREFUSED')
      expect(s?.seen).toHaveLength(1)
    })

    it('refused every time: transient, retried, not flagged', async () => {
      const port = await freePort()
      const { http, delays } = client(`http://127.0.0.1:${port}`)
      const e = await failure(http.request(trigger()))
      expect(e.kind).toBe('transient')
      expect(e.mayHaveReachedServer).toBeUndefined()
      expect(e.message).toBe(
        `trigger test plan 274: could not connect to 127.0.0.1:${port}: connection refused (ECONNREFUSED) (gave up after 4 attempts)`
      )
      expect(delays).toHaveLength(3)
    })

    it('a POST marked idempotent is repeated after a reset', async () => {
      const s = await serve((_q, res, n) =>
        n === 1 ? void res.socket?.destroy() : send(res, 200, {})
      )
      const res = await client(s.api).http.request(trigger({ idempotent: true }))
      expect(res.attempts).toBe(2)
    })
  })

  describe('aborting', () => {
    it('stops during a backoff sleep (real timers) with GateError aborted', async () => {
      const s = await serve((_q, res) => send(res, 503, 'busy', { 'retry-after': '30' }))
      const c = new AbortController()
      const { http } = client(s.api, { sleep: undefined })
      const started = Date.now()
      setTimeout(() => c.abort(), 50)
      const e = await failure(http.request(get('/runs/1', { signal: c.signal })))
      expect(e.kind).toBe('aborted')
      expect(e.message).toBe('get run 1: aborted')
      expect(Date.now() - started).toBeLessThan(5000)
      expect(s.seen).toHaveLength(1)
    })

    it('stops a request in flight, and sends nothing when already aborted', async () => {
      const s = await serve(() => undefined)
      const c = new AbortController()
      const { http, delays } = client(s.api)
      setTimeout(() => c.abort(), 50)
      const e = await failure(http.request(trigger({ signal: c.signal })))
      expect(e.kind).toBe('aborted')
      expect(delays).toEqual([])
      const again = await failure(http.request(get('/x', { signal: c.signal })))
      expect(again.kind).toBe('aborted')
      expect(s.seen).toHaveLength(1)
    })
  })
})

describe('on undici fetch', () => {
  it('a port fetch refuses (6000) is bad input, not retried', async () => {
    const { http, delays } = client('http://127.0.0.1:6000/api')
    const e = await failure(http.request(get()))
    expect(e.kind).toBe('bad-input')
    expect(e.message).toBe(
      'get run 1: fetch refuses to connect to this port (one that browsers block, e.g. 6000 or 10080): set api-url to another port'
    )
    expect(delays).toEqual([])
  })

  it('src/ opens no node:http(s) client and writes no runner file itself', () => {
    const hand =
      /from 'node:https?'|import\('node:https?'\)|GITHUB_(OUTPUT|STATE|STEP_SUMMARY)|ghadelimiter|'::'/
    const offenders = readdirSync(new URL('../src', import.meta.url), { recursive: true })
      .map(String)
      .filter(f => f.endsWith('.ts'))
      .filter(f => {
        const text = readFileSync(new URL(`../src/${f}`, import.meta.url), 'utf8')
        return text.split('\n').some(line => hand.test(line) && !/STATUS_CODES/.test(line))
      })
    expect(offenders).toEqual([])
  })
})
