/**
 * One HTTP server on 127.0.0.1 that plays Testsigma, Currents and the GitHub checks API
 * (see /work/shared/API.md), records every request, and injects faults. Used in-process by
 * the jest tests and by `npm run sim` / demo / bench.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { promisify } from 'node:util'
import { createGzip, gzip } from 'node:zlib'
import { CurrentsSim } from './currents/service.js'
import { FaultSim, faultResponse, runsHandler } from './faults.js'
import type { FaultRule } from './faults.js'
import { GithubSim } from './github.js'
import type { Handler, RecordedRequest, Service, SimResponse } from './http.js'
import { json, parseBody, parseQuery } from './http.js'
import { TestsigmaSim } from './testsigma/service.js'

export type { RecordedRequest, Service, SimResponse } from './http.js'
export type { FaultAction, FaultKind, FaultMatch, FaultRule, FaultSpec } from './faults.js'
export { CurrentsSim } from './currents/service.js'
export { FaultSim } from './faults.js'
export { FORK_TOKEN, GithubSim } from './github.js'
export { TestsigmaSim } from './testsigma/service.js'

const gzipAsync = promisify(gzip)

export interface SimulatorOptions {
  /** Testsigma and Currents API key (Authorization: Bearer). Default 'sim-key'. */
  apiKey?: string
  /** GitHub token (Authorization: token or Bearer). Default 'gh-token'. */
  githubToken?: string
  /** A Currents key that may read but not write (403 on PUT/DELETE). */
  currentsReadOnlyKey?: string
  /** Currents' record key, taken by the director. Default 'sim-record-key'. */
  currentsRecordKey?: string
  /** Port on 127.0.0.1; default 0 (a free one). */
  port?: number
  /** Called once each request is done with: answered (its status), or cut off (no status). */
  onServed?: (served: ServedRequest) => void
}

/** A request as `npm run sim` logs it. */
export interface ServedRequest {
  request: RecordedRequest
  /** Undefined when no answer went out whole (a fault cut it, or the simulator closed). */
  status?: number
  ms: number
}

/** One log line: "currents GET /runs/find?projectId=demo -> 404 in 3 ms". */
export function servedLine({ request: r, status, ms }: ServedRequest): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(r.query)) for (const one of [v].flat()) q.append(k, one)
  const query = q.size ? `?${q.toString()}` : ''
  return `${r.service} ${r.method} ${r.path}${query} -> ${status ?? 'no answer'} in ${ms} ms`
}

export type RequestPredicate = (r: RecordedRequest) => boolean

export interface Simulator {
  /** 'http://127.0.0.1:PORT' */
  url: string
  /** url + '/testsigma/api/v1' (the action's api-url for Testsigma) */
  testsigmaUrl: string
  /** url + '/currents/v1' */
  currentsUrl: string
  /** url + '/github' (GITHUB_API_URL) */
  githubUrl: string
  /** url + '/director': Currents' reporting service (the action's director-url) */
  directorUrl: string
  apiKey: string
  githubToken: string
  /** Every request received, in order (faulted ones too). */
  requests: RecordedRequest[]
  testsigma: TestsigmaSim
  currents: CurrentsSim
  github: GithubSim
  faults: FaultSim
  /** Resolves with the first recorded request (already received or future) that matches. */
  waitForRequest(predicate: RequestPredicate, timeoutMs?: number): Promise<RecordedRequest>
  /** Recorded requests of one service, optionally one method and path (string or RegExp). */
  requestsTo(service: Service, method?: string, path?: string | RegExp): RecordedRequest[]
  /** Closes the server and every open socket, clears timers, rejects pending waits. */
  close(): Promise<void>
}

interface Waiter {
  predicate: RequestPredicate
  resolve: (r: RecordedRequest) => void
  reject: (e: Error) => void
  timer: NodeJS.Timeout
}

const PREFIXES: Array<[string, Service]> = [
  ['/testsigma/api/v1', 'testsigma'],
  ['/currents/v1', 'currents'],
  ['/github', 'github'],
  ['/director', 'director']
]

function routeOf(pathname: string): { service: Service; path: string } {
  for (const [prefix, service] of PREFIXES) {
    if (pathname === prefix || pathname.startsWith(prefix + '/')) {
      return { service, path: pathname.slice(prefix.length) }
    }
  }
  return { service: 'other', path: pathname }
}

function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some(part => {
    const [coding, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map(p => p.trim()).find(p => p.startsWith('q='))
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0)
  })
}

/** The base URLs of the services of a simulator at `url` ('http://127.0.0.1:PORT'). */
export function simUrls(
  url: string
): Pick<Simulator, 'testsigmaUrl' | 'currentsUrl' | 'githubUrl' | 'directorUrl'> {
  return {
    testsigmaUrl: `${url}${PREFIXES[0][0]}`,
    currentsUrl: `${url}${PREFIXES[1][0]}`,
    githubUrl: `${url}${PREFIXES[2][0]}`,
    directorUrl: `${url}${PREFIXES[3][0]}`
  }
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const apiKey = opts.apiKey ?? 'sim-key'
  const githubToken = opts.githubToken ?? 'gh-token'
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const waiters = new Set<Waiter>()
  const requests: RecordedRequest[] = []
  let closed = false
  let url = ''

  const testsigma = new TestsigmaSim(apiKey, () => url)
  const currents = new CurrentsSim(apiKey, opts.currentsReadOnlyKey, opts.currentsRecordKey)
  const github = new GithubSim(githubToken, () => `${url}/github`)
  const faults = new FaultSim()
  const handlers: Record<Service, Handler> = {
    testsigma: testsigma.handle,
    currents: currents.handle,
    director: currents.handleDirector,
    github: github.handle,
    other: r => json(404, { error: `Not Found: ${r.path}` })
  }

  const runHandler = (rec: RecordedRequest): SimResponse => {
    try {
      return handlers[rec.service](rec)
    } catch (e) {
      return json(500, { error: `simulator bug: ${e instanceof Error ? e.stack : String(e)}` })
    }
  }

  const send = async (res: ServerResponse, r: SimResponse, gz: boolean): Promise<void> => {
    let payload = Buffer.from(r.body, 'utf8')
    const headers: Record<string, string | number> = { 'content-type': r.contentType }
    Object.assign(headers, r.headers)
    if (gz && payload.length > 0) {
      payload = await gzipAsync(payload)
      headers['content-encoding'] = 'gzip'
      headers['vary'] = 'Accept-Encoding'
    }
    headers['content-length'] = payload.length
    if (closed || res.destroyed) return
    res.writeHead(r.status, headers)
    res.end(payload)
  }

  const record = (rec: RecordedRequest): void => {
    requests.push(rec)
    for (const w of waiters) {
      if (!w.predicate(rec)) continue
      waiters.delete(w)
      clearTimeout(w.timer)
      w.resolve(rec)
    }
  }

  /** Answers held by a barrier rule until enough requests have met it. */
  const barriers = new Map<FaultRule, Array<() => void>>()

  const applyFault = async (
    rule: FaultRule,
    rec: RecordedRequest,
    res: ServerResponse
  ): Promise<void> => {
    const destroy = (): void => void res.socket?.destroy()
    switch (rule.kind) {
      case 'close':
        if (rule.runHandler) runHandler(rec)
        return destroy()
      case 'hang':
        if (rule.runHandler) runHandler(rec)
        return
      case 'drop-after-handling':
        if (runsHandler(rule)) runHandler(rec)
        return destroy()
      case 'barrier': {
        const answer = runHandler(rec)
        const gz = acceptsGzip(rec.headers['accept-encoding'])
        const held = barriers.get(rule) ?? []
        held.push(() => void send(res, answer, gz))
        barriers.set(rule, held)
        if (held.length >= rule.count) {
          barriers.delete(rule)
          for (const answerNow of held) answerNow()
        }
        return
      }
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer)
          if (!closed) void send(res, runHandler(rec), acceptsGzip(rec.headers['accept-encoding']))
        }, rule.ms)
        timers.add(timer)
        return
      }
      case 'reset': {
        const real = runsHandler(rule)
          ? runHandler(rec)
          : json(200, { status: 'OK', data: { padding: 'x'.repeat(200) } })
        const body = Buffer.from(real.body.length > 1 ? real.body : '{"x":1}', 'utf8')
        res.writeHead(real.status, {
          'content-type': real.contentType,
          'content-length': body.length
        })
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => destroy())
        return
      }
      case 'flood':
        return flood(rule, rule.bytes, rule.gzip === true, res)
      default: {
        const real = runsHandler(rule) ? runHandler(rec) : undefined
        const r = faultResponse(rule, rec, real) ?? json(500, { error: 'unknown fault kind' })
        return send(res, r, false)
      }
    }
  }

  /** Whitespace at the pace the client reads it, until `bytes` or the connection closes. */
  const flood = (rule: FaultRule, bytes: number, gz: boolean, res: ServerResponse): void => {
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(gz ? { 'content-encoding': 'gzip' } : {})
    })
    const zip = gz ? createGzip() : undefined
    zip?.on('error', () => {})
    zip?.pipe(res)
    const sink = zip ?? res
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    let left = bytes
    res.on('close', () => {
      left = 0
      zip?.destroy()
    })
    const pump = (): void => {
      while (left > 0 && !closed) {
        const n = Math.min(left, chunk.length)
        left -= n
        rule.flooded += n
        if (!sink.write(chunk.subarray(0, n))) return void sink.once('drain', pump)
      }
      if (!res.destroyed) sink.end()
    }
    pump()
  }

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = Date.now()
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const u = new URL(req.url ?? '/', 'http://127.0.0.1')
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
    }
    const text = Buffer.concat(chunks).toString('utf8')
    const rec: RecordedRequest = {
      ...routeOf(u.pathname),
      method: (req.method ?? 'GET').toUpperCase(),
      query: parseQuery(u.search),
      headers,
      body: parseBody(text),
      text,
      at
    }
    record(rec)
    if (opts.onServed) {
      const served = opts.onServed
      res.once('close', () =>
        served({
          request: rec,
          status: res.writableFinished ? res.statusCode : undefined,
          ms: Date.now() - at
        })
      )
    }
    if (closed) {
      res.socket?.destroy()
      return
    }
    const rule = faults.pick(rec)
    if (rule) return applyFault(rule, rec, res)
    return send(res, runHandler(rec), acceptsGzip(headers['accept-encoding']))
  }

  const server = createServer({ keepAliveTimeout: 1000 })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch(() => res.socket?.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  url = `http://127.0.0.1:${address.port}`

  return {
    url,
    ...simUrls(url),
    apiKey,
    githubToken,
    requests,
    testsigma,
    currents,
    github,
    faults,
    waitForRequest(predicate, timeoutMs = 5000) {
      const found = requests.find(predicate)
      if (found) return Promise.resolve(found)
      if (closed) return Promise.reject(new Error('simulator closed'))
      return new Promise((resolve, reject) => {
        const w: Waiter = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(w)
            reject(new Error(`no matching request within ${timeoutMs} ms`))
          }, timeoutMs)
        }
        waiters.add(w)
      })
    },
    requestsTo(service, method, path) {
      return requests.filter(
        r =>
          r.service === service &&
          (method === undefined || r.method === method.toUpperCase()) &&
          (path === undefined || (typeof path === 'string' ? r.path === path : path.test(r.path)))
      )
    },
    async close() {
      if (closed) return
      closed = true
      for (const t of timers) clearTimeout(t)
      timers.clear()
      for (const w of waiters) {
        clearTimeout(w.timer)
        w.reject(new Error('simulator closed'))
      }
      waiters.clear()
      const done = new Promise<void>(resolve => server.close(() => resolve()))
      for (const s of sockets) s.destroy()
      server.closeAllConnections()
      await done
    }
  }
}
