/**
 * The action's one door to the runner: @actions/core, which keeps up with the runner's
 * protocol (workflow commands; the files for outputs, state and the job summary).
 * Only the two helpers below add anything: a group of ready-made lines, and the summary.
 */
import * as core from '@actions/core'

export {
  type AnnotationProperties,
  debug,
  error,
  getInput,
  getState,
  info,
  isDebug,
  notice,
  saveState,
  setFailed,
  setOutput,
  setSecret,
  warning
} from '@actions/core'

/** A foldable group of log lines; the lines are printed as they are (make them inert first). */
export function group(name: string, lines: readonly string[]): void {
  core.startGroup(name)
  for (const line of lines) core.info(line)
  core.endGroup()
}

/** Appends markdown to this step's job summary (throws where the runner gives no summary). */
export async function appendSummary(markdown: string): Promise<void> {
  await core.summary.addRaw(markdown, true).write()
}
