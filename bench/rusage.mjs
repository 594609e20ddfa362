// Preloaded into the measured process (`node --import ./bench/rusage.mjs dist/index.js`):
// at exit, writes its CPU time and peak RSS to the file named by BENCH_RUSAGE_OUT.
import { writeFileSync } from 'node:fs'

const out = process.env.BENCH_RUSAGE_OUT
if (out) {
  process.on('exit', () => {
    const r = process.resourceUsage()
    writeFileSync(
      out,
      JSON.stringify({ cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000, maxRssKb: r.maxRSS })
    )
  })
}
