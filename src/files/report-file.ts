/**
 * junit-path: where the report goes (and the other files a step writes: pw-output-dir, the
 * CLI's --summary). Checked before the run starts, so that a path that cannot be written fails
 * at once (naming the input) rather than after the whole wait; written after the run, with an
 * error that names the input too.
 */
import { type Stats, closeSync, openSync, rmSync, statSync } from 'node:fs'
import { dirname, join, posix, win32 } from 'node:path'
import { badInput } from '../model/errors.js'
import type { Settings } from '../settings/settings.js'
import { writeWhole } from './last-run.js'
import { isGate } from '../settings/gate.js'

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

/**
 * The checks of local files before any request: junit-path (gates save a report), pw-output-dir
 * (last-failed writes into it), and the CLI's --summary file.
 */
export function checkReportPaths(settings: Readonly<Settings>, summaryFile?: string): void {
  const path = settings.junitPath
  if (path !== undefined && isGate(settings.command))
    // The example file name in an error is the one the README uses for the provider.
    checkReportPath(path, process.cwd(), probeWrite, { fileName: `${settings.provider}.xml` })
  if (settings.command === 'last-failed')
    checkReportPath(
      settings.currents.pwOutputDir,
      settings.github.workspace ?? process.cwd(),
      probeWrite,
      { input: 'pw-output-dir', kind: 'folder' }
    )
  if (summaryFile !== undefined)
    checkReportPath(summaryFile, process.cwd(), probeWrite, {
      input: 'summary',
      fileName: 'summary.md'
    })
}

/**
 * Whether something can be written here, by writing: root passes every permission test, and
 * a folder like /proc refuses new files whatever its mode says. A folder gets a probe file,
 * removed at once; a file is opened for writing without being changed.
 */
function probeWrite(path: string): void {
  if (statSync(path).isDirectory()) {
    const probe = join(path, `.test-run-gate-${process.pid}-${Date.now()}.tmp`)
    closeSync(openSync(probe, 'wx'))
    rmSync(probe, { force: true })
  } else closeSync(openSync(path, 'r+'))
}

export interface ReportPathOptions {
  /** The input named in errors: junit-path by default. */
  input?: string
  /** 'folder' for a folder to write into (pw-output-dir); a file by default. */
  kind?: 'file' | 'folder'
  /** The file name of the example a folder given as a file gets: junit.xml by default. */
  fileName?: string
}

/**
 * Checks, without leaving anything, that a report (or a folder, for `kind: 'folder'`) can be
 * written at `path`: a file is not a folder, and the nearest existing ancestor is a folder that
 * takes new files (the missing ones are created when the report is saved). Answers the absolute
 * target. `probe` is the write test, replaceable in tests.
 */
export function checkReportPath(
  path: string,
  cwd = process.cwd(),
  probe: (path: string) => void = probeWrite,
  { input = INPUT, kind = 'file', fileName = 'junit.xml' }: ReportPathOptions = {}
): string {
  const target = reportTarget(path, process.platform, cwd)
  const example = `${path.replace(/[\\/]+$/, '')}/${fileName}`
  const writable = (at: string, what: string) => {
    try {
      probe(at)
    } catch (e) {
      throw badInput(
        input,
        `'${path}' cannot be written: ${what} '${at}' takes no new files (${codeOf(e)})`
      )
    }
  }
  const slash = process.platform === 'win32' ? /[\\/]$/ : /\/$/
  if (kind === 'file' && slash.test(path)) {
    throw badInput(
      input,
      `'${path}' ends with a slash, so it is a folder; give a file name, e.g. ${example}`
    )
  }
  const here = statOf(target, input)
  if (kind === 'file' && here?.isDirectory()) {
    throw badInput(input, `'${path}' is a folder; give a file name, e.g. ${example}`)
  }
  if (kind === 'folder' && here && !here.isDirectory()) {
    throw badInput(input, `'${path}' is a file, not a folder`)
  }
  if (here) {
    writable(target, kind === 'file' ? 'the file' : 'the folder')
    return target
  }
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    const st = statOf(dir, input)
    if (st && !st.isDirectory()) {
      throw badInput(input, `'${path}' cannot be written: '${dir}' is a file, not a folder`)
    }
    if (st) {
      writable(dir, 'the folder')
      return target
    }
    if (dirname(dir) === dir) {
      throw badInput(input, `'${path}' cannot be written: no folder on its path exists`)
    }
  }
}

/**
 * Writes the report, creating missing folders; `what` names it, e.g. "the JUnit report of
 * Testsigma run 5". Whole or not at all: a CI's test view reading a cut file would show a
 * broken report, or none, for a run that has one.
 */
export async function writeReport(path: string, text: string, what: string): Promise<string> {
  const target = reportTarget(path)
  try {
    await writeWhole(target, text)
  } catch (e) {
    // The run is over and its result known: the error says which input to fix, not a bare EEXIST.
    throw badInput(INPUT, `could not write ${what} to '${target}' (${codeOf(e)}: ${messageOf(e)})`)
  }
  return target
}

/** A path's stats, or undefined when nothing is there (ENOTDIR: a file on the way). */
function statOf(path: string, input: string): Stats | undefined {
  try {
    return statSync(path)
  } catch (e) {
    const code = codeOf(e)
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw badInput(input, `'${path}' cannot be checked (${code}: ${messageOf(e)})`)
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
