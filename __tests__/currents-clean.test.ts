import { describe, expect, it } from '@jest/globals'
import {
  cleanFailedTest,
  cleanFailure,
  cleanLine,
  cleanPath,
  cleanText
} from '../src/providers/currents/clean.js'

describe('what a Currents instance says, made safe for annotations', () => {
  it.each([
    [12, 12],
    [1e300, undefined],
    [2.5, undefined],
    [Number('99999999999999999999'), undefined],
    [0, undefined],
    [-3, undefined],
    [undefined, undefined]
  ])('line %p → %p', (line, expected) => {
    expect(cleanLine(line)).toBe(expected)
  })

  it.each([
    ['tests/a.spec.ts', 'tests/a.spec.ts'],
    ['cypress/e2e/a..b.cy.ts', 'cypress/e2e/a..b.cy.ts'],
    ['../../../etc/passwd', undefined],
    ['tests/../../etc/passwd', undefined],
    ['tests\\..\\..\\x', undefined],
    ['/etc/passwd', undefined],
    ['\\\\server\\share', undefined],
    ['C:/x.ts', undefined],
    ['tests/a\n::error::x.ts', undefined],
    ['', undefined]
  ])('path %p → %p', (path, expected) => {
    expect(cleanPath(path)).toBe(expected)
  })

  it('text loses terminal escapes and control characters, and stays on one line', () => {
    expect(cleanText('\u001b[31mred\u001b[0m\r\nnext\u0007 \u001b]8;;https://x\u001b\\link')).toBe(
      'red next link'
    )
  })

  it('a failed test keeps a line only with a clean file', () => {
    expect(
      cleanFailedTest({
        name: '\u001b[1mSuite\u001b[0m › test',
        title: '\u001b[1mtest\u001b[0m',
        file: '../x.ts',
        line: 3,
        message: '\u001b[2Jboom',
        group: 'tests/a.spec.ts'
      })
    ).toEqual({ name: 'Suite › test', title: 'test', message: 'boom', group: 'tests/a.spec.ts' })
  })

  it('a spec listed by file keeps its file only when clean', () => {
    expect(cleanFailure({ title: '\u001b[31m/abs/a.ts\u001b[0m', file: '/abs/a.ts' })).toEqual({
      title: '/abs/a.ts'
    })
  })
})
