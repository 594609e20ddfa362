/** Saving a run's JUnit report where `junit-path` points. */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, posix, win32 } from 'node:path'

/**
 * Where junit-path points: relative to the workspace (the step's working directory), with the
 * platform's own path rules (backslashes and drive letters on Windows runners).
 */
export function reportTarget(
  path: string,
  platform: NodeJS.Platform = process.platform,
  cwd = process.cwd()
): string {
  return (platform === 'win32' ? win32 : posix).resolve(cwd, path)
}

/** Writes the report, creating missing folders; answers the absolute path written. */
export async function saveReportFile(path: string, report: string): Promise<string> {
  const target = reportTarget(path)
  await mkdir(dirname(target), { recursive: true })
  await writeFile(target, report)
  return target
}
