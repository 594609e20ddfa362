/**
 * `npm run sim [-- --port N]`: starts the simulator with a small demo scenario, prints its
 * addresses as JSON, and stays up until SIGINT or SIGTERM.
 */
import { pathToFileURL } from 'node:url'
import { startSimulator } from './server.js'
import type { Simulator } from './server.js'

/** Plans and runs for trying the action by hand. */
export function demoScenario(sim: Simulator): Record<string, unknown> {
  sim.testsigma.addPlan(101, { outcomes: ['SUCCESS'], durationMs: 3000, testCount: 8 })
  sim.testsigma.addPlan(102, {
    outcomes: ['FAILURE', 'SUCCESS'],
    durationMs: 3000,
    autoRerun: true
  })
  sim.testsigma.addPlan(103, { outcomes: ['FAILURE'], durationMs: 3000, failedCount: 3 })
  sim.testsigma.addPlan(104, { durationMs: Infinity })
  const passing = sim.currents.addRun({
    projectId: 'demo',
    ciBuildId: 'demo-build-passing',
    branch: 'main',
    tags: ['smoke'],
    durationMs: 5000,
    specCount: 12
  })
  const failing = sim.currents.addRun({
    projectId: 'demo',
    ciBuildId: 'demo-build-failing',
    branch: 'feature/login',
    durationMs: 5000,
    outcome: 'FAILED',
    failedSpecs: 2,
    specCount: 12,
    machines: 3
  })
  const late = sim.currents.addRun({
    projectId: 'demo',
    ciBuildId: 'demo-build-late',
    recordAfterMs: 5000,
    durationMs: 5000
  })
  return {
    testsigmaPlans: { passing: 101, autoRerun: 102, failing: 103, endless: 104 },
    currentsRuns: { passing, failing, recordedAfter5s: late }
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--port')
  const port = i >= 0 ? Number(process.argv[i + 1]) : Number(process.env['SIM_PORT'] ?? 0)
  const sim = await startSimulator({ port })
  const scenario = demoScenario(sim)
  const info = {
    url: sim.url,
    testsigmaUrl: sim.testsigmaUrl,
    currentsUrl: sim.currentsUrl,
    githubUrl: sim.githubUrl,
    apiKey: sim.apiKey,
    githubToken: sim.githubToken,
    ...scenario
  }
  console.log(JSON.stringify(info, null, 2))
  const stop = (signal: string) => {
    console.log(`${signal}: ${sim.requests.length} requests served; closing`)
    void sim.close().then(() => process.exit(0))
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main()
