/** The HTTP client for a provider's settings: the same for the action and the CLI. */
import { HttpClient } from './http.js'
import { configuredProxy } from './proxy.js'
import type { Settings } from '../settings/settings.js'

export const USER_AGENT = 'test-run-gate/1'

/** `debug` gets one line per HTTP attempt (never a header or the key). */
export function createHttp(
  settings: Readonly<Settings>,
  debug: (line: string) => void
): HttpClient {
  return new HttpClient({
    proxyFor: url => configuredProxy(url, process.env),
    baseUrl: settings.apiUrl,
    headers: { authorization: `Bearer ${settings.apiKey}` },
    userAgent: USER_AGENT,
    debug
  })
}
