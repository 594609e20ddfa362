/** The README's job summary sample is what the action writes today, run as the runner runs it. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { ROOT, runAction, simInputs } from './runner.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: 'readme-SECRET-key' })
})
afterAll(() => sim.close())

/** Markdown lines with table cells trimmed and alignment rows reduced: prettier pads them. */
function normalize(lines: string[]): string[] {
  const out = lines.map(line => {
    if (!line.startsWith('|')) return line.trim()
    const cells = line
      .split('|')
      .slice(1, -1)
      .map(c => c.trim())
    return cells.every(c => /^-+:?$/.test(c))
      ? cells.map(c => (c.endsWith(':') ? '---:' : '---')).join('|')
      : cells.join('|')
  })
  while (out.at(-1) === '') out.pop()
  return out
}

/** The blockquote under a README heading, up to the next one given, without its "> " marks. */
function readmeSample(from = '## Job summary', to = '## Pull request comment'): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf(from), readme.indexOf(to))
  return section
    .split('\n')
    .filter(l => l.startsWith('>'))
    .map(l => l.replace(/^> ?/, ''))
}

/** The demo's failing run (12 specs on 3 machines, 2 failed), as the samples name it. */
let failing: string | undefined
function failingRun(): string {
  if (failing !== undefined) return failing
  const runId = sim.currents.addRun({
    runId: 'f14d08e99a48',
    projectId: 'bAYZ4a',
    ciBuildId: 'acme/shop-4242-1',
    durationMs: 0,
    outcome: 'FAILED',
    specCount: 12,
    failedSpecs: 2,
    machines: 3
  })
  sim.currents.setRunField(runId, 'durationMs', 192_000)
  return (failing = runId)
}

describe('README: the pull request comment sample', () => {
  it('is what a Currents gate with pr-comment: on-failure on that failing run writes', async () => {
    const runId = failingRun()
    const { main } = await runAction({
      inputs: simInputs(sim, 'currents', 'readme-SECRET-key', {
        'run-id': runId,
        'pr-comment': 'on-failure'
      }),
      env: { GITHUB_API_URL: sim.githubUrl },
      event: { pull_request: { number: 7, head: { sha: 'feedface'.repeat(5) } } },
      post: false
    })
    expect(main.code).toBe(1)
    const sample = readmeSample('## Pull request comment', '## Troubleshooting')
    expect(sample.length).toBeGreaterThan(10)
    const [comment] = sim.github.comments.of(7)
    expect(normalize(sample)).toEqual(normalize(comment.body.split('\n')))
  })
})

describe('README: the job summary sample', () => {
  it('is what a Currents gate on that failing run writes', async () => {
    const runId = failingRun()
    const { main } = await runAction({
      inputs: simInputs(sim, 'currents', 'readme-SECRET-key', { 'run-id': runId }),
      post: false
    })
    expect(main.code).toBe(1)
    const sample = readmeSample()
    expect(sample.length).toBeGreaterThan(10)
    expect(normalize(sample)).toEqual(normalize(main.summary.split('\n')))
  })
})
