/** The CLI bundle (dist/cli.js) as a process, for the e2e tests of the CLI. */
import { expect } from '@jest/globals'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { makeTempDir } from '../temp-dirs.js'
import { ROOT } from './runner.js'

export const KEY = 'cli-KEY-4242'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
  ms: number
  startedAt: number
  /** ms from spawn when the signal was sent */
  signalAt?: number
}

/** Runs dist/cli.js; `signal` is sent once `when` resolves, `again` a second one 200 ms later. */
export function cli(
  args: string[],
  opts: {
    env?: Record<string, string>
    signal?: NodeJS.Signals
    when?: () => Promise<unknown>
    again?: boolean
    cwd?: string
  } = {}
): Promise<CliResult> {
  const started = Date.now()
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
    cwd: opts.cwd ?? makeTempDir('trg-cli-'),
    env: {
      PATH: process.env.PATH ?? '',
      TESTSIGMA_API_KEY: KEY,
      CURRENTS_API_KEY: KEY,
      ...opts.env
    }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += String(d)))
  child.stderr.on('data', d => (stderr += String(d)))
  let signalAt: number | undefined
  if (opts.signal && opts.when) {
    void opts.when().then(() => {
      signalAt = Date.now() - started
      child.kill(opts.signal)
      if (opts.again) setTimeout(() => child.kill(opts.signal), 200)
    })
  }
  return new Promise(resolve =>
    child.on('close', code =>
      resolve({ code, stdout, stderr, ms: Date.now() - started, startedAt: started, signalAt })
    )
  )
}

/** No line of either stream may be a workflow command, nor hold the key. */
export function plain(r: CliResult): void {
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
    expect(line.trimStart().startsWith('::')).toBe(false)
  }
  expect(r.stdout + r.stderr).not.toContain(KEY)
}
