/**
 * Plain log lines on stderr. Text from an API is made inert all the same: inside a GitHub
 * Actions `run:` step, a line starting with `::` would still be a workflow command.
 */
import type { Log } from '../model/outcome.js'
import { safeLine } from '../report/text.js'

export interface Io {
  out(text: string): void
  err(text: string): void
}

export function cliLog(io: Io, debug: boolean): Log & { error(line: string): void } {
  const line = (prefix: string, text: string) => io.err(`${prefix}${safeLine(text)}\n`)
  return {
    info: text => line('', text),
    warn: text => line('warning: ', text),
    error: text => line('error: ', text),
    debug: text => {
      if (debug) line('debug: ', text)
    }
  }
}
