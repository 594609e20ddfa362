import { describe, expect, it } from '@jest/globals'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GateError } from '../src/model/errors.js'
import {
  checkReportPath,
  checkReportPaths,
  reportTarget,
  writeReport
} from '../src/files/report-file.js'
import { type ProviderName, readSettings } from '../src/settings/settings.js'
import { makeTempDir } from './temp-dirs.js'

describe('junit-path on every runner OS', () => {
  it('resolves a relative path against the workspace on Linux and macOS', () => {
    expect(reportTarget('reports/junit.xml', 'linux', '/home/runner/work/shop/shop')).toBe(
      '/home/runner/work/shop/shop/reports/junit.xml'
    )
    expect(reportTarget('./out/../r.xml', 'darwin', '/Users/runner/work')).toBe(
      '/Users/runner/work/r.xml'
    )
  })

  it('keeps an absolute path', () => {
    expect(reportTarget('/tmp/junit.xml', 'linux', '/w')).toBe('/tmp/junit.xml')
  })

  it('takes backslashes on Windows', () => {
    expect(reportTarget('reports\\testsigma.xml', 'win32', 'D:\\a\\shop\\shop')).toBe(
      'D:\\a\\shop\\shop\\reports\\testsigma.xml'
    )
  })

  it('takes forward slashes on Windows too', () => {
    expect(reportTarget('reports/testsigma.xml', 'win32', 'D:\\a\\shop\\shop')).toBe(
      'D:\\a\\shop\\shop\\reports\\testsigma.xml'
    )
  })

  it('keeps a drive-letter path on Windows', () => {
    expect(reportTarget('C:\\results\\junit.xml', 'win32', 'D:\\a\\shop')).toBe(
      'C:\\results\\junit.xml'
    )
  })
})

describe('junit-path checked before the run starts', () => {
  const bad = (fn: () => unknown): GateError => {
    try {
      fn()
    } catch (e) {
      if (e instanceof GateError) return e
      throw e
    }
    throw new Error('no error')
  }

  it('accepts a path whose folders do not exist yet, creating nothing', () => {
    const ws = makeTempDir('trg-junit-')
    expect(checkReportPath('reports/e2e/testsigma.xml', ws)).toBe(
      join(ws, 'reports', 'e2e', 'testsigma.xml')
    )
    expect(readdirSync(ws)).toEqual([])
  })

  it('accepts an existing file, which the report replaces', () => {
    const ws = makeTempDir('trg-junit-')
    writeFileSync(join(ws, 'old.xml'), '<testsuites/>')
    expect(checkReportPath('old.xml', ws)).toBe(join(ws, 'old.xml'))
  })

  it('refuses a folder, naming the input', () => {
    const ws = makeTempDir('trg-junit-')
    mkdirSync(join(ws, 'reports'))
    const e = bad(() => checkReportPath('reports', ws))
    expect(e.kind).toBe('bad-input')
    expect(e.message).toBe(
      "Input 'junit-path': 'reports' is a folder; give a file name, e.g. reports/junit.xml"
    )
  })

  it("a gate's example file is named after its provider; --summary's is summary.md", () => {
    const ws = makeTempDir('trg-junit-')
    mkdirSync(join(ws, 'reports'))
    const reports = join(ws, 'reports')
    const settings = (provider: ProviderName, junitPath?: string) => {
      const inputs: Record<string, string> = {
        provider,
        'api-key': 'k',
        ...(provider === 'currents'
          ? { 'project-id': 'P', 'ci-build-id': 'shop-1' }
          : { 'test-plan-id': '274' }),
        ...(junitPath === undefined ? {} : { 'junit-path': junitPath })
      }
      return readSettings(name => inputs[name] ?? '', {})
    }
    expect(bad(() => checkReportPaths(settings('currents', reports))).message).toBe(
      `Input 'junit-path': '${reports}' is a folder; give a file name, e.g. ${reports}/currents.xml`
    )
    expect(bad(() => checkReportPaths(settings('currents', `${ws}/out/`))).message).toBe(
      `Input 'junit-path': '${ws}/out/' ends with a slash, so it is a folder; give a file name, e.g. ${ws}/out/currents.xml`
    )
    expect(bad(() => checkReportPaths(settings('testsigma', reports))).message).toBe(
      `Input 'junit-path': '${reports}' is a folder; give a file name, e.g. ${reports}/testsigma.xml`
    )
    expect(bad(() => checkReportPaths(settings('currents'), reports)).message).toBe(
      `Input 'summary': '${reports}' is a folder; give a file name, e.g. ${reports}/summary.md`
    )
  })

  it('refuses a path under a file', () => {
    const ws = makeTempDir('trg-junit-')
    writeFileSync(join(ws, 'reports'), 'a file')
    const e = bad(() => checkReportPath('reports/sub/testsigma.xml', ws))
    expect(e.kind).toBe('bad-input')
    expect(e.message).toBe(
      `Input 'junit-path': 'reports/sub/testsigma.xml' cannot be written: '${join(ws, 'reports')}' is a file, not a folder`
    )
  })

  it('refuses a read-only folder: the nearest one that exists', () => {
    const ws = makeTempDir('trg-junit-')
    // Root passes every permission test, so the test stands in for the file system's answer.
    const readOnly = (path: string) => {
      if (path === ws)
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
    }
    const e = bad(() => checkReportPath('out/testsigma.xml', ws, readOnly))
    expect(e.message).toBe(
      `Input 'junit-path': 'out/testsigma.xml' cannot be written: the folder '${ws}' takes no new files (EACCES)`
    )
  })

  it('refuses a path ending with a slash: a folder, whether it exists or not', () => {
    const ws = makeTempDir('trg-junit-')
    expect(
      bad(() => checkReportPath('reports/', ws, undefined, { fileName: 'testsigma.xml' })).message
    ).toBe(
      "Input 'junit-path': 'reports/' ends with a slash, so it is a folder; give a file name, e.g. reports/testsigma.xml"
    )
    expect(readdirSync(ws)).toEqual([])
  })

  it('refuses a place that takes no file whatever its permissions say (/proc), even as root', () => {
    expect(bad(() => checkReportPath('/proc/testsigma.xml')).message).toMatch(
      /^Input 'junit-path': '\/proc\/testsigma.xml' cannot be written: the folder '\/proc' takes no new files \(E[A-Z]+\)$/
    )
  })

  it('refuses a pw-output-dir that is a file, naming that input', () => {
    const ws = makeTempDir('trg-junit-')
    writeFileSync(join(ws, 'results'), '')
    expect(
      bad(() =>
        checkReportPath('results', ws, undefined, { input: 'pw-output-dir', kind: 'folder' })
      ).message
    ).toBe("Input 'pw-output-dir': 'results' is a file, not a folder")
  })

  it('leaves nothing behind when it probes a folder', () => {
    const ws = makeTempDir('trg-junit-')
    checkReportPath('a/b.xml', ws)
    expect(readdirSync(ws)).toEqual([])
  })

  it('refuses a read-only file', () => {
    const ws = makeTempDir('trg-junit-')
    writeFileSync(join(ws, 'r.xml'), '')
    const readOnly = (path: string) => {
      if (path === join(ws, 'r.xml')) throw Object.assign(new Error('x'), { code: 'EACCES' })
    }
    expect(bad(() => checkReportPath('r.xml', ws, readOnly)).message).toContain(
      `the file '${join(ws, 'r.xml')}' takes no new files (EACCES)`
    )
  })
})

describe('junit-path written after the run', () => {
  it('names the input, the report and the path when the write fails', async () => {
    const ws = makeTempDir('trg-junit-')
    writeFileSync(join(ws, 'reports'), 'a file')
    const error = await writeReport(
      join(ws, 'reports', 'r.xml'),
      '<x/>',
      'the JUnit report of Testsigma run 5'
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GateError)
    expect((error as GateError).message).toMatch(
      new RegExp(
        `^Input 'junit-path': could not write the JUnit report of Testsigma run 5 to '${join(ws, 'reports', 'r.xml')}' \\((ENOTDIR|EEXIST): `
      )
    )
  })

  it('creates the missing folders', async () => {
    const ws = makeTempDir('trg-junit-')
    const target = await writeReport(join(ws, 'a', 'b', 'r.xml'), '<x/>', 'the report')
    expect(readFileSync(target, 'utf8')).toBe('<x/>')
  })
})
