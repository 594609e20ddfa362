/**
 * Proxies of self-hosted runners, for messages only: undici's EnvHttpProxyAgent does the
 * routing (transport.ts). Here: which proxy a request would use, its name without credentials,
 * and whether a failed request failed at the proxy, so that errors say so.
 */
import type { Failure } from './retry.js'
import { codesOf } from './retry.js'

export type Env = Readonly<Record<string, string | undefined>>

function envOf(env: Env, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()]
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

/**
 * The proxy configured for a URL's protocol, picked as EnvHttpProxyAgent picks it (an https:
 * request falls back to HTTP_PROXY). NO_PROXY is not read: proxyFailure() tells from the error
 * whether a failed request went through it.
 */
export function configuredProxy(url: URL, env: Env): string | undefined {
  const http = envOf(env, 'http_proxy')
  return url.protocol === 'https:' ? (envOf(env, 'https_proxy') ?? http) : http
}

/** A proxy URL for messages: credentials removed. */
export function proxyLabel(proxy: string): string {
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`)
    return `${u.protocol}//${u.host}`
  } catch {
    return 'the configured proxy'
  }
}

/** Every object in an error's cause chain (and AggregateError members). */
function chain(e: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = []
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object' || out.includes(x as Record<string, unknown>)) return
    const o = x as Record<string, unknown>
    out.push(o)
    walk(o.cause)
    if (Array.isArray(o.errors)) o.errors.forEach(walk)
  }
  walk(e)
  return out
}

/**
 * The failure, when it happened at the proxy: a refused CONNECT (undici: "Proxy response (403)
 * !== 200 when HTTP Tunneling", "Proxy Authentication Required (407)"), undici's proxy
 * connection errors, or a connection that failed to the proxy's own address. Nothing reached
 * the API then, so a repeat is always safe.
 */
export function proxyFailure(e: unknown, proxy: string): Failure | undefined {
  const label = proxyLabel(proxy)
  let host = ''
  let port = 0
  try {
    const u = new URL(label)
    host = u.hostname.replace(/^\[|\]$/g, '')
    port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80)
  } catch {
    // an unparsable proxy: only undici's own proxy errors are recognised
  }
  const links = chain(e)
  const said = links
    .map(o => (typeof o.message === 'string' ? o.message : ''))
    .find(m => /^Proxy /.test(m))
  const status = Number(/\((\d{3})\)/.exec(said ?? '')?.[1]) || undefined
  if (status !== undefined) {
    const cause = `the proxy ${label} refused the connection (HTTP ${status})`
    const transient = status >= 500 || status === 429
    return {
      kind: transient ? 'transient' : 'rejected',
      cause,
      status,
      safeToRepeat: true,
      error: e
    }
  }
  const codes = codesOf(e)
  const atProxy = links.some(o => o.address === host && Number(o.port) === port)
  if (said || atProxy || codes.some(c => c.startsWith('UND_ERR_PRX'))) {
    const code = codes.find(c => c !== 'UND_ERR_PRX_CONN') ?? codes[0]
    const cause = `could not connect through the proxy ${label}${code ? ` (${code})` : ''}`
    return { kind: 'transient', cause, code, safeToRepeat: true, error: e }
  }
  return undefined
}
