/** Small readers for untyped JSON from the services: wrong types read as undefined. */
import type { RetryPolicy } from '../http/http.js'
import { hasControl } from '../model/control.js'

export function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {}
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v)
  return undefined
}

/**
 * A string, well-formed: a lone surrogate (JSON can carry one as \\uD800) becomes U+FFFD, as
 * encodeURIComponent, which throws on one, and every writer of UTF-8 need.
 */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v.toWellFormed() : undefined
}

/** A run id as the service sent it: digits stay exact (retry.ts keeps big ones as text). */
export function id(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? String(v) : undefined
  if (typeof v !== 'string' || v.trim() === '') return undefined
  // An id goes into every log line, output and path of the run: control characters (NUL, a
  // backspace, a newline, terminal escapes) make it no id.
  return hasControl(v.trim()) ? undefined : v.trim().toWellFormed()
}

/** A numeric id for a request body, written as its exact digits however long. */
export function wireId(runId: string): unknown {
  const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON
  return /^\d+$/.test(runId) ? rawJSON(runId) : runId
}

/**
 * A link from an API, used only when it is https (or http on a loopback host, for local
 * services and the simulator): another scheme (javascript:, data:, file:) never reaches an
 * output, the summary or the check run's details_url.
 */
export function safeUrl(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined
  try {
    const u = new URL(v)
    const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(u.hostname)
    return u.protocol === 'https:' || (u.protocol === 'http:' && loopback) ? u.href : undefined
  } catch {
    return undefined
  }
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

/**
 * Cancellation runs inside the runner's grace (SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s
 * after): a few quick tries, each short, so a slow API cannot eat the whole window.
 */
export const urgentRequest: { retry: Partial<RetryPolicy>; timeoutMs: number } = {
  retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 1000 },
  timeoutMs: 2500
}
