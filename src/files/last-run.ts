/**
 * Writing Playwright's `.last-run.json` into its output folder, whole or not at all:
 * `playwright test --last-failed` reads this file, and a half-written one would make it run
 * nothing (or fail), so the content goes to a temporary file in the same folder first and is
 * then renamed over the target, which is atomic on one file system.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, posix, win32 } from 'node:path'

/** Playwright's name for it (LastRunReporter: `<outputDir>/.last-run.json`). */
export const LAST_RUN_FILE = '.last-run.json'

/**
 * `<workspace>/<dir>/.last-run.json`, with the runner's own path rules (backslashes and drive
 * letters on Windows); `dir` may be absolute.
 */
export function lastRunPath(
  workspace: string,
  dir: string,
  platform: NodeJS.Platform = process.platform
): string {
  return (platform === 'win32' ? win32 : posix).resolve(workspace, dir, LAST_RUN_FILE)
}

/** Writes `text` to `target` (creating folders) so that readers see all of it or nothing. */
export async function writeWhole(target: string, text: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true })
  const temp = join(dirname(target), `.${basename(target)}.${randomUUID().slice(0, 8)}.tmp`)
  try {
    await writeFile(temp, text, { flag: 'wx' })
    await rename(temp, target)
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  }
}
