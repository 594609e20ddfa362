/**
 * Hostile text from the services (a Testsigma message, result word, plan and test case name, a
 * Currents spec path, test title, group and run id, API error bodies) is shown, but inert: no
 * log line becomes a workflow command the action did not mean, annotations stay one line with
 * their own properties, and the job summary keeps its tables and carries no HTML or script links.
 *
 * The log is read the way actions/runner reads it (src/Runner.Common/ActionCommand.cs): lines
 * end at CR, LF or CRLF; `::name::` counts after .NET's TrimStart; `##[name]` counts anywhere.
 */
import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../sim/index.js'
import { type StepResult, runAction } from './runner.js'
import { withSim } from './fault-matrix.js'

const KEY = 'inj-KEY-31337-abc'

/** [what, text, a word of it that must still be shown] */
const HOSTILE: Array<[string, string, string]> = [
  ['add-mask', '::add-mask::pwnedmask', 'pwnedmask'],
  ['error command', '::error::pwned', 'pwned'],
  ['stop-commands after spaces', '  ::stop-commands::tok', 'tok'],
  ['legacy set-output', '##[set-output name=status;]passed', 'set-output'],
  ['legacy command mid-line', 'see ##[add-mask]hidden and ##[error]boom', 'boom'],
  ['escaped newline', '%0A::warning::pctwarn', 'pctwarn'],
  ['LF then a command', 'first line\n::error::lfpwn', 'lfpwn'],
  ['CRLF then a command', 'first line\r\n::error::crlfpwn', 'crlfpwn'],
  ['lone CR then a command', 'first line\r::error::crpwn', 'crpwn'],
  ['U+2028 then a command', 'first line\u2028::error::lspwn', 'lspwn'],
  ['NEL and no-break space before a command', '\u0085\u00a0\u3000::group::nelgroup', 'nelgroup'],
  ['table breaker', '| broken | table |\n|---|---|', 'broken'],
  ['script tag', '<script>alert(1)</script><img src=x onerror=alert(2)>', 'alert'],
  ['javascript link', '](javascript:alert(1)) [x](javascript:alert(3))', 'javascript'],
  ['10 KB line', `${'A'.repeat(10 * 1024)}::error::tail`, 'AAAAAAAA'],
  ['backticks', '```\n::error::fenced\n``` and `inline` ${{ secrets.X }}', 'inline']
]

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

/** .NET Char.IsWhiteSpace: what the runner's TrimStart removes before looking for `::`. */
const DOTNET_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/

/** The runner's commands (actions/runner ActionCommandManager and its extensions). */
const REGISTERED = new Set(
  'add-mask add-matcher remove-matcher add-path set-env set-output save-state error warning notice debug group endgroup echo stop-commands'.split(
    ' '
  )
)

interface RunnerCommand {
  line: string
  /** `::name ...::data` after TrimStart, with a registered name; else the legacy form. */
  v2: boolean
}

/** The lines the runner would take as commands: v2 first, then the legacy `##[name]` anywhere. */
function runnerCommands(output: string): RunnerCommand[] {
  const out: RunnerCommand[] = []
  for (const line of output.split(/\r\n|\r|\n/)) {
    const t = line.replace(DOTNET_SPACE, '')
    const end = t.startsWith('::') ? t.indexOf('::', 2) : -1
    if (end > 2 && REGISTERED.has(t.slice(2, end).split(' ')[0].toLowerCase())) {
      out.push({ line, v2: true })
      continue
    }
    const at = line.indexOf('##[')
    if (at >= 0 && line.indexOf(']', at) > at) out.push({ line, v2: false })
  }
  return out
}

const ANNOTATION_PROPS = new Set(['title', 'file', 'line', 'col', 'endLine', 'endColumn'])

/** Only commands the action itself emits, each well-formed and on one line. */
function expectOnlyOwnCommands(step: StepResult | undefined): void {
  if (!step) throw new Error('the step did not run')
  for (const { line, v2 } of runnerCommands(step.stdout + '\n' + step.stderr)) {
    // The action prints no legacy commands, and indents none of its own.
    expect({ line, v2 }).toEqual({ line, v2: true })
    expect(line.replace(DOTNET_SPACE, '')).toBe(line)
    const end = line.indexOf('::', 2)
    const [name, ...props] = line.slice(2, end).split(' ')
    const data = line.slice(end + 2)
    if (name === 'add-mask') expect(data).toBe(KEY)
    else expect(['error', 'warning', 'notice', 'debug', 'group', 'endgroup']).toContain(name)
    for (const pair of props.join(' ').split(',').filter(Boolean)) {
      expect(ANNOTATION_PROPS.has(pair.slice(0, pair.indexOf('=')))).toBe(true)
    }
  }
}

/**
 * Every table row on one line with its header's column count; no HTML but the summary's own
 * folded errors (a <details> line, then a <pre> block: one per line); no script links.
 */
function expectInertSummary(summary: string): void {
  const own = summary
    .replace(/^<details><summary>/gm, '')
    .replace(/<\/summary><pre>$/gm, '')
    .replace(/^<\/pre><\/details>$/gm, '')
  expect(own).not.toMatch(/<\s*[a-z!/]/i)
  expect(summary).not.toMatch(/\]\(\s*javascript:/i)
  expect(summary).not.toMatch(/\u2028|\u2029|\r/)
  let columns: number | undefined
  for (const line of summary.split('\n')) {
    if (!line.startsWith('|')) {
      columns = undefined
      continue
    }
    expect(line.endsWith('|')).toBe(true)
    const cells = line.split('|').length
    columns ??= cells
    expect(cells).toBe(columns)
  }
}

const base = (sim: Simulator, provider: 'testsigma' | 'currents') => ({
  provider,
  'api-key': KEY,
  'api-url': provider === 'testsigma' ? sim.testsigmaUrl : sim.currentsUrl,
  'poll-interval': '200ms',
  'max-poll-interval': '400ms'
})

/** A finished Testsigma run with the text in its message, result word and test plan name. */
const testsigmaRun = (text: string) =>
  withSim({ apiKey: KEY }, async sim => {
    sim.testsigma.addPlan(1, { outcomes: ['FAILURE'], durationMs: 0, testCaseNames: [text] })
    const res = await fetch(`${sim.testsigmaUrl}/execution_results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ executionId: 1 })
    })
    const id = ((await res.json()) as { id: number }).id
    for (const field of ['message', 'result', 'consolidatedResult'])
      sim.testsigma.setRunField(id, field, text)
    sim.testsigma.setRunField(id, 'execution', { id: 1, name: text })
    sim.testsigma.setRunField(id, 'app_url', `https://app.testsigma.com/ui/td/runs/${id}?q=${text}`)
    const { main, post } = await runAction({
      inputs: {
        ...base(sim, 'testsigma'),
        'run-id': String(id),
        'junit-path': 'junit.xml',
        // The info line of a non-gating verdict, besides the annotations.
        'fail-on-failure': 'false'
      }
    })
    expectOnlyOwnCommands(post)
    return main
  })

/** A finished Currents run whose one failed spec, its group, its test and the run id are the text. */
const currentsRun = (text: string) =>
  withSim({ apiKey: KEY }, async sim => {
    sim.currents.addRun({
      runId: 'run-1',
      projectId: 'P',
      ciBuildId: 'B',
      durationMs: 0,
      outcome: 'FAILED',
      specs: [{ spec: text, failures: 1, machineId: 'm-1', groupId: text, testTitles: [text] }]
    })
    // A run id with control characters is no id at all (e2e/hostile-currents.test.ts): here it
    // carries the rest of the text, a space for each of them.
    sim.currents.setRunField('run-1', 'runId', text.replace(CONTROL, ' '))
    const { main, post } = await runAction({
      inputs: { ...base(sim, 'currents'), 'project-id': 'P', 'ci-build-id': 'B' }
    })
    expect(main.code).toBe(1)
    expectOnlyOwnCommands(post)
    return main
  })

/** A final error whose server text is the text (Testsigma refuses the trigger). */
const errorBody = (text: string) =>
  withSim({ apiKey: KEY }, async sim => {
    sim.testsigma.addPlan(2)
    sim.faults.add({ service: 'testsigma', kind: 'json', status: 400, body: { error: text } })
    const { main } = await runAction({
      inputs: { ...base(sim, 'testsigma'), 'test-plan-id': '2' },
      post: false
    })
    expect(main.code).toBe(1)
    return main
  })

/** Transient errors (warnings) whose server text is the text, then a pass. */
const warningBody = (text: string) =>
  withSim({ apiKey: KEY }, async sim => {
    sim.currents.addRun({ runId: 'run-2', projectId: 'Q', ciBuildId: 'B', durationMs: 300 })
    sim.faults.add({
      service: 'currents',
      method: 'GET',
      path: '/runs/find',
      kind: 'json',
      status: 503,
      body: { status: 'FAILED', error: text },
      times: 4
    })
    const { main } = await runAction({
      inputs: { ...base(sim, 'currents'), 'project-id': 'Q', 'ci-build-id': 'B' },
      post: false
    })
    expect(main.code).toBe(0)
    return main
  })

describe('hostile text from the services is shown but inert', () => {
  it('tries enough hostile strings', () => expect(HOSTILE.length).toBeGreaterThanOrEqual(10))

  it.concurrent.each(HOSTILE)('%s', async (_what, text, marker) => {
    const [ts, cs, err, warn] = await Promise.all([
      testsigmaRun(text),
      currentsRun(text),
      errorBody(text),
      warningBody(text)
    ])
    const shown = (s: string) => expect(s.toLowerCase()).toContain(marker.toLowerCase())
    for (const step of [ts, cs, err, warn]) {
      expectOnlyOwnCommands(step)
      expectInertSummary(step.summary)
    }
    // The text was there to be made inert: in annotations, the summary and the error lines.
    shown(ts.stdout)
    shown(ts.summary)
    shown(cs.stdout)
    shown(cs.summary)
    shown(err.stdout.split('\n').find(l => l.startsWith('::error::')) ?? '')
    shown(warn.stdout.split('\n').find(l => l.startsWith('::warning::')) ?? '')
  })
})
