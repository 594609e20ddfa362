/**
 * `npm run demo [-- --debug]`: starts the API simulator and runs the bundled action against it
 * the way the runner does (dist/index.js, then dist/post.js), printing what the GitHub log
 * shows (github-log.ts: debug lines only with --debug, as with ACTIONS_STEP_DEBUG): a
 * Testsigma gate with a rerun and a JUnit report whose failed test cases it names, a
 * cancellation, a Currents gate that names its failed tests at their lines, and the Currents
 * cancellation hook.
 */
import { readFileSync } from 'node:fs'
import {
  type StepResult,
  endRunningSteps,
  removeTempDirs,
  runAction
} from '../__tests__/e2e/runner.js'
import { type Simulator, startSimulator } from '../sim/index.js'
import { githubLog } from './github-log.js'

const debug = process.argv.includes('--debug')
/** What a re-run with debug logging sets for the step: @actions/core's isDebug(). */
const env: Record<string, string> = debug ? { RUNNER_DEBUG: '1' } : {}

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s)

/** Prints a step's log as GitHub shows it, its outputs and the requests it made. */
function show(title: string, step: StepResult | undefined, sim: Simulator): void {
  if (!step) return
  console.log(bold(`\n── ${title} (exit ${step.code ?? step.signal}, ${step.ms} ms)`))
  const lines = githubLog(step.stdout, { debug })
  for (const line of lines.length ? lines : [dim('(nothing in the log)')]) console.log(`  ${line}`)
  const outputs = Object.entries(step.outputs).filter(([, v]) => v !== '')
  if (outputs.length)
    console.log(dim(`  outputs: ${outputs.map(([k, v]) => `${k}=${v}`).join(' ')}`))
  const end = step.startedAt + step.ms
  const requests = sim.requests
    .filter(r => r.at >= step.startedAt && r.at <= end)
    .map(r => `${r.method} ${r.path}`)
  console.log(dim(`  requests: ${requests.length ? requests.join(', ') : 'none'}`))
}

async function main(): Promise<void> {
  const sim = await startSimulator({ apiKey: 'demo-key' })
  const common = { 'api-key': 'demo-key', 'poll-interval': '500ms', 'max-poll-interval': '1s' }
  const testsigma = { ...common, provider: 'testsigma', 'api-url': sim.testsigmaUrl }
  const currents = { ...common, provider: 'currents', 'api-url': sim.currentsUrl }
  try {
    console.log(
      bold(
        '1. Testsigma gate: plan 274 fails, rerun-failed: 1 reruns its failed tests, which fail again'
      )
    )
    sim.testsigma.addPlan(274, {
      outcomes: ['FAILURE', 'FAILURE'],
      durationMs: 2500,
      failedCount: 2,
      // Named as users name them: the failed tests read "Web shop nightly || Chrome on Windows › …".
      planName: 'Web shop nightly',
      environmentName: 'Chrome on Windows',
      testCaseNames: [
        'Checkout with a saved card',
        'Apply a discount code',
        'Sign in with a magic link',
        'Search the catalogue',
        'Add to the wish list',
        'Change the delivery address',
        'Download an invoice',
        'Sign out'
      ]
    })
    const gate = await runAction({
      env,
      inputs: {
        ...testsigma,
        'test-plan-id': '274',
        'rerun-failed': '1',
        'build-number': '77',
        'junit-path': 'reports/testsigma.xml'
      }
    })
    show('main step', gate.main, sim)
    console.log(bold('\n  Job summary written by the step:\n'))
    console.log(gate.main.summary.replace(/^/gm, '    '))
    const junit = readFileSync(gate.main.outputs['junit-path'], 'utf8')
    console.log(dim(`  JUnit report: ${gate.main.outputs['junit-path']} (${junit.length} bytes)`))

    console.log(bold('\n2. Cancellation: the workflow is cancelled while plan 275 runs (SIGINT)'))
    sim.testsigma.addPlan(275, { durationMs: Infinity })
    const cancelled = await runAction({
      env,
      inputs: { ...testsigma, 'test-plan-id': '275' },
      cancel: { afterMs: 2000 }
    })
    show('main step', cancelled.main, sim)
    show('post step (job cancelled; main already stopped the run)', cancelled.post, sim)

    console.log(
      bold(
        '\n3. Currents gate: wait for the run of this workflow (recorded by other jobs) and gate on it'
      )
    )
    // Playwright specs are recorded relative to testDir (tests/), a Cypress spec relative to
    // the project; stacks name them as the recording runner saw them.
    sim.currents.addRun({
      projectId: 'bAYZ4a',
      ciBuildId: 'acme/shop-4242-1',
      recordAfterMs: 1500,
      durationMs: 3000,
      outcome: 'FAILED',
      machines: 3,
      workspace: '/home/runner/work/shop/shop',
      testDir: 'tests',
      specs: [
        { spec: 'web-app/login.spec.ts', tests: 4 },
        {
          spec: 'web-app/reports.spec.ts',
          tests: 5,
          failures: 2,
          flaky: 1,
          testTitles: [
            'Reports › exports the monthly report as CSV',
            'Reports › filters by team',
            'Reports › shows the totals row'
          ]
        },
        { spec: 'web-app/search.spec.ts', tests: 3, flaky: 1 },
        {
          spec: 'cypress/e2e/checkout.cy.ts',
          tests: 3,
          failures: 1,
          testTitles: ['Checkout › pays with a saved card']
        },
        { spec: 'web-app/settings.spec.ts', tests: 2 }
      ]
    })
    const cgate = await runAction({ env, inputs: { ...currents, 'project-id': 'bAYZ4a' } })
    show('main step', cgate.main, sim)
    console.log(bold('\n  Job summary written by the step:\n'))
    console.log(cgate.main.summary.replace(/^/gm, '    '))

    console.log(
      bold(
        '\n4. Currents cancellation hook: nothing now; the post step cancels when the workflow is cancelled'
      )
    )
    sim.currents.addRun({
      projectId: 'bAYZ4a',
      ciBuildId: 'acme/shop-4242-1-e2e',
      githubRunId: '4242',
      githubRunAttempt: 1,
      durationMs: Infinity
    })
    const hook = await runAction({
      env,
      inputs: { ...currents, command: 'cancel-hook', 'project-id': 'bAYZ4a' },
      jobStatus: 'cancelled'
    })
    show('main step', hook.main, sim)
    show('post step (job cancelled)', hook.post, sim)
  } finally {
    // The steps' workspaces (trg-e2e-* in TMPDIR), the JUnit report with them.
    removeTempDirs()
    await sim.close()
  }
}

// Ctrl-C, SIGTERM or a closed pipe (`npm run demo | head`) ends the demo mid-step, where no
// finally block runs: the running step gets SIGTERM and is waited for (it stops its run while
// the simulator still answers, and writes nothing in a removed folder afterwards), then the
// workspaces go. A further signal meanwhile changes nothing (the step ends within seconds);
// the handlers stay, so that none finds Node's default (an exit that removes nothing).
let leaving = false
const leave = (code: number) => {
  if (leaving) return
  leaving = true
  void endRunningSteps().finally(() => {
    removeTempDirs()
    process.exit(code)
  })
}
process.on('SIGINT', () => leave(130))
process.on('SIGTERM', () => leave(143))
process.stdout.on('error', (e: NodeJS.ErrnoException) => leave(e.code === 'EPIPE' ? 0 : 1))

await main()
