/** What both entries (main and post) need first: settings with the key masked, HTTP, state. */
import * as workflow from './workflow.js'
import { GateError } from './errors.js'
import { HttpClient } from './http.js'
import { configuredProxy } from './proxy.js'
import { type Settings, readSettings } from './settings.js'
import type { StateStore } from './state.js'
import { safeLine } from './report/text.js'

export const USER_AGENT = 'test-run-gate/1'

export const actionsState: StateStore = {
  save: (key, value) => workflow.saveState(key, value),
  get: key => workflow.getState(key)
}

/** Reads and validates inputs, masking the key before anything else can print it. */
export function loadSettings(env: NodeJS.ProcessEnv): Readonly<Settings> {
  const key = workflow.getInput('api-key')
  if (key) workflow.setSecret(key)
  try {
    return readSettings(name => workflow.getInput(name), env)
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

export function createHttp(settings: Readonly<Settings>): HttpClient {
  return new HttpClient({
    proxyFor: url => configuredProxy(url, process.env),
    baseUrl: settings.apiUrl,
    headers: { authorization: `Bearer ${settings.apiKey}` },
    userAgent: USER_AGENT,
    debug: line => (workflow.isDebug() ? requestLog.push(line) : workflow.debug(line))
  })
}
