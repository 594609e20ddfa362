/**
 * The simulator's wire: a request read off the socket into a RecordedRequest, and an answer
 * written back, as the service answered it or as a fault rule bends it (cut, held, delayed,
 * reset halfway, flooded). server.ts owns the state (sockets, timers, waiters); this file only
 * reads and writes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { promisify } from 'node:util'
import { createGzip, gzip } from 'node:zlib'
import { faultResponse, runsHandler } from './faults.js'
import type { FaultRule } from './faults.js'
import type { RecordedRequest, Service, SimResponse } from './http.js'
import { json, parseBody, parseQuery } from './http.js'

const gzipAsync = promisify(gzip)

/** Each service under its own path prefix of the one server. */
export const PREFIXES: Array<[string, Service]> = [
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

/** The whole request, body included, as the tests see it. */
export async function readRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const at = Date.now()
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const u = new URL(req.url ?? '/', 'http://127.0.0.1')
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return {
    ...routeOf(u.pathname),
    method: (req.method ?? 'GET').toUpperCase(),
    query: parseQuery(u.search),
    headers,
    body: parseBody(text),
    text,
    at
  }
}

export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some(part => {
    const [coding, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map(p => p.trim()).find(p => p.startsWith('q='))
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0)
  })
}

/** What writing an answer needs from the server. */
export interface Wire {
  /** The service's own answer to a request (a handler bug is a 500 naming it). */
  handle: (rec: RecordedRequest) => SimResponse
  /** True once the simulator is closing: nothing more is written. */
  closed: () => boolean
  /** Timers of delayed answers, cleared when the simulator closes. */
  timers: Set<NodeJS.Timeout>
  /** Answers held by a barrier rule until enough requests have met it. */
  barriers: Map<FaultRule, Array<() => void>>
}

/** Writes an answer whole (gzip when asked for), unless the simulator or the socket closed. */
export async function send(
  wire: Pick<Wire, 'closed'>,
  res: ServerResponse,
  r: SimResponse,
  gz: boolean
): Promise<void> {
  let payload = Buffer.from(r.body, 'utf8')
  const headers: Record<string, string | number> = { 'content-type': r.contentType }
  Object.assign(headers, r.headers)
  if (gz && payload.length > 0) {
    payload = await gzipAsync(payload)
    headers['content-encoding'] = 'gzip'
    headers['vary'] = 'Accept-Encoding'
  }
  headers['content-length'] = payload.length
  if (wire.closed() || res.destroyed) return
  res.writeHead(r.status, headers)
  res.end(payload)
}

/** The answer to a request a fault rule picked. */
export async function answerFault(
  wire: Wire,
  rule: FaultRule,
  rec: RecordedRequest,
  res: ServerResponse
): Promise<void> {
  const destroy = (): void => void res.socket?.destroy()
  const gz = acceptsGzip(rec.headers['accept-encoding'])
  switch (rule.kind) {
    case 'close':
      if (rule.runHandler) wire.handle(rec)
      return destroy()
    case 'hang':
      if (rule.runHandler) wire.handle(rec)
      return
    case 'drop-after-handling':
      if (runsHandler(rule)) wire.handle(rec)
      return destroy()
    case 'barrier': {
      const answer = wire.handle(rec)
      const held = wire.barriers.get(rule) ?? []
      held.push(() => void send(wire, res, answer, gz))
      wire.barriers.set(rule, held)
      if (held.length >= rule.count) {
        wire.barriers.delete(rule)
        for (const answerNow of held) answerNow()
      }
      return
    }
    case 'delay': {
      const timer = setTimeout(() => {
        wire.timers.delete(timer)
        if (!wire.closed()) void send(wire, res, wire.handle(rec), gz)
      }, rule.ms)
      wire.timers.add(timer)
      return
    }
    case 'reset': {
      const real = runsHandler(rule)
        ? wire.handle(rec)
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
      return flood(wire, rule, rule.bytes, rule.gzip === true, res)
    default: {
      const real = runsHandler(rule) ? wire.handle(rec) : undefined
      const r = faultResponse(rule, rec, real) ?? json(500, { error: 'unknown fault kind' })
      return send(wire, res, r, false)
    }
  }
}

/** Whitespace at the pace the client reads it, until `bytes` or the connection closes. */
function flood(
  wire: Pick<Wire, 'closed'>,
  rule: FaultRule,
  bytes: number,
  gz: boolean,
  res: ServerResponse
): void {
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
    while (left > 0 && !wire.closed()) {
      const n = Math.min(left, chunk.length)
      left -= n
      rule.flooded += n
      if (!sink.write(chunk.subarray(0, n))) return void sink.once('drain', pump)
    }
    if (!res.destroyed) sink.end()
  }
  pump()
}
