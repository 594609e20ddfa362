/**
 * The HTTP transport of a step without a proxy: node:http/https behind the small part of the
 * Fetch API that http.ts uses. Node's own fetch loads its internal undici on first use, which
 * measured here ~35-45 ms of a ~70-100 ms spawn-to-first-request (BENCHMARKS.md); node:http
 * reaches the server about as fast as a bare `node -e 0` ends. Behind a proxy, proxy.ts gives
 * undici's fetch instead. Like fetch: redirects are not followed, gzip/deflate/br are decoded
 * when every coding of the response is one of them, and the signal aborts the request.
 */
import type { IncomingMessage } from 'node:http'
import { Duplex, PassThrough, Readable, Writable } from 'node:stream'

export interface TransportInit {
  method: string
  headers: Record<string, string>
  body?: string
  redirect?: 'manual'
  signal?: AbortSignal
}

/** What http.ts reads of a response: Node's fetch Response and undici's fit it too. */
export interface TransportResponse {
  status: number
  headers: { forEach(fn: (value: string, name: string) => void): void }
  body: ReadableStream<Uint8Array> | null
}

export type Transport = (url: URL, init: TransportInit) => Promise<TransportResponse>

const DECODED = new Set(['gzip', 'x-gzip', 'deflate', 'br'])

/**
 * node:http (~20 ms to load) and node:zlib are imported when first needed, not at start: a step
 * that fails on its inputs exits without them (the cold-start figure of BENCHMARKS.md).
 */
export const nodeTransport: Transport = async (url, init) => {
  const { request } =
    url.protocol === 'https:' ? await import('node:https') : await import('node:http')
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(
      url,
      { method: init.method, headers: init.headers, signal: init.signal },
      resolve
    )
    req.on('error', reject)
    req.end(init.body)
  })
  return {
    status: res.statusCode ?? 0,
    headers: { forEach: fn => forEachHeader(res, fn) },
    body: Readable.toWeb(await decode(res)) as ReadableStream<Uint8Array>
  }
}

function forEachHeader(res: IncomingMessage, fn: (value: string, name: string) => void): void {
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) fn(Array.isArray(value) ? value.join(', ') : value, name)
  }
}

/** The body decoded as fetch would: all codings known, or the raw bytes. */
async function decode(res: IncomingMessage): Promise<Readable> {
  const codings = String(res.headers['content-encoding'] ?? '')
    .toLowerCase()
    .split(',')
    .map(c => c.trim())
    .filter(c => c !== '' && c !== 'identity')
  if (codings.length === 0 || !codings.every(c => DECODED.has(c))) return res
  const zlib = await import('node:zlib')
  // Codings are listed in the order they were applied: undo them from the last.
  return codings.reduceRight<Readable>((stream, coding) => {
    const decoder =
      coding === 'br'
        ? zlib.createBrotliDecompress()
        : coding === 'deflate'
          ? inflate(zlib)
          : zlib.createGunzip()
    stream.on('error', e => decoder.destroy(e))
    return stream.pipe(decoder)
  }, res)
}

/** "deflate" is zlib-wrapped by the standard, raw from some servers: fetch takes both. */
function inflate(zlib: typeof import('node:zlib')): Duplex {
  const out = new PassThrough()
  let inner: ReturnType<typeof zlib.createInflate> | undefined
  const input = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!inner) {
        inner = (chunk[0] & 0x0f) === 0x08 ? zlib.createInflate() : zlib.createInflateRaw()
        inner.on('error', e => out.destroy(e))
        inner.pipe(out)
      }
      inner.write(chunk, done)
    },
    final(done) {
      if (inner) inner.end(done)
      else {
        out.end()
        done()
      }
    }
  })
  return Duplex.from({ writable: input, readable: out })
}
