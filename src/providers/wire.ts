/** Small readers for untyped JSON from the services: wrong types read as undefined. */
import type { RetryPolicy } from '../http.js'

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

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
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
