/**
 * Writes that start a run (a trigger, a rerun) are never cut off by a signal: a POST stopped
 * half-way may still start a run that nobody could then stop. After a signal the answer may
 * still come for GRACE.answerMs, so that the new run can be stopped; after that the step gives
 * up on it, says that a run may have started, and exits inside the runner's grace.
 */
import { GateError } from '../model/errors.js'
import { GRACE, graceLeft } from '../waiting/signals.js'
import { after } from '../waiting/timers.js'
import { cancelledWhy } from '../model/words.js'
import type { Context } from './context.js'
import type { Outcome } from '../model/outcome.js'

/** `subject` names what may have started, e.g. "a run of test plan 274". */
export async function untilAnswered<T>(
  ctx: Context,
  outcome: Outcome,
  work: Promise<T>,
  subject: string,
  where: string
): Promise<T> {
  let stopTimer = (): void => {}
  let onAbort = (): void => {}
  const late = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      stopTimer = after(graceLeft(ctx.signal, GRACE.answerMs), () => {
        const note = `${subject} may have started (no answer ${GRACE.answerMs / 1000}s after the cancellation): check ${where}`
        outcome.stop = { reason: 'signal', outcome: 'not-attempted', at: ctx.clock.now(), note }
        ctx.log.warn(`${cancelledWhy(ctx.settings.host)} while starting ${subject}; ${note}`)
        reject(
          new GateError('aborted', `starting ${subject}: no answer before the step had to end`)
        )
      })
    }
    if (ctx.signal.aborted) onAbort()
    else ctx.signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([work, late])
  } finally {
    stopTimer()
    ctx.signal.removeEventListener('abort', onAbort)
  }
}
