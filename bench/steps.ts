/**
 * What every bench case shares: the options (`--quick`, `--only=`), the one temp folder
 * (removed by bench.ts at the end), medians and units, and a step spawned as the runner would
 * (its own workspace with the GITHUB_* files, INPUT_* env, CPU and peak RSS from
 * bench/rusage.mjs).
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Simulator } from '../sim/index.js'

export const quick = process.argv.includes('--quick')
/** `--only=report`: just the pull request comment and flaky-test cases. */
export const only = process.argv.find(a => a.startsWith('--only='))?.slice('--only='.length)
export const RUNS = quick ? 3 : 15
export const ROOT = resolve(import.meta.dirname, '..')
export const DIST = join(ROOT, 'dist')
export const RUSAGE = join(ROOT, 'bench', 'rusage.mjs')
export const NCC = join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
/** The bench's temp folder: removed at the end of main(). */
export const TMP = mkdtempSync(join(tmpdir(), 'trg-bench-'))
let made = 0
/** A new path in TMP. */
export const tempPath = (name: string) => join(TMP, `${name}-${++made}`)

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
export const ms = (n: number) => `${n.toFixed(1)} ms`
export const x = (n: number) => `${n.toFixed(2)}x`

export interface Spawned {
  started: number
  ended: number
  code: number | null
  rusage?: { cpuMs: number; maxRssKb: number }
}

export function workspace(): { dir: string; env: Record<string, string> } {
  const dir = tempPath('workspace')
  mkdirSync(dir)
  const files: Record<string, string> = {}
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
    files[name] = join(dir, name)
    writeFileSync(files[name], '')
  }
  return {
    dir,
    env: {
      PATH: process.env.PATH ?? '',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: 'abc',
      ...files
    }
  }
}

/** Runs a command like the runner would; `onStart` may signal it. */
export function run(
  args: string[],
  env: Record<string, string>,
  onStart?: (pid: number, started: number) => void
): Promise<Spawned> {
  const out = `${tempPath('rusage')}.json`
  return new Promise(done => {
    const started = performance.timeOrigin + performance.now()
    const child = spawn(process.execPath, args, {
      env: { ...env, BENCH_RUSAGE_OUT: out },
      stdio: 'ignore'
    })
    onStart?.(child.pid as number, started)
    child.on('close', code => {
      const ended = performance.timeOrigin + performance.now()
      let rusage
      try {
        rusage = JSON.parse(readFileSync(out, 'utf8'))
      } catch {
        rusage = undefined
      }
      done({ started, ended, code, rusage })
    })
  })
}

export const inputs = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))

/** A step of the action on a Currents run by id (`more` adds inputs, `env` variables). */
export function currentsStep(
  sim: Pick<Simulator, 'apiKey' | 'currentsUrl'>,
  runId: string,
  command: string,
  more: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<Spawned> {
  return run(['--import', RUSAGE, join(DIST, 'index.js')], {
    ...env,
    ...inputs({
      provider: 'currents',
      'api-key': sim.apiKey,
      'api-url': sim.currentsUrl,
      command,
      'run-id': runId,
      annotations: 'true',
      summary: 'true',
      ...more
    })
  })
}
