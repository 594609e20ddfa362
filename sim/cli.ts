/**
 * `npm run sim [-- --port N]`: starts the simulator with a small demo scenario, prints its
 * addresses as JSON and its Currents ciBuildIds, then one line per request served, and stays up
 * until SIGINT or SIGTERM.
 */
import { pathToFileURL } from 'node:url'
import { servedLine, startSimulator } from './server.js'
import type { Simulator } from './server.js'

/**
 * The GitHub run that `npm run local` presents to the action (the e2e harness's, too): the
 * scenario's Currents runs carry it, as runs recorded by that workflow run's jobs would, so a
 * cancel-hook or a cancelled gate cancels them (PUT /runs/cancel-ci/github).
 */
export const DEMO_GITHUB = {
  repository: 'acme/shop',
  runId: '4242',
  runAttempt: 1,
  /** The gate's default ciBuildId for that run: <owner>/<repo>-<run id>-<run attempt>. */
  ciBuildId: 'acme/shop-4242-1'
} as const

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
  sim.testsigma.addPlan(105, {
    outcomes: ['FAILURE', 'SUCCESS'],
    durationMs: 3000,
    testCount: 12,
    failedCount: 2
  })
  const github = { githubRunId: DEMO_GITHUB.runId, githubRunAttempt: DEMO_GITHUB.runAttempt }
  const passing = sim.currents.addRun({
    ...github,
    projectId: 'demo',
    ciBuildId: 'demo-build-passing',
    branch: 'main',
    tags: ['smoke'],
    durationMs: 5000,
    specCount: 12
  })
  const failing = sim.currents.addRun({
    ...github,
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
    ...github,
    projectId: 'demo',
    ciBuildId: 'demo-build-late',
    recordAfterMs: 5000,
    durationMs: 5000
  })
  // Runs until cancelled: what a cancel-hook, a cancelled gate or `command: cancel` stops.
  const thisWorkflow = sim.currents.addRun({
    ...github,
    projectId: 'demo',
    ciBuildId: DEMO_GITHUB.ciBuildId,
    durationMs: Infinity,
    specCount: 8
  })
  return {
    testsigmaPlans: { passing: 101, autoRerun: 102, failing: 103, endless: 104, rerunFixes: 105 },
    currentsProject: 'demo',
    // What ci-build-id takes: the name the reporters record under, not the run's id.
    currentsCiBuildIds: {
      passing: 'demo-build-passing',
      failing: 'demo-build-failing',
      recordedAfter5s: 'demo-build-late',
      thisWorkflowUntilCancelled: DEMO_GITHUB.ciBuildId
    },
    currentsRuns: {
      passing,
      failing,
      recordedAfter5s: late,
      thisWorkflowUntilCancelled: thisWorkflow
    }
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--port')
  const port = i >= 0 ? Number(process.argv[i + 1]) : Number(process.env['SIM_PORT'] ?? 0)
  // Each request once answered, as the README's "Try it by hand" promises.
  const sim = await startSimulator({ port, onServed: r => console.log(servedLine(r)) })
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
  const ids = Object.entries(scenario.currentsCiBuildIds as Record<string, string>)
  console.log(`Currents ciBuildIds of project demo (ci-build-id=…):`)
  for (const [what, id] of ids) console.log(`  ${id}  (${what})`)
  console.log('Requests, as they are served:')
  const stop = (signal: string) => {
    console.log(`${signal}: ${sim.requests.length} requests served; closing`)
    void sim.close().then(() => process.exit(0))
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main()
