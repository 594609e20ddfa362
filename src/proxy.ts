/**
 * Proxies of self-hosted runners: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (lower-case forms first,
 * as @actions/http-client reads them). One dispatcher for the process routes each request
 * through the proxy or directly, and names the proxy (without credentials) for error messages.
 */
import { Agent, Dispatcher, ProxyAgent } from 'undici'

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

/** Routes each request by proxyFor(); one agent per proxy, one for direct connections. */
class RoutingDispatcher extends Dispatcher {
  readonly #env: Env
  readonly #agents = new Map<string, Dispatcher>()

  constructor(env: Env) {
    super()
    this.#env = env
  }

  #agentFor(origin: string): Dispatcher {
    const proxy = proxyFor(new URL(origin), this.#env) ?? ''
    let agent = this.#agents.get(proxy)
    if (!agent) {
      agent = proxy === '' ? new Agent() : new ProxyAgent(proxy)
      this.#agents.set(proxy, agent)
    }
    return agent
  }

  override dispatch(
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler
  ): boolean {
    return this.#agentFor(String(options.origin)).dispatch(options, handler)
  }

  override async close(): Promise<void> {
    await Promise.all([...this.#agents.values()].map(a => a.close()))
  }

  override async destroy(): Promise<void> {
    await Promise.all([...this.#agents.values()].map(a => a.destroy()))
  }
}

/** Undefined when no proxy is configured: undici's default dispatcher is then used as is. */
export function createDispatcher(env: Env): Dispatcher | undefined {
  if (envOf(env, 'https_proxy') === undefined && envOf(env, 'http_proxy') === undefined)
    return undefined
  return new RoutingDispatcher(env)
}
