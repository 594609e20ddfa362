/**
 * What a failed HTTP attempt means (its GateError kind, and whether sending it again is safe)
 * and how long to wait before the next one. Pure functions plus the one real-timer sleep, so
 * the client's retry loop can be tested without waiting.
 */
import { STATUS_CODES } from 'node:http'
import { GateError } from '../model/errors.js'
import type { ErrorKind } from '../model/errors.js'
import { sleepFor } from '../waiting/timers.js'

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  /**
   * A longer Retry-After is not waited for inside one request: the error carries it so the
   * poller, which owns the overall deadline, decides (SPEC "Waiting": always honoured).
   */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000
}

export function resolvePolicy(...layers: Array<Partial<RetryPolicy> | undefined>): RetryPolicy {
  const p = { ...DEFAULT_RETRY }
  for (const layer of layers) {
    for (const key of Object.keys(DEFAULT_RETRY) as Array<keyof RetryPolicy>) {
      const v = layer?.[key]
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) p[key] = v
    }
  }
  p.attempts = Math.max(1, Math.floor(p.attempts))
  return p
}

/**
 * Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms, never negative.
 * Anything else is ignored: a date parser would read a bare "1" as the year 2001.
 */
export function parseRetryAfter(
  value: string | undefined,
  now: number = Date.now()
): number | undefined {
  const v = value?.trim()
  if (!v) return undefined
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000)
  if (!/[a-z]/i.test(v)) return undefined
  const at = Date.parse(v)
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined
}

/**
 * Delay before the retry that follows failed attempt number `attempt` (1-based): "full jitter"
 * (a uniform pick below an exponentially growing, capped ceiling) so that many jobs hit by the
 * same outage do not retry in step; never shorter than the server's Retry-After.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number
): number {
  const exp = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1)
  const ceiling = Math.min(policy.maxDelayMs, exp)
  const r = Math.min(1, Math.max(0, random()))
  const jittered = Math.round(r * ceiling)
  return Math.max(jittered, retryAfterMs ?? 0)
}

/** Real-timer sleep that ends early, with GateError 'aborted', when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return sleepFor(ms, signal, () => abortedError('waiting to retry', signal))
}

export function abortedError(
  what: string,
  signal?: AbortSignal,
  lastFailure?: GateError
): GateError {
  return new GateError('aborted', `${what}: aborted`, { cause: signal?.reason, lastFailure })
}

/** One failed attempt, classified, before the retry loop decides what to tell the user. */
export interface Failure {
  kind: ErrorKind
  /** Words for the message after "<what>: ", e.g. "HTTP 503 Service Unavailable". */
  cause: string
  status?: number
  retryAfterMs?: number
  /** An error code for debug lines when there is no status. */
  code?: string
  /**
   * The request surely did not reach the server (the connection was never established), or the
   * server asked for a repeat (429, 503 with Retry-After): even a POST may be sent again.
   */
  safeToRepeat?: boolean
  error?: unknown
}

// Connect-phase failures: no byte of the request was written (API.md: "connection refused, DNS").
const NOT_SENT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'timed out connecting',
  UND_ERR_PRX_CONN: 'could not connect through the proxy'
}

const AFTER_SEND: Record<string, string> = {
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed unexpectedly',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the response was cut off',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_DESTROYED: 'the connection was closed',
  UND_ERR_ABORTED: 'the request was aborted'
}

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])

/**
 * Every error code in an error and its `cause` chain, outermost first: fetch rejects with
 * TypeError('fetch failed') (or, mid-body, 'terminated') whose cause is the real error.
 */
export function codesOf(e: unknown): string[] {
  const out: string[] = []
  const seen = new Set<unknown>()
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return
    seen.add(x)
    const o = x as { code?: unknown; cause?: unknown; errors?: unknown }
    if (typeof o.code === 'string') out.push(o.code)
    walk(o.cause)
    // Node's happy-eyeballs connect fails with an AggregateError of per-address errors.
    if (Array.isArray(o.errors)) o.errors.forEach(walk)
  }
  walk(e)
  return out
}

/**
 * The innermost message: "fetch failed" and "terminated" say nothing, their causes do. Duck
 * typed: an error from another realm (fetch's, under a test runner's vm) is no `instanceof Error`.
 */
function innermostMessage(e: unknown): string {
  let message = String(e)
  const seen = new Set<unknown>()
  for (let x = e; x !== null && typeof x === 'object' && !seen.has(x);) {
    seen.add(x)
    const o = x as { message?: unknown; cause?: unknown }
    if (typeof o.message === 'string' && o.message) message = o.message
    x = o.cause
  }
  return message
}

/**
 * A thrown request error (fetch's, with its cause chain). `answered`: the response head had
 * arrived, so whatever failed afterwards, the request had reached the server.
 */
export function networkFailure(
  e: unknown,
  at: { host: string; timeoutMs: number; timedOut: boolean; answered: boolean }
): Failure {
  const codes = codesOf(e)
  const slow = at.timedOut ? 'timeout' : codes.find(c => TIMEOUTS.has(c))
  const base = { kind: 'transient' as const, error: e }
  if (slow) return { ...base, cause: `timed out after ${formatSeconds(at.timeoutMs)}`, code: slow }
  const early = at.answered ? undefined : codes.find(c => NOT_SENT[c])
  if (early) {
    const cause = `could not connect to ${at.host}: ${NOT_SENT[early]} (${early})`
    return { ...base, cause, code: early, safeToRepeat: true }
  }
  const late = codes.find(c => AFTER_SEND[c])
  if (late) return { ...base, cause: `${AFTER_SEND[late]} (${late})`, code: late }
  const tls = codes.find(c => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(c))
  if (tls) {
    // A certificate problem does not go away within seconds: not transient.
    const cause = `the TLS certificate of ${at.host} was not accepted (${tls}); behind a TLS-inspecting proxy, set NODE_EXTRA_CA_CERTS`
    return { ...base, kind: 'bad-response', cause, code: tls }
  }
  const text = innermostMessage(e)
  if (text === 'bad port') {
    // fetch never connects to the ports browsers block (6000, 6667, 10080, ...): not transient.
    const cause = `fetch refuses to connect to this port (one that browsers block, e.g. 6000 or 10080): set api-url to another port`
    return { ...base, kind: 'bad-input', cause, code: 'bad port' }
  }
  return {
    ...base,
    cause: `network error${codes[0] ? ` (${codes[0]})` : ''}: ${text}`,
    code: codes[0]
  }
}

/** Status classes from API.md; 500 on a write is Testsigma's "already running" refusal. */
export function statusFailure(
  status: number,
  method: string,
  said: string,
  retryAfterMs: number | undefined
): Failure {
  const http = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`
  const base = { status, retryAfterMs, kind: 'transient' as ErrorKind }
  const words = said ? `; the server said: ${said}` : ''
  if (status === 401 || status === 403) {
    const hint = status === 403 && method !== 'GET' ? ' — is it a read-only key?' : ''
    const cause = `the API key was rejected (HTTP ${status})${words}${hint}`
    return { ...base, kind: 'auth', cause }
  }
  if (status === 404) return { ...base, kind: 'not-found', cause: `not found (${http})${words}` }
  if (status === 409 || status === 422) return { ...base, kind: 'conflict', cause: http + words }
  if (status === 429)
    return { ...base, cause: `rate limited (${http})${words}`, safeToRepeat: true }
  if (status >= 400 && status < 500) return { ...base, kind: 'rejected', cause: http + words }
  if (status === 500 && method !== 'GET') return { ...base, kind: 'conflict', cause: http + words }
  // A 503 with Retry-After is the server saying it did not take the request on.
  const safeToRepeat = status === 503 && retryAfterMs !== undefined
  if (status >= 500) return { ...base, cause: http + words, safeToRepeat }
  return { ...base, kind: 'bad-response', cause: `unexpected ${http}${words}` }
}

/**
 * At most 200 characters of the server's own words, on one line: JSON `error`/`message`
 * (Currents, Testsigma, Spring) and Testsigma's `fieldErrors`, an HTML page's title, or the text.
 */
export function serverText(text: string, mime: string, status: number): string {
  let out = ''
  const parsed = parseJson(text)
  if (parsed.ok && typeof parsed.value === 'string') out = parsed.value
  else if (parsed.ok && parsed.value && typeof parsed.value === 'object') {
    const o = parsed.value as Record<string, unknown>
    const err = o.error as { message?: unknown } | string | undefined
    const parts = [typeof err === 'string' ? err : err?.message, o.message]
    if (Array.isArray(o.fieldErrors)) {
      for (const fe of o.fieldErrors as Array<{ field?: unknown; message?: unknown } | null>) {
        if (typeof fe?.message === 'string') parts.push(`${String(fe.field ?? '')}: ${fe.message}`)
      }
    }
    const strings = [...new Set(parts.filter((p): p is string => typeof p === 'string' && !!p))]
    // Spring puts the reason phrase in `error` and the useful text in `message`.
    const phrase = (STATUS_CODES[status] ?? '').toLowerCase()
    const useful = strings.filter(s => s.toLowerCase() !== phrase)
    out = (useful.length ? useful : strings).join(' — ')
  } else if (/html/.test(mime) || /^\s*</.test(text)) {
    out = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? ''
  } else out = text
  // eslint-disable-next-line no-control-regex
  out = out.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim()
  return out.length > 200 ? `${out.slice(0, 200)}…` : out
}

/**
 * An integer past 2^53 (a run id, say) is kept as the digits the server sent: as a number it
 * would silently become another id. JSON.parse's source text access (Node 21+) gives them.
 */
const exactIntegers = (_key: string, value: unknown, context?: { source?: string }): unknown =>
  typeof value === 'number' && !Number.isSafeInteger(value) && /^-?\d+$/.test(context?.source ?? '')
    ? context?.source
    : value

/**
 * A number of 16 digits or more somewhere in the text (a value, not a string). Only then is the
 * reviver worth its cost: it runs for every value, which on a 10,000-spec run doubled the CPU of
 * a poll (bench).
 */
const LONG_INTEGER = /[:,[]\s*-?\d{16,}/

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const reviver = LONG_INTEGER.test(text)
      ? (exactIntegers as Parameters<typeof JSON.parse>[1])
      : undefined
    return { ok: true, value: JSON.parse(text, reviver) }
  } catch {
    return { ok: false }
  }
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000
  return Number.isInteger(s) ? `${s}s` : `${s.toFixed(1)}s`
}
