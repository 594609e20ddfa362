/**
 * junit-path: where the report goes. Checked before the run starts, so that a path that cannot
 * be written fails at once (naming the input) rather than after the whole wait; written after
 * the run, with an error that names the input too.
 */
import { type Stats, accessSync, constants, statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, posix, win32 } from 'node:path'
import { badInput } from '../model/errors.js'
import type { Settings } from '../settings/settings.js'

const INPUT = 'junit-path'

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

/** The main step's checks of local files, before any request (only gates save a report). */
export function checkReportPaths(settings: Readonly<Settings>): void {
  const path = settings.testsigma.junitPath
  if (path === undefined || (settings.command !== 'run' && settings.command !== 'rerun')) return
  checkReportPath(path)
}

/**
 * Checks, without creating anything, that a report can be written at `path`: it is not a
 * folder, and its nearest existing ancestor is a writable folder (the missing ones are created
 * when the report is saved). Answers the absolute target. `access` is the permission test
 * (fs.accessSync), replaceable in tests: root passes it everywhere.
 */
export function checkReportPath(
  path: string,
  cwd = process.cwd(),
  access: (path: string, mode: number) => void = accessSync
): string {
  const target = reportTarget(path, process.platform, cwd)
  const writable = (at: string, what: string) => {
    try {
      access(at, constants.W_OK)
    } catch (e) {
      throw badInput(
        INPUT,
        `'${path}' cannot be written: ${what} '${at}' is read-only (${codeOf(e)})`
      )
    }
  }
  const here = statOf(target)
  if (here?.isDirectory()) {
    throw badInput(
      INPUT,
      `'${path}' is a folder; give the report's file name, e.g. ${path.replace(/[\\/]+$/, '')}/testsigma.xml`
    )
  }
  if (here) {
    writable(target, 'the file')
    return target
  }
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    const st = statOf(dir)
    if (st && !st.isDirectory()) {
      throw badInput(INPUT, `'${path}' cannot be written: '${dir}' is a file, not a folder`)
    }
    if (st) {
      writable(dir, 'the folder')
      return target
    }
    if (dirname(dir) === dir) {
      throw badInput(INPUT, `'${path}' cannot be written: no folder on its path exists`)
    }
  }
}

/** Writes the report, creating missing folders; `what` names it, e.g. "the JUnit report of Testsigma run 5". */
export async function writeReport(path: string, text: string, what: string): Promise<string> {
  const target = reportTarget(path)
  try {
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, text)
  } catch (e) {
    // The run is over and its result known: the error says which input to fix, not a bare EEXIST.
    throw badInput(INPUT, `could not write ${what} to '${target}' (${codeOf(e)}: ${messageOf(e)})`)
  }
  return target
}

/** A path's stats, or undefined when nothing is there (ENOTDIR: a file on the way). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch (e) {
    const code = codeOf(e)
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw badInput(INPUT, `'${path}' cannot be checked (${code}: ${messageOf(e)})`)
  }
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : 'error'
}

/** Node's message without the code and path it repeats: "EACCES: permission denied, open '/x'". */
function messageOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e)
  return text.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')
}
