import { describe, expect, it } from '@jest/globals'
import { parseDuration } from '../src/parse.js'

describe('parseDuration', () => {
  it('reads 1h30m', () => expect(parseDuration('x', '1h30m')).toBe(5_400_000))
})
