/**
 * Shared vocabulary of the simulator: the recorded request, the response a service handler
 * produces (written by server.ts, possibly altered by a fault), and small response helpers.
 * Handlers are synchronous functions of a recorded request: all state lives in memory.
 */

export type Service = 'testsigma' | 'currents' | 'director' | 'github' | 'other'

export interface RecordedRequest {
  service: Service
  method: string
  /** Path after the service prefix, without the query string, e.g. '/runs/find'. */
  path: string
  /** Repeated keys and keys ending in '[]' (tags[]) are arrays; others are strings. */
  query: Record<string, string | string[]>
  /** Lower-case header names. */
  headers: Record<string, string>
  /** Parsed JSON when the body parses, else the raw text ('' when there is none). */
  body: unknown
  /** The body as sent (numbers past 2^53 exactly as written). */
  text: string
  /** Date.now() when the request arrived. */
  at: number
}

/** What a handler answers; server.ts writes it (gzip when the client asks for it). */
export interface SimResponse {
  status: number
  contentType: string
  body: string
  headers?: Record<string, string>
}

export type Handler = (req: RecordedRequest) => SimResponse

export const JSON_TYPE = 'application/json; charset=utf-8'

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body), headers }
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8') {
  return { status, contentType, body } satisfies SimResponse
}

/** A plain object (not an array, not null), for body validation. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The bearer/token credential of an Authorization header ('' when absent or malformed). */
export function credential(req: RecordedRequest, schemes: string[]): string {
  const m = /^(\S+)\s+(.+)$/.exec(req.headers['authorization'] ?? '')
  if (!m || !schemes.includes(m[1].toLowerCase())) return ''
  return m[2].trim()
}

/** First value of a query parameter. */
export function queryOne(req: RecordedRequest, key: string): string | undefined {
  const v = req.query[key]
  return Array.isArray(v) ? v[0] : v
}

/** All values of a query parameter. */
export function queryAll(req: RecordedRequest, key: string): string[] {
  const v = req.query[key]
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

export function parseQuery(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = out[k]
    if (prev === undefined) out[k] = k.endsWith('[]') ? [v] : v
    else if (Array.isArray(prev)) prev.push(v)
    else out[k] = [prev, v]
  }
  return out
}

export function parseBody(raw: string): unknown {
  if (raw === '') return ''
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return raw
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}
