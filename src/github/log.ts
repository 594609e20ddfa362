/** The Log of the commands, printed as workflow log lines with every line made inert. */
import * as workflow from './workflow.js'
import type { Log } from '../model/outcome.js'
import { safeLine } from '../report/text.js'

export const actionsLog: Log = {
  info: line => workflow.info(safeLine(line)),
  // warning and debug escape their message (%, CR, LF): it cannot start a command.
  warn: line => workflow.warning(line),
  debug: line => workflow.debug(line)
}
