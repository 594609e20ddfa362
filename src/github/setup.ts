/** What both entries of the action (main and post) need first: settings with the key masked, HTTP, state. */
import * as workflow from './workflow.js'
import { createHttp } from '../http/client.js'
import type { HttpClient } from '../http/http.js'
import { type Settings, readSettings } from '../settings/settings.js'
import { secretsOf } from '../settings/credentials.js'
import type { StateStore } from '../commands/state.js'
import { safeLine } from '../report/text.js'

export const actionsState: StateStore = {
  save: (key, value) => workflow.saveState(key, value),
  get: key => workflow.getState(key)
}

/**
 * Reads and validates inputs, masking every key (api-key, record-key, and Currents' env
 * fallbacks for them) before anything else can print it.
 */
export function loadSettings(env: NodeJS.ProcessEnv): Readonly<Settings> {
  const input = (name: string) => workflow.getInput(name)
  for (const key of secretsOf(input, env)) workflow.setSecret(key)
  return readSettings(input, env)
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

export function createActionHttp(settings: Readonly<Settings>): HttpClient {
  return createHttp(settings, line =>
    workflow.isDebug() ? requestLog.push(line) : workflow.debug(line)
  )
}
