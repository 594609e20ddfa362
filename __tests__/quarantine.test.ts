import { describe, expect, it } from '@jest/globals'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { MAX_ENTRIES, parseQuarantine, readQuarantine } from '../src/settings/quarantine.js'
import { makeTempDir } from './temp-dirs.js'

const FILE = '.github/test-quarantine.yml'
const parse = (text: string) => parseQuarantine(text, FILE)
const error = async (text: string) => {
  try {
    await parse(text)
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('no error')
}

describe('the quarantine file', () => {
  it('reads every field of an entry, with the line it starts on', async () => {
    const text = [
      '# known flaky tests',
      '- test: "Checkout › pays with a saved card"   # as the summary shows it',
      '  file: cypress/e2e/checkout.cy.ts',
      '  reason: flaky since the payment sandbox upgrade (#812)',
      '  until: 2027-01-15',
      '  owner: "@acme/payments"',
      '- test: Login › *',
      '  reason: SSO outage',
      '  until: 2026-12-31'
    ].join('\n')
    expect(await parse(text)).toEqual([
      {
        test: 'Checkout › pays with a saved card',
        file: 'cypress/e2e/checkout.cy.ts',
        reason: 'flaky since the payment sandbox upgrade (#812)',
        until: '2027-01-15',
        owner: '@acme/payments',
        line: 2
      },
      { test: 'Login › *', reason: 'SSO outage', until: '2026-12-31', line: 7 }
    ])
  })

  it('reads an empty file as no entries', async () => {
    expect(await parse('')).toEqual([])
    expect(await parse('# nothing quarantined\n')).toEqual([])
  })

  it.each([
    ['- test: a\n  until: 2027-01-15\n', 'line 1: entry 1 has no reason; add reason:'],
    ['- reason: r\n  until: 2027-01-15\n', 'line 1: entry 1 has no test;'],
    ['- test: a\n  reason: r\n', 'line 1: entry 1 has no until;'],
    [
      '- test: a\n  reason: r\n  until: 15/01/2027\n',
      "line 1: until '15/01/2027' is not a date; write it as YYYY-MM-DD"
    ],
    ['- test: a\n  reason: r\n  until: 2027-02-30\n', "until '2027-02-30' is not a date"],
    [
      '- test: a\n  reason: r\n  until: 2027-01-15\n  expires: soon\n',
      "line 4: unknown key 'expires'"
    ],
    ['test: a\nreason: r\n', 'line 1: the file must be a list of entries'],
    ['- just a line\n', 'line 1: entry 1 is not a mapping'],
    ['- test: [a, b]\n  reason: r\n  until: 2027-01-15\n', 'line 1: test must be text'],
    ['- test: a\n  test: b\n', 'is not valid YAML'],
    ['- test: "a\n', 'is not valid YAML']
  ])('refuses %j, naming the file, the line and the fix', async (text, expected) => {
    const message = await error(text)
    expect(message).toContain(`Input 'quarantine': ${FILE}`)
    expect(message).toContain(expected)
    expect(message).not.toContain('\n')
  })

  it('refuses an alias, which is not text', async () => {
    const text =
      '- test: &name a\n  reason: r\n  until: 2027-01-15\n- test: *name\n  reason: r\n  until: 2027-01-15\n'
    expect(await error(text)).toContain('line 4: test must be text')
  })

  it(`takes at most ${MAX_ENTRIES} entries`, async () => {
    const entry = '- {test: a, reason: r, until: 2027-01-15}\n'
    expect(await parse(entry.repeat(MAX_ENTRIES))).toHaveLength(MAX_ENTRIES)
    expect(await error(entry.repeat(MAX_ENTRIES + 1))).toContain(
      `has ${MAX_ENTRIES + 1} entries; keep at most ${MAX_ENTRIES}`
    )
  })

  it('names a missing file, a folder and a file over 1 MiB', async () => {
    const dir = makeTempDir('quarantine-')
    const missing = join(dir, 'none.yml')
    await expect(readQuarantine(missing, 'none.yml')).rejects.toThrow(
      "Input 'quarantine': none.yml: does not exist"
    )
    mkdirSync(join(dir, 'folder'))
    await expect(readQuarantine(join(dir, 'folder'), 'folder')).rejects.toThrow(
      "Input 'quarantine': folder: is not a file"
    )
    const big = join(dir, 'big.yml')
    writeFileSync(big, '#'.repeat(1024 * 1024 + 1))
    await expect(readQuarantine(big, 'big.yml')).rejects.toThrow('is larger than 1 MiB')
    const good = join(dir, 'q.yml')
    writeFileSync(good, '- {test: a, reason: r, until: 2027-01-15}\n')
    expect(await readQuarantine(good)).toEqual([
      { test: 'a', reason: 'r', until: '2027-01-15', line: 1 }
    ])
  })
})

describe("the README's quarantine file", () => {
  it('is one the action reads', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const block = /^```yaml \.github\/test-quarantine\.yml\n([\s\S]*?)^```$/m.exec(readme)?.[1]
    expect(block).toBeDefined()
    expect(await parse(block as string)).toEqual([
      expect.objectContaining({
        test: 'Checkout › pays with a saved card',
        file: 'cypress/e2e/checkout.cy.ts',
        until: '2027-01-15',
        owner: '@acme/payments'
      })
    ])
  })
})
