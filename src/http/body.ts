/**
 * Reading an answer: its body, bounded in bytes whatever its coding, and what a redirect meant
 * (the client follows none). Used by the API client (http.ts) and Octokit's fetch
 * (bounded-fetch.ts).
 */
import { codesOf } from './retry.js'
import type { TransportResponse } from './transport.js'

export const MiB = 1024 * 1024

/** The codings fetch decodes by itself. */
const DECODED = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'zstd'])

export function redirectCause(status: number, location: string | undefined, url: URL): string {
  let to = 'no usable Location'
  try {
    const target = new URL(location ?? '', url)
    if (location) {
      to = target.origin === url.origin ? `another path on ${url.origin}` : target.origin
    }
  } catch {
    // an unparsable Location: say so without echoing it
  }
  return `the API answered with a redirect (HTTP ${status}) to ${to}; it was not followed, so that the API key goes nowhere else: set api-url to the final URL`
}

/**
 * The body as fetch decoded it, read only up to `cap` bytes: a declared content-length over it
 * is refused unread, and the stream is cancelled (the connection closed) as soon as there are
 * more. A body in a coding fetch does not decode is refused unread. Counting decoded bytes caps
 * decompression too: a 4 MB gzip stream of 4 GiB stops at `cap`.
 */
export async function readBody(
  res: TransportResponse,
  headers: Record<string, string>,
  cap: number
): Promise<Buffer | 'too-big' | { encoding: string; error?: unknown }> {
  if (Number(headers['content-length']) > cap) {
    discard(res)
    return 'too-big'
  }
  const codings = (headers['content-encoding'] ?? '')
    .toLowerCase()
    .split(',')
    .map(c => c.trim())
    .filter(Boolean)
  // fetch decodes all of the codings or none of them ("gzip, identity": none).
  const decoded = codings.filter(c => c !== 'identity').length > 0
  if (decoded && !codings.every(c => DECODED.has(c))) {
    discard(res)
    return { encoding: codings.join(', ') }
  }
  if (!res.body) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = res.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > cap) {
        reader.cancel().catch(() => {})
        return 'too-big'
      }
      chunks.push(value)
    }
  } catch (error) {
    // A known coding that fails to decode: fetch ends the stream with the zlib error as cause.
    if (decoded && codesOf(error).some(c => /^(Z_|ERR__ERROR|ERR_BROTLI|ERR_ZSTD)/.test(c))) {
      return { encoding: codings.join(', '), error }
    }
    throw error
  }
  return Buffer.concat(chunks, size)
}

/** Closes a body we will not read (fetch then drops the connection if it was not all read). */
export function discard(res: TransportResponse): void {
  res.body?.cancel().catch(() => {})
}

export function formatBytes(n: number): string {
  if (n >= MiB) return `${+(n / MiB).toFixed(1)} MiB`
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`
  return `${n} bytes`
}
