import { describe, expect, it } from '@jest/globals'
import { type Phase, decidePostAction, readMainState } from '../src/commands/state.js'

type Expect = 'none' | 'cancel'

/** SPEC.md "Cancellation": what post does for each phase main left and each job status. */
const RULES: Array<[Phase | undefined, string, Expect]> = [
  [undefined, 'success', 'none'],
  [undefined, 'failure', 'none'],
  [undefined, 'cancelled', 'none'],
  ['starting', 'success', 'none'],
  ['starting', 'failure', 'none'],
  ['starting', 'cancelled', 'cancel'],
  ['waiting', 'success', 'cancel'],
  ['waiting', 'failure', 'cancel'],
  ['waiting', 'cancelled', 'cancel'],
  ['started', 'success', 'none'],
  ['started', 'failure', 'none'],
  ['started', 'cancelled', 'cancel'],
  ['hook', 'success', 'none'],
  ['hook', 'failure', 'none'],
  ['hook', 'cancelled', 'cancel'],
  ['failed', 'success', 'none'],
  ['failed', 'failure', 'none'],
  ['failed', 'cancelled', 'cancel'],
  ['done', 'success', 'none'],
  ['done', 'failure', 'none'],
  ['done', 'cancelled', 'none']
]

describe('decidePostAction', () => {
  it.each(RULES)('phase %s, job %s: %s', (phase, jobStatus, kind) => {
    expect(decidePostAction({ phase, runId: '1165' }, jobStatus).kind).toBe(kind)
  })

  it('cancels the saved run when main was waiting', () => {
    expect(decidePostAction({ phase: 'waiting', runId: '1165' }, 'failure')).toMatchObject({
      kind: 'cancel',
      runId: '1165'
    })
  })

  it('cancels the saved run of a wait: false step when the job was cancelled', () => {
    expect(decidePostAction({ phase: 'started', runId: '338' }, 'cancelled')).toMatchObject({
      kind: 'cancel',
      runId: '338'
    })
  })

  it('cancels without a run id when none was saved (Currents cancels by GitHub run)', () => {
    const action = decidePostAction({ phase: 'hook' }, 'cancelled')
    expect(action.kind).toBe('cancel')
    expect(action.kind === 'cancel' && action.runId).toBeUndefined()
  })

  it('says why it cancels', () => {
    const action = decidePostAction({ phase: 'waiting', runId: '1' }, 'success')
    expect(action.why).toMatch(/waiting/)
  })
})

describe('readMainState', () => {
  it('reads the phase and run id from STATE_phase and STATE_runId', () => {
    expect(readMainState({ STATE_phase: 'waiting', STATE_runId: '1165' })).toEqual({
      phase: 'waiting',
      runId: '1165'
    })
  })

  it('reads nothing when main saved nothing', () => {
    expect(readMainState({})).toEqual({ phase: undefined, runId: undefined })
  })

  it('reads empty values as not saved', () => {
    expect(readMainState({ STATE_phase: '', STATE_runId: '' })).toEqual({
      phase: undefined,
      runId: undefined
    })
  })

  it('ignores a phase it does not know', () => {
    expect(readMainState({ STATE_phase: 'polling', STATE_runId: '1' }).phase).toBeUndefined()
  })

  it('leads to no request on a normal job when main saved nothing', () => {
    expect(decidePostAction(readMainState({}), 'success').kind).toBe('none')
  })
})
