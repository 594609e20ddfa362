/** The Log of the commands, printed as workflow log lines with every line made inert. */
import * as core from '../workflow.js'
import type { Log } from '../commands/context.js'
import { safeLine } from './text.js'

export const actionsLog: Log = {
  info: line => core.info(safeLine(line)),
  // warning and debug escape their message (%, CR, LF): it cannot start a command.
  warn: line => core.warning(line),
  debug: line => core.debug(line)
}
