/* eslint-disable @typescript-eslint/no-explicit-any */
/** Helpers shared by unit tests (not a test file itself: jest matches *.test.ts only). */
import {
  type Env,
  type InputReader,
  type Settings,
  readSettings
} from '../src/settings/settings.js'

/** Inputs as @actions/core getInput reads them from a step's env: INPUT_<NAME>, trimmed. */
export function inputsOf(env: Env): InputReader {
  return name => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/** readSettings over a step's env, inputs included, as the action's entries call it. */
export function settingsOf(env: Env): Readonly<Settings> {
  return readSettings(inputsOf(env), env)
}

/** Settings read the way the runner passes inputs, for a Testsigma plan unless overridden. */
export function testSettings(inputs: Record<string, string> = {}): Readonly<Settings> {
  const env: Record<string, string> = {
    GITHUB_RUN_ID: '9876543210',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'octo-org/shop'
  }
  const all = {
    provider: 'testsigma',
    'api-key': 'sk-SECRET-123',
    'test-plan-id': '274',
    ...inputs
  }
  for (const [name, value] of Object.entries(all)) env[`INPUT_${name.toUpperCase()}`] = value
  return settingsOf(env)
}

export interface Answer {
  status: number
  type: string
  text: string
  json: any
}

/** One request to the simulator with the default key; the body parsed when it is JSON. */
export async function call(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: 'Bearer sim-key' }
): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  let json: any
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json }
}
