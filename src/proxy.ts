/**
 * Proxies of self-hosted runners: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (lower-case forms first,
 * as @actions/http-client reads them). One fetch for the process routes each request through
 * the proxy or directly, and names the proxy (without credentials) for error messages. npm
 * undici (~780 KB of JS to parse) is loaded only when a proxy is configured: without one, the
 * client uses node:http (transport.ts), the fastest to start.
 */
import type { Dispatcher, RequestInit as UndiciInit } from 'undici'

export type Env = Readonly<Record<string, string | undefined>>

interface NoProxyRule {
  host: string
  port?: string
}

function envOf(env: Env, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()]
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

/** NO_PROXY entries: `*`, hosts, `.suffix` / `*.suffix`, `host:port`, IPs; comma separated. */
export function parseNoProxy(value: string | undefined): NoProxyRule[] {
  return (value ?? '')
    .split(/[,\s]+/)
    .map(s => s.trim().toLowerCase())
    .filter(Boolean)
    .map(entry => {
      const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry)
      const host = (m?.[1] ?? entry).replace(/^\*?\./, '.')
      return { host, port: m?.[2] }
    })
}

export function bypasses(url: URL, rules: NoProxyRule[]): boolean {
  const host = url.hostname.toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return rules.some(rule => {
    if (rule.host === '*') return true
    if (rule.port !== undefined && rule.port !== port) return false
    // As curl and @actions/http-client: a name matches itself and its subdomains.
    const name = rule.host.replace(/^\./, '')
    return host === name || host.endsWith(`.${name}`)
  })
}

/** The proxy URL for a request URL, or undefined to go direct. */
export function proxyFor(url: URL, env: Env): string | undefined {
  const proxy = url.protocol === 'https:' ? envOf(env, 'https_proxy') : envOf(env, 'http_proxy')
  if (proxy === undefined || bypasses(url, parseNoProxy(envOf(env, 'no_proxy')))) return undefined
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`
}

/** A proxy URL for messages: credentials removed. */
export function proxyLabel(proxy: string): string {
  try {
    const u = new URL(proxy)
    return `${u.protocol}//${u.host}`
  } catch {
    return 'the configured proxy'
  }
}

/**
 * Undefined when no proxy variable is set: callers then use their default transport, and npm undici is
 * never loaded. Otherwise a fetch (npm undici's) that routes each request by proxyFor(): one
 * ProxyAgent per proxy URL and one Agent for direct connections, each created once.
 */
export async function createFetch(env: Env): Promise<typeof fetch | undefined> {
  if (envOf(env, 'https_proxy') === undefined && envOf(env, 'http_proxy') === undefined)
    return undefined
  const undici = await import('undici')
  const agents = new Map<string, Dispatcher>()
  const agentFor = (url: URL): Dispatcher => {
    const proxy = proxyFor(url, env) ?? ''
    let agent = agents.get(proxy)
    if (!agent) {
      agent = proxy === '' ? new undici.Agent() : new undici.ProxyAgent(proxy)
      agents.set(proxy, agent)
    }
    return agent
  }
  const routed = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || 'href' in input ? input : input.url)
    const options = { ...init, dispatcher: agentFor(url) } as UndiciInit
    // A global Request is not undici's own class (its fetch would take it for a URL): copy it.
    const target =
      typeof input === 'string' || 'href' in input
        ? input
        : new undici.Request(input.url, {
            method: input.method,
            headers: [...input.headers],
            body: input.body as UndiciInit['body'],
            redirect: input.redirect,
            signal: input.signal,
            duplex: 'half'
          })
    // undici's Response is the same WHATWG Response as the global one, from its own copy.
    return undici.fetch(target, options) as unknown as Promise<Response>
  }
  return routed as typeof fetch
}
