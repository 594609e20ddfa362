/**
 * The post step: runs after every job (post-if: always()). It cancels what is still running
 * when the job was cancelled or main stopped mid-wait: the run main saved, by its id, or, with
 * no run id saved, the provider's runs of this GitHub run. It makes no request otherwise, and
 * never fails the job: problems are warnings (SPEC.md "Cancellation").
 */
import * as workflow from './workflow.js'
import { describeError } from '../model/errors.js'
import { createActionHttp, loadSettings, printRequestLog } from './setup.js'
import { createProvider } from '../providers/index.js'
import type { CancelOutcome, CiCancelOutcome } from '../model/run.js'
import { actionsLog } from './log.js'
import { decidePostAction, readMainState } from '../commands/state.js'

export async function runPost(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const action = decidePostAction(readMainState(env), workflow.getInput('job-status').toLowerCase())
  if (action.kind === 'none') {
    workflow.debug(`Post: nothing to do (${action.why})`)
    return
  }
  let what = 'the run'
  let label = 'provider'
  try {
    const settings = loadSettings(env)
    const provider = createProvider(settings, createActionHttp(settings))
    label = provider.label
    if (action.runId !== undefined) {
      // The run main waited for, by its id: cancelling by GitHub run would also stop the runs
      // of other jobs of this workflow run that nobody asked to stop (SPEC.md "Cancellation").
      what = provider.describe(action.runId)
      actionsLog.info(`Post: ${action.why}; stopping ${what}`)
      const result = await provider.cancel(action.runId, { urgent: true })
      const said: Record<CancelOutcome, string> = {
        cancelled: `Post: cancelled ${what}`,
        'already-finished': `Post: ${what} had already finished`,
        'not-found': `Post: nothing to cancel (${what}: none in progress)`
      }
      actionsLog.info(said[result])
    } else if (provider.cancelByCi) {
      // No run id: a cancel-hook, or a gate still looking for its run.
      what =
        provider.ciCancelSubject?.() ??
        `the ${provider.label} runs of GitHub run ${settings.github.runId} attempt ${settings.github.runAttempt}`
      actionsLog.info(`Post: ${action.why}; cancelling ${what}`)
      const result = await provider.cancelByCi({ urgent: true })
      if (result === 'nothing-recorded') {
        workflow.notice(`Post: nothing to cancel: no run was recorded as ${what}`)
        return
      }
      const said: Record<Exclude<CiCancelOutcome, 'nothing-recorded'>, string> = {
        cancelled: `Post: cancelled ${what}`,
        'already-cancelled': `Post: ${what} was already cancelled (another job cancelled it first)`,
        'not-found': `Post: nothing to cancel (${what}: none in progress)`
      }
      actionsLog.info(said[result])
    } else {
      actionsLog.info(`Post: ${action.why}, but no run id was saved; nothing to stop`)
      return
    }
  } catch (e) {
    // Never silence: the run may still be recording, and only people can stop it now.
    workflow.warning(
      `Post: could not cancel ${what}: ${describeError(e)}. It may still be running: cancel it in the ${label} app`
    )
  } finally {
    printRequestLog()
  }
}
