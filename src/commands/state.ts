/**
 * What main hands to post (SPEC.md "Cancellation"). The runner passes state saved in main to
 * post as env STATE_<name>; this module owns every key and the rule post follows.
 */
export type Phase =
  | 'starting' // about to start or find a run: post can cancel by GitHub run only
  | 'waiting' // main is waiting for the run: if main dies now, post cancels
  | 'started' // wait: false, the run goes on by design: post cancels only if the job is cancelled
  | 'hook' // cancel-hook: post cancels only if the job is cancelled
  | 'failed' // main ended with an error; the run may go on: post cancels only if the job is cancelled
  | 'done' // main finished, stopped or cancelled the run: post does nothing

const PHASES: readonly Phase[] = ['starting', 'waiting', 'started', 'hook', 'failed', 'done']

export interface MainState {
  phase?: Phase
  runId?: string
}

export interface StateStore {
  save(key: keyof MainState, value: string): void
  get(key: keyof MainState): string
}

/** Reads the state that main saved, as the runner passes it to post. */
export function readMainState(env: Readonly<Record<string, string | undefined>>): MainState {
  const phase = PHASES.find(p => p === env.STATE_phase)
  return { phase, runId: env.STATE_runId || undefined }
}

export type PostAction =
  { kind: 'none'; why: string } | { kind: 'cancel'; runId?: string; why: string }

/**
 * Post cancels when the job was cancelled or main was waiting and never finished (a step
 * timeout, or a container job where no signal arrives), and makes no request otherwise.
 */
export function decidePostAction(state: MainState, jobStatus: string): PostAction {
  const cancelled = jobStatus === 'cancelled'
  switch (state.phase) {
    case undefined:
      return { kind: 'none', why: 'main did not start a run' }
    case 'done':
      return { kind: 'none', why: 'main already finished, stopped or cancelled the run' }
    case 'waiting':
      return {
        kind: 'cancel',
        runId: state.runId,
        why: cancelled ? 'the job was cancelled' : 'the main step stopped while waiting for the run'
      }
    case 'starting':
    case 'started':
    case 'hook':
    case 'failed':
      return cancelled
        ? { kind: 'cancel', runId: state.runId, why: 'the job was cancelled' }
        : { kind: 'none', why: 'the job was not cancelled' }
  }
}
