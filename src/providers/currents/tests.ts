/**
 * The failed tests of one Currents instance (one spec's results, `GET /instances/{id}`), read
 * the way the real service writes it (API.md "Instance", from a recorded real answer): the list
 * and statuses in `results.tests[]`, the error details in the `testResults` map keyed by test id
 * (the ide-extension's types allow them in `tests[]` too, so both are read), ANSI colour codes
 * in every message, and paths as the recording runner saw them.
 */
import { testPage } from './dashboard.js'
import type { FailedTest } from '../../model/run.js'
import { errorDetails, stripAnsi } from '../error-text.js'
import { arr, num, obj, str } from '../wire.js'

export { stripAnsi } from '../error-text.js'

/** Playwright's word for a test over its timeout is also a failure; Cypress says failed. */
const FAILED = new Set(['failed', 'timedout'])

const posixPath = (p: string) => p.replace(/\\/g, '/')

/**
 * A path as the repository knows it, or undefined when it cannot be told. GitHub's runners
 * check a repository out at `<work>/<x>/<x>/` (`/home/runner/work/shop/shop/`, in a container
 * job `/__w/shop/shop/`, on Windows `D:\a\shop\shop\`), where x is the recording job's
 * repository name, which may differ from the gate's: an absolute path loses everything up to
 * and including the first folder named twice in a row (`repo`'s own name is looked for first).
 * A Cypress bundle path (`webpack://proj/./a.cy.ts`) and a relative path are relative to the
 * project root already.
 */
export function repositoryPath(path: string, repo: string | undefined): string | undefined {
  let p = posixPath(path.trim()).replace(/^file:\/\//i, '')
  const bundled = /^webpack:\/\/[^/]*\/(.*)$/i.exec(p)
  if (bundled) p = bundled[1]
  const absolute = p.startsWith('/') || /^[a-z]:\//i.test(p)
  if (!absolute) return p.replace(/^(\.\/)+/, '') || undefined
  // Windows paths keep their case loosely: compare without it.
  const lower = p.toLowerCase()
  const own = repo ? lower.indexOf(`/${repo}/${repo}/`.toLowerCase()) : -1
  if (own >= 0) return p.slice(own + repo!.length * 2 + 3) || undefined
  const twice = /\/([^/]+)\/\1\//i.exec(p)
  return twice ? p.slice(twice.index + twice[0].length) || undefined : undefined
}

/**
 * Cypress names a spec in its stack by the URL that served it:
 * `https://<host>/__cypress/tests?p=cypress/integration/a.spec.js` (Currents' docs, "Get
 * Instance", Cypress): the spec is the `p` parameter.
 */
function framePath(path: string): string {
  const served = /\/__cypress\/tests\?p=([^&#]+)/.exec(path)
  if (!served) return path
  try {
    return decodeURIComponent(served[1])
  } catch {
    return served[1]
  }
}

/** True when a frame's path names the spec: equal to it, or ending with `/` and it. */
function namesSpec(path: string, spec: string): boolean {
  const p = posixPath(path).replace(/[?#].*$/, '')
  const s = posixPath(spec).replace(/^(\.\/)+/, '')
  return s !== '' && (p === s || p.endsWith(`/${s}`))
}

/** `at fn (PATH:L:C)`, `at PATH:L:C` (V8) and `fn@PATH:L:C` (Firefox) frames. */
const FRAMES = [
  /\((.+?):(\d+):(\d+)\)\s*$/,
  /^\s*at\s+(?:async\s+)?(.+?):(\d+):(\d+)\s*$/,
  /@(.+?):(\d+):(\d+)\s*$/
]

/**
 * The first frame of a stack whose path ends with the spec's path: Cypress writes
 * `webpack://proj/./cypress/e2e/a.cy.ts:42:7`, Playwright `/abs/path/tests/a.spec.ts:42:7`.
 */
export function lineFromStack(
  stack: string,
  spec: string
): { path: string; line: number } | undefined {
  for (const raw of stripAnsi(stack).split(/\r?\n/)) {
    for (const frame of FRAMES) {
      const m = frame.exec(raw)
      if (!m) continue
      const path = framePath(m[1])
      if (namesSpec(path, spec)) return { path, line: Number(m[2]) }
      break
    }
  }
  return undefined
}

/** The first non-empty line, colour codes stripped, bounded. */
function firstLine(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const line = stripAnsi(text)
    .split(/\r?\n/)
    .map(l => l.trim())
    .find(Boolean)
  return line?.slice(0, 1000)
}

export interface InstanceContext {
  /** The spec as the run names it (Playwright: relative to testDir). */
  spec: string
  /** The repository's name (GITHUB_REPOSITORY without the owner). */
  repo?: string
  /**
   * Whether the repository has this path, when a checkout can tell (GITHUB_WORKSPACE): a path
   * it does not have is never annotated (no file is better than a wrong one).
   */
  exists?: (path: string) => boolean
  /** The spec's page (its instance's, else the run's). */
  url?: string
  /** The instance read: each test then links to its own page of it. */
  instanceId?: string
}

interface TestView {
  id: string
  title: string
  state: string
  displayError?: string
  error: Record<string, unknown>
  /** Passed only after failing: isFlaky (_f), or an attempt that failed before the pass. */
  flaky: boolean
}

/** Every test of the instance, with what is known of it from both places. */
function testsOf(data: Record<string, unknown>): TestView[] {
  const details = obj(data.testResults)
  const seen = new Set<string>()
  const out: TestView[] = []
  const add = (id: string, listed: Record<string, unknown>) => {
    if (seen.has(id)) return
    seen.add(id)
    const d = obj(details[id])
    const titleParts = arr(listed.title ?? d.title).filter(t => typeof t === 'string')
    const attempts = arr(d.attempts).length > 0 ? arr(d.attempts) : arr(listed.attempts)
    // The last failed attempt's error: a test that failed, retried and failed again shows the
    // error it finally failed with.
    const failedAttempt = attempts
      .map(obj)
      .findLast(a => FAILED.has(String(a.state).toLowerCase()) && a.error)
    const state = String(str(d.state) ?? str(listed.state) ?? str(listed._s) ?? '').toLowerCase()
    const retried = attempts.some(a => FAILED.has(String(obj(a).state).toLowerCase()))
    out.push({
      id,
      title:
        titleParts.join(' › ') || str(listed.title) || str(d.title) || `(test ${id.slice(0, 40)})`,
      state,
      displayError: str(d.displayError) ?? str(listed.displayError),
      error: obj(failedAttempt?.error ?? d.error ?? listed.error),
      flaky:
        [d.isFlaky, listed.isFlaky, listed._f].includes(true) || (state === 'passed' && retried)
    })
  }
  for (const t of arr(obj(data.results).tests)) {
    const listed = obj(t)
    const id = str(listed.testId)
    if (id !== undefined) add(id, listed)
  }
  for (const id of Object.keys(details)) add(id, {})
  return out
}

/** File and line of an error: its codeFrame, else the stack frame that names the spec. */
function locate(
  error: Record<string, unknown>,
  ctx: InstanceContext,
  specFile: string
): { file: string; line?: number } {
  const frame = obj(error.codeFrame)
  const line = num(frame.line)
  if (line !== undefined && line > 0) {
    // Playwright writes `file`; Cypress `absoluteFile` (the recording machine's, often a laptop's:
    // unmappable) and `relativeFile` (from the project root).
    const framed = [str(frame.file), str(frame.absoluteFile), str(frame.relativeFile)]
    const known = framed.filter(f => f !== undefined)
    const file =
      known.length === 0
        ? specFile
        : known.map(f => repositoryPath(f, ctx.repo)).find(f => f !== undefined)
    if (file !== undefined) return { file, line }
  }
  const hit = lineFromStack(str(error.stack) ?? '', ctx.spec)
  if (hit) return { file: repositoryPath(hit.path, ctx.repo) ?? specFile, line: hit.line }
  return { file: specFile }
}

/**
 * The spec's path in the repository: from the first absolute path of it in any error of the
 * instance (Playwright's spec path is relative to testDir, not to the repository), else the
 * spec path as the run names it.
 */
function specFileOf(tests: TestView[], ctx: InstanceContext): string {
  for (const t of tests) {
    const frame = obj(t.error.codeFrame)
    const framed = [str(frame.file), str(frame.absoluteFile), str(frame.relativeFile)]
    const paths = [
      ...framed.map(f => (f !== undefined && namesSpec(f, ctx.spec) ? f : undefined)),
      lineFromStack(str(t.error.stack) ?? '', ctx.spec)?.path
    ]
    for (const p of paths) {
      const mapped = p === undefined ? undefined : repositoryPath(p, ctx.repo)
      if (mapped !== undefined) return mapped
    }
  }
  return posixPath(ctx.spec).replace(/^(\.\/)+/, '')
}

/** Some of an instance's tests (the first `limit`), and how many there are in all. */
export interface InstanceTests {
  tests: FailedTest[]
  found: number
}

/**
 * The failed tests of an instance in its order (a flaky test that passed in the end is not
 * one), at most `limit` of them built (an instance may list 200,000: only what can be reported
 * is made into entries). `data` is the answer's `data`.
 */
export function instanceFailedTests(
  data: unknown,
  ctx: InstanceContext,
  limit = Infinity
): InstanceTests {
  const read = instanceTests(data, ctx, t => FAILED.has(t.state), limit)
  if (read.found > 0) return read
  const tests = specException(obj(data), ctx)
  return { tests, found: tests.length }
}

/** The tests of an instance that passed only after failing, with the error they failed with. */
export function instanceFlakyTests(
  data: unknown,
  ctx: InstanceContext,
  limit = Infinity
): InstanceTests {
  return instanceTests(data, ctx, t => t.flaky && !FAILED.has(t.state), limit)
}

function instanceTests(
  data: unknown,
  ctx: InstanceContext,
  pick: (t: TestView) => boolean,
  limit: number
): InstanceTests {
  const tests = testsOf(obj(data))
  const picked = tests.filter(pick)
  if (picked.length === 0) return { tests: [], found: 0 }
  const specFile = specFileOf(picked, ctx)
  const built = picked.slice(0, limit).map(t => {
    const where = locate(t.error, ctx, specFile)
    const test: FailedTest = { name: t.title, group: specFile }
    // A path the gate's checkout does not have is no place for an annotation.
    if (ctx.exists?.(where.file) !== false) {
      test.file = where.file
      if (where.line !== undefined) test.line = where.line
    }
    const text = firstLine(t.displayError) !== undefined ? t.displayError : str(t.error.message)
    const message = firstLine(text)
    if (message !== undefined) test.message = message
    const details = errorDetails(text, str(obj(t.error.codeFrame).frame))
    if (details !== undefined) test.details = details
    const page = ctx.instanceId !== undefined ? testPage(ctx.instanceId, t.id) : ctx.url
    if (page) test.url = page
    return test
  })
  return { tests: built, found: picked.length }
}

/**
 * `results.exception`: an error that stopped the whole spec before any test failed on its own
 * (Currents' docs, "Get Instance", Cypress): the spec's failure, named by the spec.
 */
function specException(data: Record<string, unknown>, ctx: InstanceContext): FailedTest[] {
  const raw = obj(data.results).exception
  const text = typeof raw === 'string' ? raw : (str(obj(raw).message) ?? str(obj(raw).stack))
  const message = firstLine(text)
  if (message === undefined) return []
  const file = posixPath(ctx.spec).replace(/^(\.\/)+/, '')
  const test: FailedTest = { name: file, group: file, message }
  if (ctx.exists?.(file) !== false) test.file = file
  if (ctx.url) test.url = ctx.url
  return [test]
}
