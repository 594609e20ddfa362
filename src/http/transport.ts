/**
 * How requests go out: undici's fetch over one EnvHttpProxyAgent. The agent routes each request
 * through HTTPS_PROXY / HTTP_PROXY or directly, as NO_PROXY says (upper- and lower-case forms),
 * and fetch decodes gzip, deflate, br and zstd bodies. http.ts sees only the part of the Fetch
 * API declared here, so its tests can hand it any fetch.
 */
import { EnvHttpProxyAgent, fetch } from 'undici'

export interface TransportInit {
  method: string
  headers: Record<string, string>
  body?: string
  redirect?: 'manual'
  signal?: AbortSignal
}

/** What http.ts reads of a response: undici's Response and Node's own fit it. */
export interface TransportResponse {
  status: number
  headers: { forEach(fn: (value: string, name: string) => void): void }
  body: ReadableStream<Uint8Array> | null
}

export type Transport = (url: URL, init: TransportInit) => Promise<TransportResponse>

/** Where a proxy is taken from: the environment (the default), or given (tests). */
export interface ProxyOptions {
  httpProxy?: string
  httpsProxy?: string
  noProxy?: string
}

/**
 * A fetch over its own EnvHttpProxyAgent, made on the first request. proxyTunnel: a proxy
 * carries every request, http: ones too, through CONNECT, so what it says itself (403, 407,
 * 502) is a tunnel error that proxy.ts names, never an answer that could pass for the API's.
 */
export function createTransport(proxy: ProxyOptions = {}): Transport {
  let dispatcher: EnvHttpProxyAgent | undefined
  return async (url, init) => {
    dispatcher ??= new EnvHttpProxyAgent({ ...proxy, proxyTunnel: true })
    return (await fetch(url, { ...init, dispatcher })) as unknown as TransportResponse
  }
}

/** The process's transport, from HTTP(S)_PROXY and NO_PROXY. */
export const defaultTransport = createTransport()

/** undici's fetch with every option of its own, over the process's proxy settings. */
export function proxiedFetch(): typeof fetch {
  let dispatcher: EnvHttpProxyAgent | undefined
  return (input, init) => {
    dispatcher ??= new EnvHttpProxyAgent({ proxyTunnel: true })
    return fetch(input, { ...init, dispatcher })
  }
}
