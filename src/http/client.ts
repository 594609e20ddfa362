/** The HTTP client for a provider's settings: the same for the action and the CLI. */
import { HttpClient } from './http.js'
import { configuredProxy } from './proxy.js'
import type { Settings } from '../settings/settings.js'

export const USER_AGENT = 'test-run-gate/1'

/**
 * `debug` gets one line per HTTP attempt (never a header or the key). The credential decides
 * the destination: the API key goes only to api-url, in its header; the record key only to
 * director-url, in the body of its one request, with no Authorization header at all.
 */
export function createHttp(
  settings: Readonly<Settings>,
  debug: (line: string) => void
): HttpClient {
  const { credential } = settings
  const common = {
    proxyFor: (url: URL) => configuredProxy(url, process.env),
    userAgent: USER_AGENT,
    debug
  }
  return credential.kind === 'api-key'
    ? new HttpClient({
        ...common,
        baseUrl: settings.apiUrl,
        headers: { authorization: `Bearer ${credential.apiKey}` }
      })
    : new HttpClient({
        ...common,
        baseUrl: credential.directorUrl,
        secrets: [credential.recordKey]
      })
}
