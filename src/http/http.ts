/**
 * The one HTTP client for both services, on undici's fetch (transport.ts): JSON in and out,
 * bounded bodies, per-attempt timeouts, redirects refused, every failure turned into a GateError
 * whose kind says whether another try may help (SPEC "Waiting"), and retries that never repeat
 * a write which may already have reached the server (API.md, Testsigma trigger).
 */
import { GateError } from '../model/errors.js'
import {
  type Failure,
  type RetryPolicy,
  abortedError,
  backoffDelay,
  formatSeconds,
  networkFailure,
  parseJson,
  parseRetryAfter,
  resolvePolicy,
  serverText,
  sleep as realSleep,
  statusFailure
} from './retry.js'
import { MiB, discard, formatBytes, readBody, redirectCause } from './body.js'
import { proxyFailure } from './proxy.js'
import { type Transport, type TransportResponse, defaultTransport } from './transport.js'

export { backoffDelay, parseRetryAfter } from './retry.js'
export type { RetryPolicy } from './retry.js'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface HttpClientOptions {
  /** e.g. 'https://app.testsigma.com/api/v1'; request paths are appended to its path. */
  baseUrl: string
  /** Sent with every request; never logged, never put in errors. */
  headers?: Record<string, string>
  /** Other secrets (a key sent in a body) that no log line or error may show. */
  secrets?: readonly string[]
  /** Per attempt, headers and body together. Default 30 s. */
  timeoutMs?: number
  /**
   * Applied to the declared content-length and to the decoded body (fetch decompresses; the
   * raw bytes are not visible). Default 20 MiB.
   */
  maxResponseBytes?: number
  retry?: Partial<RetryPolicy>
  /** How requests are sent. Default: undici's fetch through the runner's proxy settings. */
  fetch?: Transport
  /** The proxy configured for a request URL: a failure at it is named in the error. */
  proxyFor?: (url: URL) => string | undefined
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  /** One line per attempt; never headers or the key. */
  debug?: (line: string) => void
  userAgent?: string
}

export interface RequestSpec {
  /** Human name that starts every error message, e.g. 'trigger test plan 274'. */
  what: string
  method: Method
  /** Appended to the base path; ids must already be encodeURIComponent'ed. */
  path: string
  /** Arrays repeat the key with `[]` appended (tags[]=a&tags[]=b); undefined is skipped. */
  query?: Record<string, string | number | boolean | string[] | undefined>
  body?: unknown
  /** 'json' (default) parses the body; 'xml' and 'text' return it as a string. */
  accept?: 'json' | 'xml' | 'text'
  /** Ask for a compressed answer (default true); false for many small answers (see callers). */
  compressed?: boolean
  /** Default true for GET/PUT/DELETE. A non-idempotent request is repeated only when safe. */
  idempotent?: boolean
  /** Non-2xx statuses to return instead of throwing (Currents cancel 422, find 404). */
  expect?: number[]
  signal?: AbortSignal
  /**
   * Ends the waits between attempts, never an attempt in flight: a trigger cut off half-way may
   * still start a run that nobody could then stop, while one never sent starts nothing.
   */
  sleepSignal?: AbortSignal
  retry?: Partial<RetryPolicy>
  timeoutMs?: number
  /** Date.now() time by which every try ends (wait-timeout): it caps each try's timeout. */
  deadline?: number
}

export interface HttpResponse<T = unknown> {
  status: number
  headers: Record<string, string>
  body: T
  attempts: number
}

type Outcome = { ok: true; res: Omit<HttpResponse, 'attempts'> } | { ok: false; f: Failure }

const IDEMPOTENT = new Set<Method>(['GET', 'PUT', 'DELETE'])
const ACCEPT = { json: 'application/json', xml: 'application/xml', text: 'text/plain, */*' }
/** The codings fetch decodes itself (when every coding of a response is one of them). */

export class HttpClient {
  readonly #base: URL
  readonly #o: HttpClientOptions
  readonly #secrets: string[]

  constructor(o: HttpClientOptions) {
    this.#o = o
    this.#base = new URL(o.baseUrl)
    // Whole header values and their words ("Bearer KEY" → "KEY"), longest first.
    const words = [...Object.values(o.headers ?? {}), ...(o.secrets ?? [])].flatMap(v => [
      v,
      ...v.split(/\s+/)
    ])
    this.#secrets = [...new Set(words.filter(w => w.length >= 6))].sort(
      (a, b) => b.length - a.length
    )
  }

  async request<T = unknown>(spec: RequestSpec): Promise<HttpResponse<T>> {
    const policy = resolvePolicy(this.#o.retry, spec.retry)
    const idempotent = spec.idempotent ?? IDEMPOTENT.has(spec.method)
    const url = this.#url(spec)
    const shown = this.#redact(`${spec.method} ${url.pathname}${url.search}`)
    const sleep = this.#o.sleep ?? realSleep
    let failed: GateError | undefined
    for (let attempt = 1; ; attempt++) {
      if (spec.signal?.aborted) throw abortedError(spec.what, spec.signal, failed)
      const started = Date.now()
      const out = await this.#attempt(spec, url)
      const line = `${shown} -> %s in ${Date.now() - started} ms (attempt ${attempt}/${policy.attempts})`
      if (out.ok) {
        this.#debug(line.replace('%s', String(out.res.status)))
        return { ...(out.res as Omit<HttpResponse<T>, 'attempts'>), attempts: attempt }
      }
      const next = this.#decide(spec, out.f, attempt, policy, idempotent, failed)
      const retrying = typeof next === 'number' ? `; retrying in ${next} ms` : ''
      const short = out.f.status ? `HTTP ${out.f.status}` : (out.f.code ?? 'error')
      this.#debug(line.replace('%s', short) + retrying)
      if (next instanceof GateError) throw next
      failed = this.#error(spec, out.f)
      const stop = [spec.signal, spec.sleepSignal].filter(s => s !== undefined)
      const signal = stop.length > 1 ? AbortSignal.any(stop) : stop[0]
      try {
        await sleep(next, signal)
      } catch (e) {
        throw signal?.aborted ? abortedError(spec.what, signal, failed) : e
      }
    }
  }

  /** The URL path a request to `path` goes to (the base path included), for messages. */
  pathOf(path: string): string {
    return this.#url({ what: '', method: 'GET', path }).pathname
  }

  /** The error to throw, or the delay before the next attempt. */
  #decide(
    spec: RequestSpec,
    f: Failure,
    attempt: number,
    policy: RetryPolicy,
    idempotent: boolean,
    failed: GateError | undefined
  ): GateError | number {
    if (f.kind === 'aborted') return abortedError(spec.what, spec.signal, failed)
    if (f.kind !== 'transient') return this.#error(spec, f)
    if (!idempotent && !f.safeToRepeat) {
      const note = '; the request may have reached the server, so it was not repeated'
      return this.#error(spec, f, note, true)
    }
    if (f.retryAfterMs !== undefined && f.retryAfterMs > policy.maxRetryAfterMs) {
      return this.#error(spec, f, `; the server asked to wait ${formatSeconds(f.retryAfterMs)}`)
    }
    if (attempt >= policy.attempts) {
      return this.#error(spec, f, attempt > 1 ? ` (gave up after ${attempt} attempts)` : '')
    }
    return backoffDelay(attempt, policy, this.#o.random ?? Math.random, f.retryAfterMs)
  }

  #url(spec: RequestSpec): URL {
    const url = new URL(this.#base.href)
    const path = spec.path.startsWith('/') ? spec.path : `/${spec.path}`
    url.pathname = this.#base.pathname.replace(/\/+$/, '') + path
    const q = new URLSearchParams()
    for (const [key, v] of Object.entries(spec.query ?? {})) {
      if (Array.isArray(v)) {
        const k = key.endsWith('[]') ? key : `${key}[]`
        for (const item of v) q.append(k, item)
      } else if (v !== undefined) q.append(key, String(v))
    }
    url.search = q.toString()
    url.hash = ''
    return url
  }

  async #attempt(spec: RequestSpec, url: URL): Promise<Outcome> {
    const timeoutMs = Math.max(
      1,
      Math.min(
        spec.timeoutMs ?? this.#o.timeoutMs ?? 30_000,
        (spec.deadline ?? Infinity) - Date.now()
      )
    )
    const timer = new AbortController()
    const t = setTimeout(() => timer.abort(new Error('per-attempt timeout')), timeoutMs)
    const signal = spec.signal ? AbortSignal.any([spec.signal, timer.signal]) : timer.signal
    const accept = spec.accept ?? 'json'
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(this.#o.headers ?? {})) headers[k.toLowerCase()] = v
    headers.accept = ACCEPT[accept]
    headers['accept-encoding'] = spec.compressed === false ? 'identity' : 'gzip, deflate, br'
    headers['user-agent'] = this.#o.userAgent ?? 'test-run-gate'
    if (spec.body !== undefined) headers['content-type'] = 'application/json'
    let answered = false
    try {
      const fetch = this.#o.fetch ?? defaultTransport
      const res = await fetch(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        // The real 3xx with its Location comes back: refused in #read, never followed.
        redirect: 'manual',
        signal
      })
      answered = true
      return await this.#read(spec, url, res)
    } catch (e) {
      if (spec.signal?.aborted) return no({ kind: 'aborted', cause: 'aborted', error: e })
      const proxy = answered ? undefined : this.#o.proxyFor?.(url)
      const atProxy = proxy === undefined ? undefined : proxyFailure(e, proxy)
      if (atProxy && !timer.signal.aborted) return no(atProxy)
      const host = url.host
      return no(networkFailure(e, { host, timeoutMs, timedOut: timer.signal.aborted, answered }))
    } finally {
      clearTimeout(t)
    }
  }

  async #read(spec: RequestSpec, url: URL, res: TransportResponse): Promise<Outcome> {
    const status = res.status
    const headers: Record<string, string> = {}
    // Names come lower-cased; set-cookie comes once per cookie.
    res.headers.forEach((v, k) => {
      headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`
    })
    const retryAfterMs = parseRetryAfter(headers['retry-after'])
    const bad = (cause: string, error?: unknown): Outcome =>
      no({ kind: 'bad-response', cause, status, retryAfterMs, error })
    const expected = spec.expect?.includes(status) ?? false
    if (status >= 300 && status < 400 && !expected) {
      discard(res)
      return bad(redirectCause(status, headers.location, url))
    }
    const cap = this.#o.maxResponseBytes ?? 20 * MiB
    const body = await readBody(res, headers, cap)
    if (body === 'too-big') {
      return bad(`the server answered more than ${formatBytes(cap)}; refusing it`)
    }
    if (!Buffer.isBuffer(body)) {
      const cause = `the response body could not be decoded (${body.encoding})`
      // A known encoding that fails to decode is a cut or mangled body: worth another try.
      return body.error ? no({ kind: 'transient', cause, status, error: body.error }) : bad(cause)
    }
    const text = body.toString('utf8').replace(/^\uFEFF/, '')
    const mime = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
    const ok = status >= 200 && status < 300
    if (!ok && !expected) {
      return no(statusFailure(status, spec.method, serverText(text, mime, status), retryAfterMs))
    }
    const done = (value: unknown): Outcome => ({ ok: true, res: { status, headers, body: value } })
    if ((spec.accept ?? 'json') !== 'json') return done(text)
    // SPEC "Waiting": an HTML page or a cut-off body instead of JSON is transient.
    const transient = (cause: string): Outcome =>
      no({ kind: 'transient', cause, status, retryAfterMs })
    if (text.trim() === '') {
      // A read must answer something; an empty answer to a write (a stop) is a success.
      const empty = ok && status !== 204 && spec.method === 'GET'
      return empty ? transient('the response was empty') : done(undefined)
    }
    const parsed = parseJson(text)
    if (parsed.ok) return done(parsed.value)
    if (expected) return done(text)
    const what = /json/.test(mime) ? 'cut off or not valid JSON' : 'not JSON'
    return transient(`the response was ${what} (${mime || 'no content type'})`)
  }

  #error(spec: RequestSpec, f: Failure, note = '', mayHaveReachedServer = false): GateError {
    const message = this.#redact(`${spec.what}: ${f.cause}${note}`)
    const url = this.#url(spec)
    return new GateError(f.kind, message, {
      status: f.status,
      retryAfterMs: f.retryAfterMs,
      mayHaveReachedServer,
      url: this.#redact(url.origin + url.pathname),
      cause: f.error
    })
  }

  #redact(text: string): string {
    return this.#secrets.reduce((t, s) => t.split(s).join('***'), text)
  }

  #debug(line: string): void {
    this.#o.debug?.(this.#redact(line))
  }
}

const no = (f: Failure): Outcome => ({ ok: false, f })
