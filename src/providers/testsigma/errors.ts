/**
 * What a refused or uncertain Testsigma trigger or rerun means for the user (API.md: 500 for a
 * plan already running and for a run already rerun; a POST that may have reached the server is
 * never repeated), in words that say what to check.
 */
import { GateError, isGateError } from '../../model/errors.js'

/** `rerun`: the run that is rerun, when the POST is a rerun rather than a trigger. */
export function explainStartError(e: unknown, subject: string, rerun?: string): unknown {
  if (!isGateError(e)) return e
  const extra = {
    status: e.status,
    retryAfterMs: e.retryAfterMs,
    mayHaveReachedServer: e.mayHaveReachedServer,
    cause: e
  }
  if (e.kind === 'conflict') {
    // Testsigma answers 500 both for a plan already running and for a run already rerun.
    const why =
      rerun === undefined
        ? `Testsigma refuses to start ${subject} while it is still running: wait for that run or stop it first`
        : `Testsigma reruns a run only once (rerun the latest rerun of ${rerun} instead), and not while its test plan is running`
    return new GateError('conflict', `${e.message} (${why})`, extra)
  }
  if (e.kind === 'not-found') {
    // The plan (or run) is unknown at this URL: a wrong id, or an api-url of another service.
    const check = rerun === undefined ? 'test-plan-id' : 'run-id'
    return new GateError(
      'not-found',
      `${e.message}: check ${check} and api-url (Testsigma's is https://app.testsigma.com/api/v1)`,
      extra
    )
  }
  if (e.kind === 'transient' && e.mayHaveReachedServer) return mayHaveStarted(e, subject)
  return e
}

export function mayHaveStarted(e: GateError, subject: string): GateError {
  return new GateError(
    e.kind,
    `${e.message}. A run of ${subject} may have started: check the test plan's runs in Testsigma before running this job again`,
    { status: e.status, retryAfterMs: e.retryAfterMs, mayHaveReachedServer: true, cause: e }
  )
}
