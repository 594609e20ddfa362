/**
 * The main step: settings → command → report → exit code. Reacts to SIGINT/SIGTERM (and
 * SIGBREAK on Windows) by cancelling the remote run at once (SPEC.md "Cancellation").
 */
import * as workflow from './workflow.js'
import { type Outcome, newOutcome } from '../model/outcome.js'
import { execute } from '../commands/index.js'
import { describeError } from '../model/errors.js'
import { createProvider } from '../providers/index.js'
import { CheckRun, conclusionOf } from './checks.js'
import { checkDetails } from './check-details.js'
import { checkReportPaths } from '../files/report-file.js'
import { report } from './report.js'
import { actionsLog } from './log.js'
import { SignalReceived, onTermination } from '../waiting/signals.js'
import { computeOutputs } from '../report/outputs.js'
import { summaryFor } from '../report/summary.js'
import { type Verdict, verdict } from '../report/verdict.js'
import { commentIdentity, renderComment } from '../report/comment.js'
import type { QuarantineEntry } from '../model/triage.js'
import { loadQuarantine } from '../settings/quarantine.js'
import { writePrComment } from './pr-comment.js'
import type { Settings } from '../settings/settings.js'
import { actionsState, createActionHttp, loadSettings, printRequestLog } from './setup.js'
import { systemClock } from '../waiting/wait.js'
import { isGate } from '../settings/gate.js'

/** Answers whether the step was cancelled by a signal (main then exits without lingering). */
export async function runMain(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  let settings: Readonly<Settings>
  let quarantine: readonly QuarantineEntry[] | undefined
  try {
    settings = loadSettings(env)
    checkReportPaths(settings)
    quarantine = await loadQuarantine(settings)
  } catch (e) {
    // README "Outputs": every output is set on every path, bad input included.
    for (const [name, value] of Object.entries(computeOutputs(newOutcome(systemClock.now()))))
      workflow.setOutput(name, value)
    workflow.setFailed(describeError(e))
    return false
  }
  const controller = new AbortController()
  const detach = onTermination(signal => {
    if (controller.signal.aborted)
      return actionsLog.info(`Received ${signal} again; still cancelling`)
    actionsLog.info(`Received ${signal}: cancelling`)
    controller.abort(new SignalReceived(signal))
  })
  const outcome: Outcome = newOutcome(systemClock.now())
  const check = settings.checkName
    ? new CheckRun(settings.checkName, settings.githubToken, settings.github)
    : undefined
  const error = await execute(
    {
      settings,
      provider: createProvider(settings, createActionHttp(settings)),
      state: actionsState,
      log: actionsLog,
      signal: controller.signal,
      clock: systemClock,
      quarantine,
      onRunKnown: check ? run => check.start(run) : undefined
    },
    outcome
  )
  const v = verdict(settings, outcome, error)
  const checkResult = check
    ? await check.finish(
        // An armed hook has no result to show yet.
        settings.command === 'cancel-hook' && v.exitCode === 0
          ? 'neutral'
          : // Every failure quarantined or known: the check says the gate's decision.
            v.allowed
            ? 'success'
            : conclusionOf(v.status, settings.wait, v.exitCode),
        v.line,
        summaryFor(settings, outcome, v) || v.line,
        outcome.run?.url,
        checkDetails(settings, outcome),
        // A signal before or during its calls: one last write within what is left of the grace.
        controller.signal
      )
    : undefined
  const commentUrl = await comment(settings, outcome, v, checkResult?.url, controller.signal)
  await report(settings, outcome, v, checkResult, commentUrl)
  printRequestLog()
  detach()
  if (v.exitCode === 1) workflow.setFailed(v.line)
  else actionsLog.info(v.line)
  return controller.signal.aborted
}

/** The pull request comment of a gate (run, rerun), when asked for. */
async function comment(
  settings: Settings,
  outcome: Outcome,
  v: Verdict,
  checkUrl: string | undefined,
  signal: AbortSignal
): Promise<string | undefined> {
  if (settings.prComment === 'false' || !isGate(settings.command)) return undefined
  const { serverUrl, repository, runId, runAttempt } = settings.github
  return writePrComment({
    settings,
    identity: commentIdentity(settings),
    render: pr =>
      renderComment(
        {
          settings,
          outcome,
          verdict: v,
          links: {
            summary: `${serverUrl}/${repository}/actions/runs/${runId}/attempts/${runAttempt}`,
            check: checkUrl,
            blob: `${serverUrl}/${repository}/blob/${pr.headSha ?? settings.github.sha}`
          }
        },
        commentIdentity(settings)
      ),
    failed: v.exitCode === 1,
    // A signal before or during its calls: one last write, in what is left of the grace period.
    cancel: signal
  })
}
