/**
 * The vendors' published example answers (fixtures/*.json, each naming its source repository,
 * path and commit), served verbatim by the simulator (a `json` fault on the route), replayed
 * through the built bundle: the action (dist/index.js, post.js) and the CLI (dist/cli.js).
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Service, Simulator } from '../../sim/index.js'
import { makeTempDir } from '../temp-dirs.js'
import { ROOT } from '../e2e/runner.js'

export interface Fixture {
  source: { repository: string; path: string; commit: string; example: string; edits: string }
  status: number
  body: unknown
}

export function fixture(name: string): Fixture {
  const path = join(ROOT, '__tests__', 'conformance', 'fixtures', name)
  return JSON.parse(readFileSync(path, 'utf8')) as Fixture
}

/** The simulator answers `method path` of `service` with the fixture, as published. */
export function serve(
  sim: Simulator,
  service: Service,
  method: string,
  path: string,
  f: Pick<Fixture, 'status' | 'body'>
): void {
  sim.faults.add({
    service,
    method,
    path,
    kind: 'json',
    status: f.status,
    body: f.body,
    times: Infinity
  })
}

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  json: Record<string, unknown>
}

/** `test-run-gate <args> --json`, the key in the env. */
export function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args, '--json'], {
    cwd: makeTempDir('trg-conf-'),
    env: { PATH: process.env.PATH ?? '', ...env }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += String(d)))
  child.stderr.on('data', d => (stderr += String(d)))
  return new Promise(resolve =>
    child.on('close', code => {
      let json: Record<string, unknown> = {}
      try {
        json = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>
      } catch {
        json = {}
      }
      resolve({ code, stdout, stderr, json })
    })
  )
}
