import { describe, expect, it } from '@jest/globals'
import { reportTarget } from '../src/commands/report-file.js'

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
