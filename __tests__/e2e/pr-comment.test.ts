/**
 * The sticky pull request comment (pr-comment): one per gate, found again by its marker on
 * every page, updated in place, never a second one (even when two gates race), bounded and
 * escaped; a fork's read-only token is one warning; outside a pull request, no request.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  FORK_TOKEN,
  type RecordedRequest,
  type Simulator,
  startSimulator
} from '../../sim/index.js'
import { OUTPUT_NAMES } from '../../src/report/outputs.js'
import { errorLines, githubWritesAfter, runAction, simInputs } from './runner.js'

const KEY = 'prc-SECRET-key'
const SHA = 'feedfacefeedfacefeedfacefeedfacefeedface'
let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY, githubToken: 'gh-token' })
})
afterAll(() => sim.close())

let prs = 100
/** A pull request of its own for each test, so comments never mix. */
const newPr = () => ++prs

const prEvent = (number: number, headRepo = 'acme/shop') => ({
  pull_request: {
    number,
    head: { sha: SHA, repo: { full_name: headRepo } },
    base: { repo: { full_name: 'acme/shop' } }
  }
})
const env = () => ({ GITHUB_API_URL: sim.githubUrl, GITHUB_EVENT_NAME: 'pull_request' })

/** A Currents run with two failed tests and a flaky one (or a clean pass). */
function currentsRun(outcome: 'FAILED' | 'PASSED', project: string): string {
  sim.currents.addProject(project)
  return sim.currents.addRun({
    projectId: project,
    durationMs: 0,
    outcome,
    workspace: '/home/runner/work/shop/shop',
    testDir: 'tests',
    specs:
      outcome === 'FAILED'
        ? [
            {
              spec: 'web-app/reports.spec.ts',
              tests: 5,
              failures: 2,
              flaky: 1,
              testTitles: [
                'Reports › exports CSV',
                'Reports › filters | team',
                'Reports › is flaky'
              ]
            }
          ]
        : [{ spec: 'web-app/reports.spec.ts', tests: 3 }]
  })
}

async function gate(
  pr: number,
  runId: string,
  more: Record<string, string> = {},
  opts: { event?: unknown; token?: string } = {}
) {
  const { main } = await runAction({
    inputs: simInputs(sim, 'currents', KEY, {
      'run-id': runId,
      'project-id': 'prc',
      'pr-comment': 'on-failure',
      ...(opts.token ? { 'github-token': opts.token } : {}),
      ...more
    }),
    env: env(),
    event: opts.event ?? prEvent(pr),
    post: false
  })
  return main
}

const commentsOf = (pr: number) => sim.github.comments.of(pr)
const isCreate = (path: string) => (r: RecordedRequest) =>
  r.service === 'github' && r.method === 'POST' && r.path === path
const writes = (since: number) =>
  sim.requests.filter(r => r.service === 'github' && r.at >= since && r.method !== 'GET')

describe('pr-comment', () => {
  it('a failed gate writes one comment: verdict, counts, failed tests linked to the head, flaky tests, links', async () => {
    const pr = newPr()
    const runId = currentsRun('FAILED', 'prc')
    const main = await gate(pr, runId)
    expect(main.code).toBe(1)
    const [comment, ...others] = commentsOf(pr)
    expect(others).toEqual([])
    const body = comment.body
    expect(body).toMatch(/^<!-- test-run-gate: currents%3Aproject%3Aprc -->/)
    expect(body).toContain(`### ❌ Currents run ${runId}: failed`)
    expect(body).toContain('#### Failed tests (2)')
    expect(body).toContain(
      `[tests/web-app/reports.spec.ts:12](https://github.com/acme/shop/blob/${SHA}/tests/web-app/reports.spec.ts#L12)`
    )
    // Escaped as the summary is: a | in a title cannot split anything.
    expect(body).toContain('Reports › filters &#124; team')
    expect(body).toContain('<details><summary>The whole error</summary><pre>')
    expect(body).toContain('Expected: 200')
    expect(body).toContain('#### Flaky tests (1): passed only after failing')
    expect(body).toContain('Reports › is flaky')
    expect(body).toContain(`[Open the run](https://app.currents.dev/run/${runId})`)
    expect(body).toContain(
      '[Job summary](https://github.com/acme/shop/actions/runs/4242/attempts/1)'
    )
    expect(body).toContain('**Next:**')
    expect(body).not.toContain('\u001b[')
    expect(main.outputs['pr-comment-url']).toBe(
      `https://github.com/acme/shop/pull/${pr}#issuecomment-${comment.id}`
    )
  })

  it('a later pass updates the same comment to say so; no second comment', async () => {
    const pr = newPr()
    await gate(pr, currentsRun('FAILED', 'prc'))
    const [first] = commentsOf(pr)
    const passed = currentsRun('PASSED', 'prc')
    const main = await gate(pr, passed)
    expect(main.code).toBe(0)
    const comments = commentsOf(pr)
    expect(comments.map(c => c.id)).toEqual([first.id])
    expect(comments[0].bodies).toHaveLength(2)
    expect(comments[0].body).toContain(`### ✅ Currents run ${passed}: passed`)
    expect(comments[0].body).not.toContain('failed')
    expect(main.outputs['pr-comment-url']).toContain(`#issuecomment-${first.id}`)
  })

  it('on-failure: a pass with no comment yet writes nothing', async () => {
    const pr = newPr()
    const since = Date.now()
    const main = await gate(pr, currentsRun('PASSED', 'prc'))
    expect(main.code).toBe(0)
    expect(commentsOf(pr)).toEqual([])
    expect(writes(since)).toEqual([])
    expect(main.outputs['pr-comment-url']).toBe('')
  })

  it('pr-comment: true comments on a pass too', async () => {
    const pr = newPr()
    const main = await gate(pr, currentsRun('PASSED', 'prc'), { 'pr-comment': 'true' })
    expect(main.code).toBe(0)
    expect(commentsOf(pr)).toHaveLength(1)
    expect(commentsOf(pr)[0].body).toContain(': passed')
  })

  it("finds its comment on a later page of the pull request's comments and updates it", async () => {
    const pr = newPr()
    for (let i = 0; i < 130; i++) sim.github.comments.add(pr, `review note ${i}`)
    await gate(pr, currentsRun('FAILED', 'prc'))
    for (let i = 0; i < 90; i++) sim.github.comments.add(pr, `later note ${i}`)
    const mine = commentsOf(pr).filter(c => c.body.includes('test-run-gate'))
    expect(mine).toHaveLength(1)
    await gate(pr, currentsRun('FAILED', 'prc'))
    const after = commentsOf(pr).filter(c => c.body.includes('test-run-gate'))
    expect(after.map(c => c.id)).toEqual([mine[0].id])
    expect(after[0].bodies).toHaveLength(2)
    expect(commentsOf(pr)).toHaveLength(221)
  })

  it('of two comments of one gate, keeps the oldest and deletes the rest', async () => {
    const pr = newPr()
    const marker = '<!-- test-run-gate: currents%3Aproject%3Aprc -->'
    const oldest = sim.github.comments.add(pr, `${marker}\nold`)
    sim.github.comments.add(pr, 'a reviewer')
    sim.github.comments.add(pr, `${marker}\nduplicate`)
    await gate(pr, currentsRun('FAILED', 'prc'))
    const comments = commentsOf(pr)
    expect(comments.map(c => c.id)).toEqual([oldest.id, oldest.id + 1])
    expect(comments[0].body).toContain('#### Failed tests (2)')
  })

  it('two gates of one identity racing (both looked before either wrote) leave one comment', async () => {
    const pr = newPr()
    const runId = currentsRun('FAILED', 'prc')
    sim.faults.add({
      service: 'github',
      method: 'GET',
      path: `/repos/acme/shop/issues/${pr}/comments`,
      kind: 'barrier',
      count: 2,
      times: 2
    })
    const [a, b] = await Promise.all([gate(pr, runId), gate(pr, runId)])
    expect([a.code, b.code]).toEqual([1, 1])
    const creates = sim.requests.filter(
      r => r.service === 'github' && r.method === 'POST' && r.path.endsWith(`/${pr}/comments`)
    )
    expect(creates).toHaveLength(2)
    const comments = commentsOf(pr)
    expect(comments).toHaveLength(1)
    expect(comments[0].body).toContain('#### Failed tests (2)')
    expect(a.outputs['pr-comment-url']).toBe(b.outputs['pr-comment-url'])
  })

  it('SIGINT during a hung comment write: the step ends by itself, one write after it, the verdict as it was', async () => {
    const pr = newPr()
    const runId = currentsRun('FAILED', 'prc')
    const path = `/repos/acme/shop/issues/${pr}/comments`
    let hung: RecordedRequest | undefined
    // The first create never answers; GitHub answers every call after it.
    const hang = sim.faults.add({ service: 'github', method: 'POST', path, kind: 'hang' })
    const { main } = await runAction({
      inputs: simInputs(sim, 'currents', KEY, {
        'run-id': runId,
        'project-id': 'prc',
        'pr-comment': 'on-failure'
      }),
      env: env(),
      event: prEvent(pr),
      // SIGINT once the create that hangs has come in.
      cancel: { when: async () => (hung = await sim.waitForRequest(isCreate(path))) },
      post: false
    })
    expect(hang.applied).toBe(1)
    // Ended by itself: no SIGTERM was needed (the runner's comes 7.5 s after SIGINT).
    expect(main.signal).toBeNull()
    expect(main.stdout).toContain('Received SIGINT: cancelling')
    expect(main.stdout).not.toContain('Received SIGTERM')
    // The gate's verdict is the run's, as before the signal.
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('failed')
    expect(errorLines(main.stdout).filter(l => l.startsWith('::error::'))).toEqual([
      `::error::Currents run ${runId} failed (FAILED): 5 tests, 3 passed, 2 failed, 1 flaky`
    ])
    expect(Object.keys(main.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    // After the signal: one write at most, and here the one that makes the comment. (Counted
    // after the hung create, not by the clock: both can fall in the same millisecond.)
    expect(githubWritesAfter(sim, hung)).toHaveLength(1)
    const [comment, ...others] = commentsOf(pr)
    expect(others).toEqual([])
    expect(comment.body).toContain('#### Failed tests (2)')
    expect(main.outputs['pr-comment-url']).toBe(
      `https://github.com/acme/shop/pull/${pr}#issuecomment-${comment.id}`
    )
  })

  it('SIGINT during a comment write GitHub never answers: one last write, a warning, the step ends before SIGKILL', async () => {
    const pr = newPr()
    const runId = currentsRun('FAILED', 'prc')
    const path = `/repos/acme/shop/issues/${pr}/comments`
    let hung: RecordedRequest | undefined
    const hang = sim.faults.add({
      service: 'github',
      method: 'POST',
      path,
      kind: 'hang',
      times: Infinity
    })
    try {
      const { main } = await runAction({
        inputs: simInputs(sim, 'currents', KEY, {
          'run-id': runId,
          'project-id': 'prc',
          'pr-comment': 'on-failure'
        }),
        env: env(),
        event: prEvent(pr),
        cancel: { when: async () => (hung = await sim.waitForRequest(isCreate(path))) },
        post: false
      })
      // The last write waits at most what is left of the 6.5 s grace: SIGKILL comes at 10 s.
      expect(main.signal).toBeNull()
      expect(main.code).toBe(1)
      expect(main.outputs.status).toBe('failed')
      expect(Object.keys(main.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
      expect(main.outputs['pr-comment-url']).toBe('')
      expect(hang.applied).toBe(2)
      expect(githubWritesAfter(sim, hung)).toHaveLength(1)
      expect(commentsOf(pr)).toEqual([])
      expect(main.stdout.split('\n').filter(l => l.startsWith('::warning::Pull request'))).toEqual([
        '::warning::Pull request comment: GitHub did not answer within the time allowed; the comment was left as it is'
      ])
    } finally {
      sim.faults.remove(hang)
    }
  })

  it("a fork's read-only token: one warning saying so and how to comment anyway; the verdict stands", async () => {
    const pr = newPr()
    const main = await gate(
      pr,
      currentsRun('FAILED', 'prc'),
      {},
      {
        token: FORK_TOKEN,
        event: prEvent(pr, 'someone/shop')
      }
    )
    expect(main.code).toBe(1)
    expect(main.outputs.status).toBe('failed')
    expect(commentsOf(pr)).toEqual([])
    const warnings = main.stdout.split('\n').filter(l => l.startsWith('::warning::Pull request'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('a pull request from a fork gets a read-only token')
    expect(warnings[0]).toContain('workflow_run')
    expect(errorLines(main.stdout).filter(l => l.includes('comment'))).toEqual([])
    expect(main.outputs['pr-comment-url']).toBe('')
  })

  it('outside a pull request (push): no comment and no GitHub request', async () => {
    const since = Date.now()
    const main = await gate(0, currentsRun('FAILED', 'prc'), {}, { event: {} })
    expect(main.code).toBe(1)
    expect(sim.requests.filter(r => r.service === 'github' && r.at >= since)).toEqual([])
    expect(main.outputs['pr-comment-url']).toBe('')
  })

  it('stays under 60,000 characters and escaped, whatever the run', async () => {
    const pr = newPr()
    const hostile = '<!-- --> ::error::x | `code` <script>'.padEnd(3000, '#*_[]')
    sim.testsigma.addPlan(4701, {
      outcomes: ['FAILURE'],
      durationMs: 200,
      testCount: 400,
      failedCount: 400,
      testCaseNames: Array.from({ length: 400 }, (_, i) => `${hostile} ${i}`)
    })
    const { main } = await runAction({
      inputs: simInputs(sim, 'testsigma', KEY, {
        'test-plan-id': '4701',
        'pr-comment': 'true'
      }),
      env: env(),
      event: prEvent(pr),
      post: false
    })
    expect(main.code).toBe(1)
    const [comment] = commentsOf(pr)
    expect(comment.body.length).toBeLessThanOrEqual(60_000)
    expect(comment.body.match(/<!--/g)).toHaveLength(1)
    expect(comment.body).not.toContain('<script>')
    expect(comment.body).toMatch(/…and \d+ more in the \[job summary\]/)
  })
})
