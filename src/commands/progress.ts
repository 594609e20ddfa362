/**
 * Progress lines while waiting: printed when what they say changes, and otherwise once a
 * minute so a long wait still shows it is alive. Identical lines are never repeated each poll.
 */
import type { RunSnapshot } from '../model/run.js'
import type { Context } from './context.js'

const HEARTBEAT_MS = 60_000

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`
}

export function progressPrinter(
  ctx: Context,
  name: string,
  startedAt: number
): (run: RunSnapshot) => void {
  let last = ''
  let lastAt = -Infinity
  return run => {
    const text = `${name}: ${run.state === 'finished' ? `finished, ${run.status} (${run.result || 'no result'})` : run.status}${run.progress ? `; ${run.progress}` : ''}`
    const now = ctx.clock.now()
    if (text === last && now - lastAt < HEARTBEAT_MS) return
    last = text
    lastAt = now
    ctx.log.info(`[${formatElapsed(now - startedAt)}] ${text}`)
  }
}
