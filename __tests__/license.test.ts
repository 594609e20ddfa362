import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'

const root = new URL('..', import.meta.url)

describe('LICENSE', () => {
  it("is the MIT license package.json names, of test-run-gate's contributors", () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      license: string
    }
    const text = readFileSync(new URL('LICENSE', root), 'utf8')
    expect(pkg.license).toBe('MIT')
    expect(text.split('\n')[0]).toBe('MIT License')
    expect(text).toMatch(/^Copyright \(c\) \d{4} test-run-gate contributors$/m)
    expect(text).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND')
  })
})
