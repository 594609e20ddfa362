import { describe, expect, it } from '@jest/globals'
import { GateError } from '../src/model/errors.js'
import {
  parseBoolean,
  parseDuration,
  parseEnum,
  parseInteger,
  parseKeyValues,
  parseList,
  parsePositiveId
} from '../src/settings/parse.js'

/** The bad-input error a parser throws, or a failure when it throws nothing. */
function errorOf(fn: () => unknown): GateError {
  try {
    fn()
  } catch (e) {
    if (e instanceof GateError) return e
    throw e
  }
  throw new Error('expected a GateError, but nothing was thrown')
}

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['1h0m5s', 3_605_000]
  ])('reads %s', (text, ms) => {
    expect(parseDuration('wait-timeout', text)).toBe(ms)
  })

  it('reads a bare number as seconds', () => {
    expect(parseDuration('wait-timeout', '30')).toBe(30_000)
  })

  it('reads decimals, bare or with a unit', () => {
    expect(parseDuration('wait-timeout', '1.5')).toBe(1500)
    expect(parseDuration('wait-timeout', '0.5s')).toBe(500)
    expect(parseDuration('wait-timeout', '1.5m')).toBe(90_000)
  })

  it('ignores case and surrounding spaces', () => {
    expect(parseDuration('wait-timeout', ' 5S ')).toBe(5000)
    expect(parseDuration('wait-timeout', '1H30M')).toBe(5_400_000)
  })

  it.each(['', 'abc', '5x', '-5s', '5 s', '1h30', 's', 'ms', '5sec', '1,5s', '1e3', 'Infinity'])(
    'rejects %j as a bad-input error naming the input and the value',
    text => {
      const e = errorOf(() => parseDuration('poll-interval', text))
      expect(e.kind).toBe('bad-input')
      expect(e.message.startsWith("Input 'poll-interval'")).toBe(true)
      expect(e.message).toContain(`'${text}'`)
    }
  )

  it('says which durations are accepted', () => {
    expect(errorOf(() => parseDuration('poll-interval', 'soon')).message).toMatch(/5s.*1h30m/)
  })
})

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['yes', true],
    ['no', false],
    ['1', true],
    ['0', false]
  ])('reads %s', (text, value) => {
    expect(parseBoolean('wait', text)).toBe(value)
  })

  it('ignores case and surrounding spaces', () => {
    expect(parseBoolean('wait', 'TRUE')).toBe(true)
    expect(parseBoolean('wait', 'Yes')).toBe(true)
    expect(parseBoolean('wait', ' False ')).toBe(false)
    expect(parseBoolean('wait', 'NO')).toBe(false)
  })

  it.each(['', 'y', 'n', 'maybe', 'truee', '2', 'enabled', 'null'])(
    'rejects %j as a bad-input error naming the input and the value',
    text => {
      const e = errorOf(() => parseBoolean('fail-on-failure', text))
      expect(e.kind).toBe('bad-input')
      expect(e.message.startsWith("Input 'fail-on-failure'")).toBe(true)
      expect(e.message).toContain(`'${text}'`)
    }
  )
})

describe('parseList', () => {
  it('splits on commas', () => {
    expect(parseList('a,b,c')).toEqual(['a', 'b', 'c'])
  })

  it('splits on newlines, LF or CRLF', () => {
    expect(parseList('a\nb\r\nc')).toEqual(['a', 'b', 'c'])
  })

  it('trims items and drops blank ones', () => {
    expect(parseList(' a , b ,\n\n  c  ,,\n')).toEqual(['a', 'b', 'c'])
  })

  it('reads an empty or blank value as no items', () => {
    expect(parseList('')).toEqual([])
    expect(parseList(' , \n ')).toEqual([])
  })
})

describe('parseInteger', () => {
  const range = { min: 0, max: 10 }

  it('reads whole numbers inside the range, bounds included', () => {
    expect(parseInteger('rerun-failed', '0', range)).toBe(0)
    expect(parseInteger('rerun-failed', '7', range)).toBe(7)
    expect(parseInteger('rerun-failed', '10', range)).toBe(10)
  })

  it('ignores surrounding spaces', () => {
    expect(parseInteger('rerun-failed', ' 3 ', range)).toBe(3)
  })

  it.each(['11', '-1', '100'])('rejects %s as out of range, saying the range', text => {
    const e = errorOf(() => parseInteger('rerun-failed', text, range))
    expect(e.kind).toBe('bad-input')
    expect(e.message.startsWith("Input 'rerun-failed'")).toBe(true)
    expect(e.message).toContain('from 0 to 10')
  })

  it.each(['', 'abc', '1.5', '1e2', '0x10', 'two', '3 4', '١'])(
    'rejects %j as not a whole number, naming the value',
    text => {
      const e = errorOf(() => parseInteger('rerun-failed', text, range))
      expect(e.kind).toBe('bad-input')
      expect(e.message.startsWith("Input 'rerun-failed'")).toBe(true)
      expect(e.message).toContain(`'${text}'`)
    }
  )
})

describe('parsePositiveId', () => {
  it('reads a positive id', () => {
    expect(parsePositiveId('test-plan-id', '274')).toBe(274)
  })

  it.each(['0', '-4', '9007199254740993'])('rejects %s', text => {
    const e = errorOf(() => parsePositiveId('test-plan-id', text))
    expect(e.kind).toBe('bad-input')
    expect(e.message.startsWith("Input 'test-plan-id'")).toBe(true)
  })
})

describe('parseEnum', () => {
  const allowed = ['ALL_TESTS', 'ONLY_FAILED_TESTS', 'USER_PICKED'] as const

  it('answers the allowed spelling whatever the case of the value', () => {
    expect(parseEnum('rerun-type', 'only_failed_tests', allowed)).toBe('ONLY_FAILED_TESTS')
    expect(parseEnum('rerun-type', 'User_Picked', allowed)).toBe('USER_PICKED')
  })

  it('ignores surrounding spaces', () => {
    expect(parseEnum('rerun-type', ' ALL_TESTS ', allowed)).toBe('ALL_TESTS')
  })

  it('rejects an unknown word, naming the input, the value and every allowed word', () => {
    const e = errorOf(() => parseEnum('rerun-type', 'SOME_TESTS', allowed))
    expect(e.kind).toBe('bad-input')
    expect(e.message.startsWith("Input 'rerun-type'")).toBe(true)
    expect(e.message).toContain("'SOME_TESTS'")
    for (const word of allowed) expect(e.message).toContain(word)
  })
})

describe('parseKeyValues', () => {
  it('reads one KEY=VALUE per line', () => {
    expect(parseKeyValues('runtime-data', 'user=alice\npassword=pw1')).toEqual({
      user: 'alice',
      password: 'pw1'
    })
  })

  it('reads CRLF lines', () => {
    expect(parseKeyValues('runtime-data', 'a=1\r\nb=2\r\n')).toEqual({ a: '1', b: '2' })
  })

  it('skips blank lines and lines starting with #', () => {
    expect(parseKeyValues('runtime-data', '\n# the login\n  \nuser=alice\n  # end\n')).toEqual({
      user: 'alice'
    })
  })

  it('trims keys and values', () => {
    expect(parseKeyValues('runtime-data', '  user =  alice  ')).toEqual({ user: 'alice' })
  })

  it("keeps '=' inside a value", () => {
    expect(parseKeyValues('runtime-data', 'url=https://shop.test/?a=1&b=2')).toEqual({
      url: 'https://shop.test/?a=1&b=2'
    })
  })

  it('reads an empty value as no entries', () => {
    expect(parseKeyValues('runtime-data', '')).toEqual({})
  })

  it("rejects a line without '=', naming the input and the line number", () => {
    const e = errorOf(() => parseKeyValues('upload-versions', 'dev1=77\ndev2'))
    expect(e.kind).toBe('bad-input')
    expect(e.message.startsWith("Input 'upload-versions'")).toBe(true)
    expect(e.message).toContain('line 2')
  })

  it('rejects a line with an empty key', () => {
    const e = errorOf(() => parseKeyValues('runtime-data', '=alice'))
    expect(e.kind).toBe('bad-input')
    expect(e.message.startsWith("Input 'runtime-data'")).toBe(true)
    expect(e.message).toContain('line 1')
  })

  it('rejects a key given twice, naming it', () => {
    const e = errorOf(() => parseKeyValues('runtime-data', 'user=a\nuser=b'))
    expect(e.kind).toBe('bad-input')
    expect(e.message.startsWith("Input 'runtime-data'")).toBe(true)
    expect(e.message).toContain("'user'")
  })

  it('keeps a key named __proto__ as data', () => {
    const out = parseKeyValues('runtime-data', '__proto__=x')
    expect(Object.keys(out)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('x')
  })
})

describe('error messages', () => {
  it.each([
    ['parseDuration', () => parseDuration('wait-timeout', '5m\n10m')],
    ['parseBoolean', () => parseBoolean('wait', 'true\nfalse')],
    ['parseInteger', () => parseInteger('test-plan-id', '274\r\n275', { min: 1, max: 1000 })],
    ['parseEnum', () => parseEnum('command', 'run\u2028status', ['run', 'status'])]
  ])('%s keeps its message on one line for a multi-line value', (_name, fn) => {
    expect(errorOf(fn).message).not.toMatch(/[\r\n\u2028\u2029]/)
  })
})
