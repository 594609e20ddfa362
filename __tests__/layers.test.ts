/**
 * The shape of src/ (README "Layout"): rooms by what they know, imports only downward, no cycle.
 * Read from the import statements themselves, so a new file or a new import is checked too.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../src', import.meta.url))

/** Lower rooms first: a file may import its own room or a lower one, never a higher one. */
const RANK: Record<string, number> = {
  model: 0,
  waiting: 1,
  settings: 2,
  http: 3,
  files: 3,
  providers: 4,
  commands: 5,
  report: 6,
  github: 7,
  cli: 7,
  '': 8 // the entries: main.ts, post.ts, cli.ts
}

/** Only the GitHub edge talks to the runner and to GitHub's API. */
const GITHUB_ONLY = ['@actions/core', '@actions/github']

const files = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter(f => f.endsWith('.ts'))
  .map(f => f.split('\\').join('/'))
  .sort()

/** Every module a file imports: static, re-exports and dynamic imports. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8')
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*'([^']+)'/gms),
    ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
    ...text.matchAll(/^import\s+'([^']+)'/gm)
  ].map(m => m[1]!)
  return [...new Set(specs)]
}

/** The project file a relative import names (src-relative, .ts), or undefined for packages. */
function local(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined
  return relative(SRC, resolve(dirname(join(SRC, from)), spec))
    .split('\\')
    .join('/')
    .replace(/\.js$/, '.ts')
}

const room = (file: string) => (file.includes('/') ? file.split('/')[0]! : '')
/** providers/testsigma/ and providers/currents/ know nothing of each other. */
const service = (file: string) => /^providers\/(testsigma|currents)\//.exec(file)?.[1]

const graph = new Map(
  files.map(f => [
    f,
    importsOf(f)
      .map(s => local(f, s))
      .filter((t): t is string => t !== undefined && !t.endsWith('.json'))
  ])
)

/** Each import cycle of a graph, as "a → b → a". */
function cyclesOf(g: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = []
  const done = new Set<string>()
  const path: string[] = []
  const visit = (f: string) => {
    if (done.has(f)) return
    const at = path.indexOf(f)
    if (at >= 0) {
      cycles.push([...path.slice(at), f].join(' → '))
      return
    }
    path.push(f)
    for (const t of g.get(f) ?? []) visit(t)
    path.pop()
    done.add(f)
  }
  for (const f of g.keys()) visit(f)
  return cycles
}

describe('src/ layout', () => {
  it('has every file in a known room', () => {
    expect(files.length).toBeGreaterThan(40)
    expect(files.filter(f => RANK[room(f)] === undefined)).toEqual([])
  })

  it('imports only files that exist', () => {
    const missing = [...graph].flatMap(([f, ts]) =>
      ts.filter(t => !files.includes(t)).map(t => `${f} → ${t}`)
    )
    expect(missing).toEqual([])
  })

  it('imports only downward: its own room or a lower one', () => {
    const upward = [...graph].flatMap(([f, ts]) =>
      ts.filter(t => RANK[room(t)]! > RANK[room(f)]!).map(t => `${f} → ${t}`)
    )
    expect(upward).toEqual([])
  })

  it('keeps the two edges apart', () => {
    const across = [...graph].flatMap(([f, ts]) =>
      ts
        .filter(t => RANK[room(f)] === 7 && RANK[room(t)] === 7 && room(t) !== room(f))
        .map(t => `${f} → ${t}`)
    )
    expect(across).toEqual([])
  })

  it('keeps each service to its own folder', () => {
    const across = [...graph].flatMap(([f, ts]) =>
      ts
        .filter(t => service(f) !== undefined && service(t) !== undefined)
        .filter(t => service(t) !== service(f))
        .map(t => `${f} → ${t}`)
    )
    expect(across).toEqual([])
  })

  it('has the vocabulary import nothing of the project but itself', () => {
    const out = [...graph]
      .filter(([f]) => room(f) === 'model')
      .flatMap(([f, ts]) => ts.filter(t => room(t) !== 'model').map(t => `${f} → ${t}`))
    expect(out).toEqual([])
  })

  it('has no import cycle', () => {
    expect(cyclesOf(graph)).toEqual([])
  })

  it('talks to the runner and GitHub only from the GitHub edge', () => {
    const outside = files
      .filter(f => room(f) !== 'github')
      .flatMap(f =>
        importsOf(f)
          .filter(s => GITHUB_ONLY.includes(s))
          .map(s => `${f} → ${s}`)
      )
    expect(outside).toEqual([])
  })

  it('keeps service words in their service folder', () => {
    // cli/inputs.ts is generated from action.yml's descriptions, which name the wire fields.
    const words = /\b(executionId|executionResultId|completionState|instanceId)\b/
    const leaks = files
      .filter(f => service(f) === undefined && f !== 'cli/inputs.ts')
      .filter(f => words.test(readFileSync(join(SRC, f), 'utf8')))
    expect(leaks).toEqual([])
  })
})

describe('the layout rules themselves', () => {
  it('see an upward import, a service reaching into another, and a cycle', () => {
    expect(local('report/summary.ts', '../github/checks.js')).toBe('github/checks.ts')
    expect(RANK[room('github/checks.ts')]!).toBeGreaterThan(RANK[room('report/summary.ts')]!)
    expect(service('providers/currents/run.ts')).toBe('currents')
    expect(service('providers/provider.ts')).toBeUndefined()
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']]
    ])
    expect(cyclesOf(g)).toEqual(['a.ts → b.ts → c.ts → a.ts'])
    expect(cyclesOf(new Map([['a.ts', ['b.ts']]]))).toEqual([])
  })
})
