import { describe, expect, it } from '@jest/globals'
import { GateError } from '../src/model/errors.js'
import { parseTestCaseResults } from '../src/settings/test-case-results.js'

function errorOf(value: string): GateError {
  try {
    parseTestCaseResults(value)
  } catch (e) {
    if (e instanceof GateError) return e
    throw e
  }
  throw new Error(`expected '${value}' to be refused`)
}

describe('parseTestCaseResults: entries', () => {
  it('reads a bare id as the whole test case result', () => {
    expect(parseTestCaseResults('2880')).toEqual([{ id: 2880 }])
  })

  const words: Array<[string, 'all' | 'failed' | 'passed']> = [
    ['2880:ALL', 'all'],
    ['2880:FAILED', 'failed'],
    ['2880:PASSED', 'passed']
  ]
  it.each(words)('reads %s as the %s iterations', (entry, iterations) => {
    expect(parseTestCaseResults(entry)).toEqual([{ id: 2880, iterations }])
  })

  it('reads USER_PICKED with its iteration result ids, space separated', () => {
    expect(parseTestCaseResults('2915:USER_PICKED:2916 2917')).toEqual([
      { id: 2915, iterations: [2916, 2917] }
    ])
  })

  it('reads one picked iteration', () => {
    expect(parseTestCaseResults('2915:USER_PICKED:2916')).toEqual([
      { id: 2915, iterations: [2916] }
    ])
  })

  it('takes the type words in any case, and blanks around the parts', () => {
    expect(parseTestCaseResults(' 2880 : failed , 2915:user_picked:  2916\t2917 ')).toEqual([
      { id: 2880, iterations: 'failed' },
      { id: 2915, iterations: [2916, 2917] }
    ])
  })

  it('reads entries separated by commas and newlines, in order, blank ones dropped', () => {
    expect(parseTestCaseResults('2880,2874:ALL\n\n2875:USER_PICKED:1 2\r\n2876,')).toEqual([
      { id: 2880 },
      { id: 2874, iterations: 'all' },
      { id: 2875, iterations: [1, 2] },
      { id: 2876 }
    ])
  })

  it('reads nothing from an empty input', () => {
    expect(parseTestCaseResults('')).toEqual([])
    expect(parseTestCaseResults(' \n, ')).toEqual([])
  })
})

describe('parseTestCaseResults: bad entries', () => {
  const cases: Array<[string, string, string]> = [
    ['an unknown iteration type', '2880:SOME', '2880:SOME'],
    [
      'the rerun-type word instead of an iteration type',
      '2880:ALL_ITERATIONS',
      '2880:ALL_ITERATIONS'
    ],
    ['an empty type', '2880:', '2880:'],
    ['USER_PICKED without iteration ids', '2915:USER_PICKED', '2915:USER_PICKED'],
    ['USER_PICKED with an empty list', '2915:USER_PICKED: ', '2915:USER_PICKED:'],
    ['USER_PICKED with a third colon', '2915:USER_PICKED:1:2', '2915:USER_PICKED:1:2'],
    ['iteration ids after another type', '2880:FAILED:2916', '2880:FAILED:2916'],
    ['an id that is not a number', 'abc', 'abc'],
    ['an id of 0', '0:ALL', '0:ALL'],
    ['a negative id', '-5', '-5'],
    ['a decimal id', '12.5', '12.5'],
    ['an id beyond the safe integers', '9007199254740993', '9007199254740993'],
    ['a missing id', ':FAILED', ':FAILED'],
    ['an iteration id that is not a number', '2915:USER_PICKED:2916 x', '2915:USER_PICKED:2916 x'],
    ['an iteration id of 0', '2915:USER_PICKED:0', '2915:USER_PICKED:0'],
    ['a test case result listed twice', '2880, 2880:FAILED', '2880:FAILED'],
    ['an iteration listed twice', '2915:USER_PICKED:7 7', '2915:USER_PICKED:7 7']
  ]

  it.each(cases)('refuses %s, naming the input and the entry', (_why, value, entry) => {
    const e = errorOf(value)
    expect(e.kind).toBe('bad-input')
    expect(e.message.startsWith("Input 'test-case-result-ids': ")).toBe(true)
    expect(e.message).toContain(`'${entry}`)
  })

  it.each(cases)('refuses %s in one line', (_why, value) => {
    expect(errorOf(value).message).not.toMatch(/[\r\n]/)
  })

  it('says what is accepted', () => {
    expect(errorOf('2880:SOME').message).toContain(
      'ID, ID:ALL, ID:FAILED, ID:PASSED or ID:USER_PICKED:IT IT'
    )
  })

  it('shows an example of USER_PICKED when its ids are missing', () => {
    expect(errorOf('2915:USER_PICKED').message).toContain('2915:USER_PICKED:2916 2917')
  })

  it('cuts a long entry short in the message', () => {
    const long = `1:${'X'.repeat(500)}`
    expect(errorOf(long).message.length).toBeLessThan(400)
  })
})
