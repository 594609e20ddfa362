/** The Log of the commands, printed through @actions/core with every line made inert. */
import * as core from '@actions/core'
import type { Log } from '../commands/context.js'
import { safeLine } from './text.js'

export const actionsLog: Log = {
  info: line => core.info(safeLine(line)),
  // core.warning and core.debug escape their message (%, CR, LF): it cannot start a command.
  warn: line => core.warning(line),
  debug: line => core.debug(line)
}
