/**
 * `command: last-failed` (SPEC.md "Rerunning only what failed, with Playwright"): on a rerun
 * attempt, fetch the previous attempt's Playwright `.last-run.json` from Currents with one
 * request and write it where Playwright looks, so that `--last-failed` runs only what failed.
 * Whenever there is nothing to rerun, no file and no flag: the job then runs every test.
 */
import { plural } from '../model/words.js'
import { GateError, badInput, describeError } from '../model/errors.js'
import { lastRunPath, writeWhole } from '../files/last-run.js'
import { type GithubContext, defaultCiBuildIds } from '../settings/settings.js'
import type { LastRun } from '../model/run.js'
import type { Context } from './context.js'
import type { Outcome } from '../model/outcome.js'

const LAST_FAILED_FLAG = '--last-failed'

export async function lastFailedCommand(ctx: Context, outcome: Outcome): Promise<void> {
  const { provider, settings } = ctx
  if (!provider.lastRun) {
    throw new GateError(
      'bad-input',
      `Input 'command': last-failed is not a ${provider.name} command`
    )
  }
  const { github, currents } = settings
  // An explicit ci-build-id names the earlier run itself (the CLI has no attempts at all).
  const given = currents.ciBuildIdFrom === 'input'
  if (!given && github.runAttempt <= 1) {
    outcome.done = `Attempt ${github.runAttempt} of this workflow run has no earlier attempt: every test runs`
    return
  }
  const candidates = previousCiBuildIds(currents.ciBuildId, currents.ciBuildIdFrom, github)
  let ciBuildId = candidates[0]
  let last: LastRun | undefined
  for (const candidate of candidates) {
    ciBuildId = candidate
    last = await provider.lastRun(candidate, { signal: ctx.signal })
    if (last !== undefined) break
  }
  if (last === undefined) {
    outcome.done = `No ${provider.label} run with ciBuildId ${candidates.join(' or ')} was found: every test runs`
    return
  }
  const failed = last.failedTests.length
  if (failed === 0) {
    outcome.done = `The ${provider.label} run with ciBuildId ${ciBuildId} has no failed tests: every test runs`
    return
  }
  const target = lastRunPath(github.workspace ?? process.cwd(), currents.pwOutputDir)
  try {
    await writeWhole(target, `${JSON.stringify(last.file, null, 2)}\n`)
  } catch (e) {
    throw badInput('pw-output-dir', `could not write ${target}: ${describeError(e)}`)
  }
  outcome.extraPwFlags = LAST_FAILED_FLAG
  outcome.done = `Wrote the ${plural(failed, 'failed test')} of the ${provider.label} run with ciBuildId ${ciBuildId} to ${target}: ${LAST_FAILED_FLAG} reruns only them`
}

/**
 * The previous attempt's run, by the rule that named this attempt's: the input as given; the
 * workflow's CURRENTS_CI_BUILD_ID with its attempt (`…-<attempt>` at the end) one lower; else
 * both names the reporters may have used for it (`<repo>-<run>-<attempt - 1>`, then with `pw:`).
 */
function previousCiBuildIds(
  ciBuildId: string | undefined,
  from: 'input' | 'env' | undefined,
  github: GithubContext
): string[] {
  if (ciBuildId !== undefined && from === 'input') return [ciBuildId]
  const previous = github.runAttempt - 1
  if (ciBuildId !== undefined) {
    const suffix = `-${github.runAttempt}`
    return [
      ciBuildId.endsWith(suffix) ? `${ciBuildId.slice(0, -suffix.length)}-${previous}` : ciBuildId
    ]
  }
  return defaultCiBuildIds(github, previous)
}
