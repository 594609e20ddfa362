/**
 * What the pull request comment and the flaky reads add to a gate (issue 21): the GitHub
 * requests and the CPU of a failed Currents gate with `pr-comment: on-failure` (the first
 * comment, then an update) against the same gate without it; and the instance reads and CPU of
 * a gate on a passing run with one flaky spec of four against a `status` step of it.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Simulator } from '../sim/index.js'
import { RUNS, currentsStep, median, ms, workspace } from './steps.js'

export async function reportCosts(sim: Simulator): Promise<Array<[string, string, string]>> {
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
    const r = await currentsStep(
      sim,
      runId,
      command,
      { 'github-token': sim.githubToken, 'pr-comment': comment ? 'on-failure' : 'false' },
      { ...env, GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: sim.githubUrl }
    )
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
