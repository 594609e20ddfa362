/**
 * A 10,000-spec Currents run: CPU and peak RSS of a status step against a 4-spec run, and of
 * a gate that reads its failed tests (at most 10 instance reads).
 */
import { gzipSync } from 'node:zlib'
import type { Simulator } from '../sim/index.js'
import { RUNS, type Spawned, currentsStep, workspace } from './steps.js'

export async function bigRun(sim: Simulator): Promise<{
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
    const r = await currentsStep(sim, runId, command, {}, workspace().env)
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
