/**
 * `npm run bench [-- --quick]`: start-up, time to first request, cancel latency, polling
 * economy (bench/economy.ts), a 10,000-spec Currents run (bench/big-run.ts: a status read, and a
 * gate that reads its failed tests), hostile answers (bench/hostile.ts) and what the PR comment
 * and flaky reads cost (bench/report-costs.ts), measured on this machine against the simulator on
 * loopback. Prints a table of medians; BENCHMARKS.md records a run and the machine.
 * It measures the committed dist/, against bare `node -e 0` and against a floor: an ncc
 * bundle of bench/floor.mjs (imports @actions/core and undici, nothing else), the one thing
 * it builds. Everything it writes (the floor, step files, rusage files) goes into one folder
 * in TMPDIR, removed at the end.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, rmSync, statSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { type Simulator, startSimulator } from '../sim/index.js'
import { bigRun } from './big-run.js'
import { economy, retryAfterStorm } from './economy.js'
import { hostileCases } from './hostile.js'
import { reportCosts } from './report-costs.js'
import {
  DIST,
  NCC,
  ROOT,
  RUNS,
  RUSAGE,
  TMP,
  type Spawned,
  inputs,
  median,
  ms,
  only,
  quick,
  run,
  workspace,
  x
} from './steps.js'

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
