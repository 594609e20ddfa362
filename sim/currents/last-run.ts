/**
 * What Currents' find answers with `pwLastRun=true` (API.md): Playwright's `.last-run.json` of
 * the run, `{status, failedTests: [test ids]}`, derived from the run's failed specs (one id per
 * failed test), unless a test set it with CurrentsSim.setLastRun. Newer answers nest it as
 * `data.pwLastRun` beside the run's own fields (the run option nestedLastRun).
 */
import { createHash } from 'node:crypto'
import type { CurrentsRunState } from './run.js'
import { renderCurrentsRun } from './run.js'

const hex = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 20)

/** A Playwright-like test id (`<file hash>-<test hash>`) for the k-th failed test of a spec. */
export function playwrightTestId(spec: string, k: number): string {
  return `${hex(spec)}-${hex(`${spec}#${k}`)}`
}

/** The file itself (what last-failed writes). */
export function renderLastRun(run: CurrentsRunState): unknown {
  if (run.lastRun !== undefined) return run.lastRun
  const failedTests = run.specs.flatMap(s =>
    Array.from({ length: s.failures }, (_, k) => playwrightTestId(s.spec, k))
  )
  return { status: failedTests.length > 0 ? 'failed' : 'passed', failedTests }
}

/** find's `data`: the file, or (the newer answer) the run with the file beside its fields. */
export function renderFindLastRun(run: CurrentsRunState, now: number): unknown {
  const file = renderLastRun(run)
  return run.nestedLastRun ? { ...renderCurrentsRun(run, now), pwLastRun: file } : file
}
