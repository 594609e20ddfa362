/** What both entries (main and post) need first: settings with the key masked, HTTP, state. */
import * as workflow from './workflow.js'
import { GateError } from './errors.js'
import { HttpClient } from './http.js'
import { createFetch, proxyFor, proxyLabel } from './proxy.js'
import { type Settings, readInput, readSettings } from './settings.js'
import type { StateStore } from './state.js'
import { safeLine } from './report/text.js'

export const USER_AGENT = 'test-run-gate/1'

export const actionsState: StateStore = {
  save: (key, value) => workflow.saveState(key, value),
  get: key => workflow.getState(key)
}

/** Reads and validates inputs, masking the key before anything else can print it. */
export function loadSettings(env: NodeJS.ProcessEnv): Readonly<Settings> {
  const key = readInput(env, 'api-key')
  if (key) workflow.setSecret(key)
  try {
    return readSettings(env)
  } catch (e) {
    // A key pasted into another input must not come back in its error message.
    if (key && e instanceof Error && e.message.includes(key)) {
      throw new GateError('bad-input', e.message.split(key).join('***'))
    }
    throw e
  }
}

/**
 * One line per HTTP attempt. In debug mode they are kept for one folded group at the end of the
 * step (printRequestLog), so the log stays readable; otherwise they go out as ::debug:: lines,
 * which the runner hides.
 */
const requestLog: string[] = []

export function printRequestLog(): void {
  if (requestLog.length > 0)
    workflow.group(`HTTP requests (${requestLog.length})`, requestLog.map(safeLine))
  requestLog.length = 0
}

export async function createHttp(settings: Readonly<Settings>): Promise<HttpClient> {
  return new HttpClient({
    // node:http (the default), or undici's fetch through the runner's proxy (loaded only then).
    fetch: await createFetch(process.env),
    via: url => {
      const proxy = proxyFor(url, process.env)
      return proxy === undefined ? undefined : proxyLabel(proxy)
    },
    baseUrl: settings.apiUrl,
    headers: { authorization: `Bearer ${settings.apiKey}` },
    userAgent: USER_AGENT,
    debug: line => (workflow.isDebug() ? requestLog.push(line) : workflow.debug(line))
  })
}
