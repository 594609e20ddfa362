/**
 * `command: last-failed` (SPEC.md "Rerunning only what failed, with Playwright"): on a rerun
 * attempt, fetch the previous attempt's Playwright `.last-run.json` from Currents with one
 * request and write it where Playwright looks, so that `--last-failed` runs only what failed.
 * Whenever there is nothing to rerun, no file and no flag: the job then runs every test.
 */
import { plural } from '../model/words.js'
import { GateError, badInput, describeError } from '../model/errors.js'
import { lastRunPath, writeWhole } from '../files/last-run.js'
import { previousCiBuildId } from '../settings/settings.js'
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
  if (currents.ciBuildId === undefined && github.runAttempt <= 1) {
    outcome.done = `Attempt ${github.runAttempt} of this workflow run has no earlier attempt: every test runs`
    return
  }
  const ciBuildId = currents.ciBuildId ?? previousCiBuildId(github)
  const last = await provider.lastRun(ciBuildId, { signal: ctx.signal })
  if (last === undefined) {
    outcome.done = `No ${provider.label} run with ciBuildId ${ciBuildId} was found: every test runs`
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
