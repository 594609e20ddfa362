/**
 * The main step: settings → command → report → exit code. Reacts to SIGINT/SIGTERM (and
 * SIGBREAK on Windows) by cancelling the remote run at once (SPEC.md "Cancellation").
 */
import * as core from '@actions/core'
import { type Outcome, newOutcome } from './commands/context.js'
import { commandFor } from './commands/index.js'
import { describeError } from './errors.js'
import { HttpClient } from './http.js'
import { createProvider } from './providers/index.js'
import { report } from './report/index.js'
import { actionsLog } from './report/log.js'
import { verdict } from './report/verdict.js'
import { type Settings, readInput, readSettings } from './settings.js'
import type { StateStore } from './state.js'
import { systemClock } from './wait.js'

export const USER_AGENT = 'test-run-gate/1'

export const actionsState: StateStore = {
  save: (key, value) => core.saveState(key, value),
  get: key => core.getState(key)
}

/** Reads and validates inputs, masking the key before anything else can print it. */
export function loadSettings(env: NodeJS.ProcessEnv): Readonly<Settings> {
  const key = readInput(env, 'api-key')
  if (key) core.setSecret(key)
  return readSettings(env)
}

export function createHttp(settings: Readonly<Settings>): HttpClient {
  return new HttpClient({
    baseUrl: settings.apiUrl,
    headers: { authorization: `Bearer ${settings.apiKey}` },
    userAgent: USER_AGENT,
    debug: line => core.debug(line)
  })
}

export async function runMain(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let settings: Readonly<Settings>
  try {
    settings = loadSettings(env)
  } catch (e) {
    core.setFailed(describeError(e))
    return
  }
  const controller = new AbortController()
  const detach = onTermination(signal => {
    if (controller.signal.aborted)
      return actionsLog.info(`Received ${signal} again; still cancelling`)
    actionsLog.info(`Received ${signal}: cancelling`)
    controller.abort(new Error(`received ${signal}`))
  })
  const outcome: Outcome = newOutcome(systemClock.now())
  let error: unknown
  try {
    const ctx = {
      settings,
      provider: createProvider(settings, createHttp(settings)),
      state: actionsState,
      log: actionsLog,
      signal: controller.signal,
      clock: systemClock
    }
    await commandFor(settings.command)(ctx, outcome)
  } catch (e) {
    error = e
    core.debug(e instanceof Error && e.stack ? e.stack : String(e))
  }
  const v = verdict(settings, outcome, error)
  await report(settings, outcome, v)
  detach()
  if (v.exitCode === 1) core.setFailed(v.line)
  else actionsLog.info(v.line)
}

/** The runner sends SIGINT then SIGTERM; on Windows, Ctrl-C then Ctrl-Break (SIGBREAK). */
export function onTermination(handler: (signal: NodeJS.Signals) => void): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']
  if (process.platform === 'win32') signals.push('SIGBREAK')
  for (const s of signals) process.on(s, handler)
  return () => {
    for (const s of signals) process.off(s, handler)
  }
}
