/**
 * Fault injection. A rule matches requests by service, method and path (after the service
 * prefix); it applies `times` times (default 1, Infinity allowed) after letting the first
 * `skip` matches through (default 0). Every rule counts every request it matches, whichever
 * rule ends up applying, so `skip: 2` always means "from the third matching request on".
 * The first rule (in the order added) that is due applies; the others let the request pass.
 *
 * `runHandler`: whether the real handler runs (its side effects happen: a trigger POST
 * creates its run) before the fault shapes the answer. Default: true for delay, reset,
 * truncated and drop-after-handling; false for the rest (a proxy answered, nothing reached
 * the service).
 */
import type { RecordedRequest, Service, SimResponse } from './http.js'
import { json, text } from './http.js'

export interface FaultMatch {
  service?: Service
  method?: string
  path?: string | RegExp
  times?: number
  skip?: number
  runHandler?: boolean
}

export type FaultAction =
  | { kind: 'status'; status: number; body?: string; contentType?: string; retryAfter?: string }
  /** 502 (or `status`) with an HTML error page, as a load balancer sends it. */
  | { kind: 'html'; status?: number }
  /** Status line, headers and part of the body, then the socket is destroyed. */
  | { kind: 'reset' }
  /** The socket is destroyed without any response. */
  | { kind: 'close' }
  /** Wait `ms`, then answer normally. */
  | { kind: 'delay'; ms: number }
  /** Never answer (until the simulator closes). */
  | { kind: 'hang' }
  /** 200, JSON content type, the real body cut in half (complete HTTP message). */
  | { kind: 'truncated' }
  /** 200, JSON content type, a plain-text body. */
  | { kind: 'non-json'; body?: string }
  /** 200, valid JSON of the wrong shape (default per service; `body` to choose). */
  | { kind: 'wrong-shape'; body?: unknown }
  /** Any JSON answer. */
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  /** Run the real handler, then destroy the socket without answering. */
  | { kind: 'drop-after-handling' }
  /**
   * 200, JSON content type, `bytes` of whitespace with no declared length, as fast as the
   * client reads them; `gzip`: as one gzip stream (4 GiB is about 4 MB on the wire).
   */
  | { kind: 'flood'; bytes: number; gzip?: boolean }
  /**
   * Run the real handler at once, but answer only when `count` requests have met this rule
   * (set `times` to at least `count`): two clients that both asked before either heard back.
   */
  | { kind: 'barrier'; count: number }

export type FaultSpec = FaultMatch & FaultAction

export type FaultKind = FaultAction['kind']

/** A rule as stored: the spec plus its counters. */
export type FaultRule = FaultSpec & {
  /** Requests that matched the rule's filter so far. */
  matched: number
  /** Times the fault was applied. */
  applied: number
  /** flood: bytes of whitespace written (before compression) until the client stopped reading. */
  flooded: number
}

const RUNS_HANDLER: ReadonlySet<FaultKind> = new Set([
  'barrier',
  'delay',
  'reset',
  'truncated',
  'drop-after-handling'
])

export class FaultSim {
  readonly rules: FaultRule[] = []

  /** Adds a rule after the existing ones and returns it (its counters update live). */
  add(spec: FaultSpec): FaultRule {
    const rule: FaultRule = { ...spec, matched: 0, applied: 0, flooded: 0 }
    this.rules.push(rule)
    return rule
  }

  remove(rule: FaultRule): void {
    const i = this.rules.indexOf(rule)
    if (i >= 0) this.rules.splice(i, 1)
  }

  clear(): void {
    this.rules.length = 0
  }

  /** Rules that can still apply. */
  pending(): FaultRule[] {
    return this.rules.filter(r => r.applied < (r.times ?? 1))
  }

  /** Counts the request against every matching rule and returns the one that applies. */
  pick(req: RecordedRequest): FaultRule | undefined {
    let chosen: FaultRule | undefined
    for (const rule of this.rules) {
      if (!matches(rule, req)) continue
      rule.matched++
      if (chosen) continue
      if (rule.matched > (rule.skip ?? 0) && rule.applied < (rule.times ?? 1)) {
        rule.applied++
        chosen = rule
      }
    }
    return chosen
  }
}

export function runsHandler(rule: FaultRule): boolean {
  return rule.runHandler ?? RUNS_HANDLER.has(rule.kind)
}

function matches(rule: FaultRule, req: RecordedRequest): boolean {
  if (rule.service !== undefined && rule.service !== req.service) return false
  if (rule.method !== undefined && rule.method.toUpperCase() !== req.method) return false
  if (rule.path === undefined) return true
  if (typeof rule.path === 'string') return rule.path === req.path
  rule.path.lastIndex = 0
  return rule.path.test(req.path)
}

const HTML_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>
`

/**
 * The answer of a fault that answers with a complete HTTP message (status, html, truncated,
 * non-json, wrong-shape, json). `real` is the real handler's answer when it ran.
 */
export function faultResponse(
  rule: FaultRule,
  req: RecordedRequest,
  real: SimResponse | undefined
): SimResponse | undefined {
  switch (rule.kind) {
    case 'status': {
      const headers: Record<string, string> = {}
      if (rule.retryAfter !== undefined) headers['retry-after'] = rule.retryAfter
      return {
        status: rule.status,
        contentType: rule.contentType ?? 'application/json; charset=utf-8',
        body: rule.body ?? defaultStatusBody(req.service, rule.status),
        headers
      }
    }
    case 'html':
      return text(rule.status ?? 502, HTML_PAGE, 'text/html; charset=utf-8')
    case 'truncated': {
      const full = real?.body ?? JSON.stringify(defaultWrongShape(req.service, true))
      const cut = full.slice(0, Math.max(1, Math.floor(full.length / 2)))
      return text(200, cut, 'application/json; charset=utf-8')
    }
    case 'non-json':
      return text(
        200,
        rule.body ?? 'Service temporarily unavailable, please retry later',
        'application/json; charset=utf-8'
      )
    case 'wrong-shape':
      return json(200, rule.body ?? defaultWrongShape(req.service, false))
    case 'json':
      return json(rule.status ?? 200, rule.body, rule.headers)
    default:
      return undefined
  }
}

function defaultStatusBody(service: Service, status: number): string {
  const words = `HTTP ${status} (injected fault)`
  if (service === 'currents') return JSON.stringify({ status: 'FAILED', error: words })
  if (service === 'github') return JSON.stringify({ message: words })
  return JSON.stringify({ error: words, code: String(status) })
}

function defaultWrongShape(service: Service, long: boolean): unknown {
  if (service === 'currents')
    return long ? { status: 'OK', data: { runId: 'x'.repeat(40) } } : { status: 'OK', data: 'x' }
  return long ? { id: 1, status: 'STATUS_IN_PROGRESS', message: 'x'.repeat(40) } : [1, 2, 3]
}
