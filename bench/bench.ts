/**
 * `npm run bench [-- --quick]`: start-up, time to first request, cancel latency, polling
 * economy and a 10,000-spec Currents run (a status read, and a gate that reads its failed
 * tests), hostile answers (bench/hostile.ts), measured on this machine against the simulator on
 * loopback. Prints a table of medians; BENCHMARKS.md records a run and the machine.
 * It measures the committed dist/, against bare `node -e 0` and against a floor: an ncc
 * bundle of bench/floor.mjs (imports @actions/core and undici, nothing else), the one thing
 * it builds. Everything it writes (the floor, step files, rusage files) goes into one folder
 * in TMPDIR, removed at the end.
 */
import { execFileSync, spawn } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { gzipSync } from 'node:zlib'
import { join, resolve } from 'node:path'
import { type Simulator, startSimulator } from '../sim/index.js'
import { economy, retryAfterStorm } from './economy.js'
import { hostileCases } from './hostile.js'

const quick = process.argv.includes('--quick')
/** `--only=report`: just the pull request comment and flaky-test cases. */
const only = process.argv.find(a => a.startsWith('--only='))?.slice('--only='.length)
const RUNS = quick ? 3 : 15
const ROOT = resolve(import.meta.dirname, '..')
const DIST = join(ROOT, 'dist')
const RUSAGE = join(ROOT, 'bench', 'rusage.mjs')
const NCC = join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
/** The bench's temp folder: removed at the end of main(). */
const TMP = mkdtempSync(join(tmpdir(), 'trg-bench-'))
let made = 0
/** A new path in TMP. */
const tempPath = (name: string) => join(TMP, `${name}-${++made}`)

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const ms = (n: number) => `${n.toFixed(1)} ms`
const x = (n: number) => `${n.toFixed(2)}x`

interface Spawned {
  started: number
  ended: number
  code: number | null
  rusage?: { cpuMs: number; maxRssKb: number }
}

function workspace(): { dir: string; env: Record<string, string> } {
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
function run(
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

const inputs = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))

/**
 * Bundles bench/floor.mjs with ncc (minified, as scripts/build.mjs bundles the action) into
 * TMP; answers the bundle's entry and the size of all it emitted.
 */
function buildFloor(): { entry: string; bytes: number } {
  const out = join(TMP, 'floor')
  execFileSync(
    process.execPath,
    [NCC, 'build', join(ROOT, 'bench', 'floor.mjs'), '-o', out, '--minify', '--quiet'],
    { stdio: 'inherit' }
  )
  const bytes = readdirSync(out).reduce((sum, f) => sum + statSync(join(out, f)).size, 0)
  return { entry: join(out, 'index.mjs'), bytes }
}

/**
 * Spawn to exit of `node -e 0`, the floor, the action with no inputs and the CLI with no flags
 * (both fail fast on their input), taken in turn.
 */
async function coldStart(
  floor: string
): Promise<{ bare: number; floor: number; action: number; cli: number }> {
  const times = {
    bare: [] as number[],
    floor: [] as number[],
    action: [] as number[],
    cli: [] as number[]
  }
  const { env } = workspace()
  for (let i = 0; i < RUNS; i++) {
    const a = await run(['-e', '0'], env)
    times.bare.push(a.ended - a.started)
    const f = await run([floor], env)
    if (f.code !== 0) throw new Error('cold start: the floor bundle failed')
    times.floor.push(f.ended - f.started)
    const b = await run([join(DIST, 'index.js')], env)
    times.action.push(b.ended - b.started)
    const c = await run([join(DIST, 'cli.js'), 'run'], env)
    if (c.code !== 2) throw new Error(`cold start: the CLI exited ${c.code}, not 2 (bad usage)`)
    times.cli.push(c.ended - c.started)
  }
  return {
    bare: median(times.bare),
    floor: median(times.floor),
    action: median(times.action),
    cli: median(times.cli)
  }
}

async function firstRequest(sim: Simulator): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const plan = 9000 + i
    sim.testsigma.addPlan(plan, { durationMs: 100 })
    const { env } = workspace()
    const before = sim.requests.length
    const r = await run([join(DIST, 'index.js')], {
      ...env,
      ...inputs({
        provider: 'testsigma',
        'api-key': sim.apiKey,
        'api-url': sim.testsigmaUrl,
        'test-plan-id': String(plan),
        wait: 'false'
      })
    })
    const trigger = sim.requests.slice(before).find(q => q.method === 'POST')
    if (!trigger || r.code !== 0) throw new Error('first request: the trigger did not arrive')
    times.push(trigger.at - r.started)
  }
  return median(times)
}

async function cancelLatency(sim: Simulator): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const plan = 9500 + i
    sim.testsigma.addPlan(plan, { durationMs: Infinity })
    const { env } = workspace()
    let sentAt = 0
    const before = sim.requests.length
    const polled = sim.waitForRequest(
      q =>
        q.method === 'GET' && sim.testsigma.getRun(Number(q.path.split('/')[2]))?.planId === plan,
      10_000
    )
    await run(
      [join(DIST, 'index.js')],
      {
        ...env,
        ...inputs({
          provider: 'testsigma',
          'api-key': sim.apiKey,
          'api-url': sim.testsigmaUrl,
          'test-plan-id': String(plan),
          'poll-interval': '2s'
        })
      },
      pid => {
        void polled.then(() => {
          sentAt = Date.now()
          process.kill(pid, 'SIGINT')
        })
      }
    )
    const stop = sim.requests.slice(before).find(q => q.method === 'PUT')
    if (!stop || !sentAt) throw new Error('cancel latency: no stop request arrived')
    times.push(stop.at - sentAt)
  }
  return median(times)
}

async function bigRun(sim: Simulator): Promise<{
  small: Spawned
  big: Spawned
  gate: Spawned
  instanceReads: number
  gzipBytes: number
  jsonBytes: number
}> {
  const smallId = sim.currents.addRun({ projectId: 'p', durationMs: 0, specCount: 4 })
  const bigId = sim.currents.makeBigRun({ durationMs: 0 })
  await new Promise(r => setTimeout(r, 20))
  const measure = async (runId: string, command: 'status' | 'run', code: number) => {
    const { env } = workspace()
    const r = await run(['--import', RUSAGE, join(DIST, 'index.js')], {
      ...env,
      ...inputs({
        provider: 'currents',
        'api-key': sim.apiKey,
        'api-url': sim.currentsUrl,
        command,
        'run-id': runId,
        annotations: 'true',
        summary: 'true'
      })
    })
    if (r.code !== code || !r.rusage) throw new Error(`big run: the ${command} step failed`)
    return r
  }
  const small: Spawned[] = []
  const big: Spawned[] = []
  const gate: Spawned[] = []
  let instanceReads = 0
  for (let i = 0; i < Math.max(3, Math.floor(RUNS / 3)); i++) {
    small.push(await measure(smallId, 'status', 0))
    big.push(await measure(bigId, 'status', 0))
    // The gate on the same failed run: what the status step does, plus its failed tests
    // (at most 10 instance reads), their annotations and summary section.
    const before = sim.requests.length
    gate.push(await measure(bigId, 'run', 1))
    instanceReads = sim.requests.slice(before).filter(q => q.path.startsWith('/instances/')).length
  }
  const res = await fetch(`${sim.currentsUrl}/runs/${bigId}`, {
    headers: { authorization: `Bearer ${sim.apiKey}`, 'accept-encoding': 'identity' }
  })
  const json = Buffer.from(await res.arrayBuffer())
  const jsonBytes = json.byteLength
  const gzipBytes = gzipSync(json).byteLength
  const byCpu = (xs: Spawned[]) =>
    [...xs].sort((a, b) => (a.rusage?.cpuMs ?? 0) - (b.rusage?.cpuMs ?? 0))[
      Math.floor(xs.length / 2)
    ]
  return {
    small: byCpu(small),
    big: byCpu(big),
    gate: byCpu(gate),
    instanceReads,
    gzipBytes,
    jsonBytes
  }
}

/**
 * What the pull request comment and the flaky reads add to a gate (issue 21): the GitHub
 * requests and the CPU of a failed Currents gate with `pr-comment: on-failure` (the first
 * comment, then an update) against the same gate without it; and the instance reads and CPU of
 * a gate on a passing run with one flaky spec of four against a `status` step of it.
 */
async function reportCosts(sim: Simulator): Promise<Array<[string, string, string]>> {
  const failedId = sim.currents.addRun({
    projectId: 'p',
    durationMs: 0,
    outcome: 'FAILED',
    specs: [
      { spec: 'a.spec.ts', tests: 4, failures: 2, flaky: 1 },
      { spec: 'b.spec.ts', tests: 3 }
    ]
  })
  const flakyId = sim.currents.addRun({
    projectId: 'p',
    durationMs: 0,
    outcome: 'PASSED',
    specs: [
      { spec: 'a.spec.ts', tests: 3 },
      { spec: 'b.spec.ts', tests: 3, flaky: 1 },
      { spec: 'c.spec.ts', tests: 3 },
      { spec: 'd.spec.ts', tests: 3 }
    ]
  })
  await new Promise(r => setTimeout(r, 20))
  let pr = 500
  const step = async (runId: string, command: string, comment: boolean, code: number) => {
    const { dir, env } = workspace()
    const eventPath = join(dir, 'event.json')
    writeFileSync(eventPath, JSON.stringify({ pull_request: { number: pr, head: { sha: 'f' } } }))
    const before = sim.requests.length
    const r = await run(['--import', RUSAGE, join(DIST, 'index.js')], {
      ...env,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: sim.githubUrl,
      ...inputs({
        provider: 'currents',
        'api-key': sim.apiKey,
        'api-url': sim.currentsUrl,
        command,
        'run-id': runId,
        annotations: 'true',
        summary: 'true',
        'github-token': sim.githubToken,
        'pr-comment': comment ? 'on-failure' : 'false'
      })
    })
    if (r.code !== code || !r.rusage) throw new Error(`report costs: the ${command} step failed`)
    const sent = sim.requests.slice(before)
    return {
      cpu: r.rusage.cpuMs,
      github: sent.filter(q => q.service === 'github').length,
      instances: sent.filter(q => q.path.startsWith('/instances/')).length
    }
  }
  const plain: number[] = []
  const first: number[] = []
  const update: number[] = []
  const gh = { first: 0, update: 0 }
  const flaky: number[] = []
  const status: number[] = []
  let flakyReads = 0
  for (let i = 0; i < RUNS; i++) {
    pr++
    plain.push((await step(failedId, 'run', false, 1)).cpu)
    const created = await step(failedId, 'run', true, 1)
    first.push(created.cpu)
    gh.first = created.github
    const updated = await step(failedId, 'run', true, 1)
    update.push(updated.cpu)
    gh.update = updated.github
    status.push((await step(flakyId, 'status', false, 0)).cpu)
    const f = await step(flakyId, 'run', false, 0)
    flaky.push(f.cpu)
    flakyReads = f.instances
  }
  const added = (xs: number[], base: number[]) => median(xs) - median(base)
  return [
    [
      'pr-comment on a failed gate: GitHub requests, first comment | update',
      `${gh.first} | ${gh.update}`,
      'list (per 100 comments), create, list again | list, update'
    ],
    [
      'pr-comment: added CPU, first comment | update (vs the same gate without it)',
      `${ms(added(first, plain))} | ${ms(added(update, plain))} (gate without it: ${ms(median(plain))})`,
      'Octokit loads only with pr-comment or check-name'
    ],
    [
      'flaky tests of a passing run (1 flaky spec of 4): instance reads, added CPU vs status',
      `${flakyReads} | ${ms(added(flaky, status))} (status step: ${ms(median(status))})`,
      'no flaky, no failed: no request'
    ]
  ]
}

async function main(): Promise<void> {
  if (only === 'report') {
    const sim = await startSimulator()
    try {
      printRows(await reportCosts(sim))
    } finally {
      await sim.close()
    }
    return
  }
  const floor = buildFloor()
  const sim = await startSimulator()
  const rows: Array<[string, string, string]> = []
  try {
    const size = (f: string) => `${(statSync(join(DIST, f)).size / 1024).toFixed(0)} KiB`
    rows.push([
      'bundle dist/index.js / dist/post.js',
      `${size('index.js')} / ${size('post.js')}`,
      'Octokit and undici are separate lazy chunks'
    ])
    rows.push([
      'floor: ncc bundle of bench/floor.mjs',
      `${(floor.bytes / 1024).toFixed(0)} KiB`,
      'imports @actions/core and undici, nothing else'
    ])
    const cold = await coldStart(floor.entry)
    rows.push([
      'cold start: floor vs node -e 0',
      `${ms(cold.floor)} vs ${ms(cold.bare)} = ${x(cold.floor / cold.bare)}`,
      'what importing the two costs'
    ])
    rows.push([
      'cold start: node dist/index.js (no inputs) vs node -e 0 | vs floor',
      `${ms(cold.action)} vs ${ms(cold.bare)} = ${x(cold.action / cold.bare)} | ${x(cold.action / cold.floor)}`,
      'target <= 2.5x | <= 1.15x floor'
    ])
    rows.push([
      'cold start: node dist/cli.js run (no flags) vs node -e 0 | vs floor',
      `${ms(cold.cli)} vs ${ms(cold.bare)} = ${x(cold.cli / cold.bare)} | ${x(cold.cli / cold.floor)}`,
      'the CLI loads no @actions/core'
    ])
    const first = await firstRequest(sim)
    rows.push([
      'spawn -> first request (Testsigma trigger)',
      `${ms(first)} = ${x(first / cold.bare)} bare start | ${x(first / cold.floor)} floor`,
      'target <= 3.0x | <= 1.3x floor'
    ])
    const cancel = await cancelLatency(sim)
    rows.push(['SIGINT -> stop request received', ms(cancel), 'target <= 300 ms'])
    for (const runMs of quick ? [10_000, 3_600_000] : [10_000, 60_000, 600_000, 3_600_000]) {
      const e = await economy(runMs)
      const label =
        runMs >= 3_600_000 ? '1 h' : runMs >= 60_000 ? `${runMs / 60_000} min` : `${runMs / 1000} s`
      rows.push([
        `run of ${label}: requests, detection lag`,
        `${e.requests} requests, lag ${(e.lagMs / 1000).toFixed(1)} s (${e.lagPct.toFixed(1)} %)`,
        'lag <= interval (30 s), <= 10 % after minutes; <= 130 requests for 1 h'
      ])
    }
    const storm = await retryAfterStorm(600_000, 60_000)
    rows.push([
      '429 + Retry-After 60 s for 10 min',
      `${storm.requests} requests`,
      `no storm: <= ${storm.expectedAtMost}`
    ])
    const big = await bigRun(sim)
    const perPoll = (big.big.rusage?.cpuMs ?? 0) - (big.small.rusage?.cpuMs ?? 0)
    rows.push([
      '10,000-spec Currents run: CPU per poll (big - small status step)',
      ms(perPoll),
      'target <= 150 ms'
    ])
    rows.push([
      '10,000-spec Currents run: peak RSS of the step',
      `${((big.big.rusage?.maxRssKb ?? 0) / 1024).toFixed(0)} MB`,
      'target <= 120 MB'
    ])
    const cpu = (x: Spawned) => x.rusage?.cpuMs ?? 0
    const rss = (x: Spawned) => (x.rusage?.maxRssKb ?? 0) / 1024
    const addedCpu = cpu(big.gate) - cpu(big.big)
    rows.push([
      'failed 10,000-spec run, gate with its failed tests: added CPU (gate - status step)',
      `${ms(addedCpu)} = ${((100 * addedCpu) / cpu(big.big)).toFixed(1)} % of the status step, ${((100 * addedCpu) / perPoll).toFixed(1)} % of CPU per poll; ${big.instanceReads} instance reads`,
      'target <= +25 %; <= 10 reads'
    ])
    rows.push([
      'failed 10,000-spec run, gate with its failed tests: peak RSS (added)',
      `${rss(big.gate).toFixed(0)} MB (${(rss(big.gate) - rss(big.big)).toFixed(1)} MB = ${((100 * (rss(big.gate) - rss(big.big))) / rss(big.big)).toFixed(1)} %)`,
      'target <= +25 %'
    ])
    rows.push([
      '10,000-spec run JSON, plain / gzip',
      `${(big.jsonBytes / 2 ** 20).toFixed(1)} MB / ${(big.gzipBytes / 2 ** 20).toFixed(2)} MB`,
      'the action asks for gzip'
    ])
    for (const h of await hostileCases(sim, async (more, env = {}) => {
      const w = workspace()
      const r = await run(['--import', RUSAGE, join(DIST, 'index.js')], {
        ...w.env,
        ...env,
        ...inputs({ 'api-key': sim.apiKey, annotations: 'true', summary: 'true', ...more })
      })
      const maxRssMb = (r.rusage?.maxRssKb ?? 0) / 1024
      return { ms: r.ended - r.started, maxRssMb, code: r.code }
    }))
      rows.push([
        `hostile: ${h.name}`,
        `${ms(h.ms)}, peak RSS ${h.maxRssMb.toFixed(0)} MB`,
        'target <= 300 MB'
      ])
    rows.push(...(await reportCosts(sim)))
  } finally {
    await sim.close()
  }
  printRows(rows)
}

function printRows(rows: Array<[string, string, string]>): void {
  const w = [0, 1, 2].map(i => Math.max(...rows.map(r => r[i].length)))
  console.log(
    `test-run-gate bench${quick ? ' (quick)' : ''}: median of ${RUNS} runs; node ${process.version}, ${cpus()[0]?.model ?? '?'} x${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`
  )
  for (const r of rows) console.log(`${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2]}`)
}

const removeTmp = () => rmSync(TMP, { recursive: true, force: true })
// Ctrl-C or a CI timeout: the spawned steps get the signal too; remove TMP before going.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    removeTmp()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  })
try {
  await main()
} finally {
  removeTmp()
}
