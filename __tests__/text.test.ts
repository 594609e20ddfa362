import { describe, expect, it } from '@jest/globals'
import { md, mdLink, safeLine } from '../src/report/text.js'

/**
 * Whether the runner would read a log line as a workflow command: `::name::` after leading
 * white space is trimmed, or the legacy `##[name]` anywhere in the line (actions/runner,
 * src/Runner.Common/ActionCommand.cs: TryParseV2 trims and checks the start, TryParse uses
 * IndexOf("##[")).
 */
function isCommand(line: string): boolean {
  return /^\s*::/.test(line) || line.includes('##[')
}

describe('safeLine', () => {
  it.each([
    '::error::x',
    '  ::add-mask::x',
    '\t::set-output name=a::b',
    '\u00a0::stop-commands::tok',
    '##[set-output name=a]b',
    '  ##[error]boom'
  ])('neutralizes the command %j', text => {
    expect(isCommand(safeLine(text))).toBe(false)
  })

  it('neutralizes a legacy ##[ command in the middle of the line', () => {
    expect(isCommand(safeLine('spec failed: ##[set-output name=status]passed'))).toBe(false)
  })

  it('keeps the text of a neutralized command readable', () => {
    expect(safeLine('::error::disk full')).toContain('error::disk full')
  })

  it.each([
    ['LF', 'ok\n::error::x'],
    ['CRLF', 'ok\r\n::error::x'],
    ['CR', 'ok\r::error::x'],
    ['U+2028', 'ok\u2028::error::x'],
    ['U+2029', 'ok\u2029::error::x'],
    ['NEL', 'ok\u0085::error::x']
  ])('keeps a text with %s on one line that is not a command', (_name, text) => {
    const line = safeLine(text)
    expect(line).not.toMatch(/[\r\n\u2028\u2029\u0085]/)
    expect(isCommand(line)).toBe(false)
  })

  it.each([
    'Testsigma run 1165: passed (SUCCESS): 12 tests, 12 passed, 0 failed',
    'Waiting for Currents run abc (https://app.currents.dev/run/abc)',
    'a::b is fine in the middle',
    '# a heading-like line'
  ])('leaves normal text alone: %j', text => {
    expect(safeLine(text)).toBe(text)
  })
})

describe('md', () => {
  it.each(['|', '<', '>', '&', '`', '*', '_', '[', ']'])(
    'escapes %s so that it is no markup',
    c => {
      const out = md(`a ${c} b`)
      expect(out).not.toBe(`a ${c} b`)
      expect(out.replace(/&#\d+;/g, '')).not.toContain(c)
    }
  )

  it('escapes an entity so that it shows as typed', () => {
    expect(md('&lt;script&gt;')).not.toContain('&lt;')
  })

  it('keeps a table row on one line: newlines become spaces', () => {
    expect(md('line1\nline2\r\nline3\u2028line4')).toBe('line1 line2 line3 line4')
  })

  it('leaves plain words alone', () => {
    expect(md('Checkout flow 42')).toBe('Checkout flow 42')
  })

  it('answers an empty string for nothing', () => {
    expect(md(undefined)).toBe('')
    expect(md('')).toBe('')
  })

  it('writes numbers', () => {
    expect(md(0)).toBe('0')
    expect(md(17)).toBe('17')
  })

  it('truncates long text to the limit, with an ellipsis', () => {
    const out = md('x'.repeat(2000))
    expect(out.length).toBeLessThanOrEqual(500)
    expect(out.endsWith('…')).toBe(true)
  })

  it('truncates to a given limit', () => {
    expect(md('y'.repeat(100), 20).length).toBeLessThanOrEqual(20)
  })

  it('leaves text at the limit whole', () => {
    expect(md('z'.repeat(500))).toBe('z'.repeat(500))
  })
})

describe('mdLink', () => {
  it('links an https URL', () => {
    expect(mdLink('Open the run', 'https://app.currents.dev/run/abc')).toBe(
      '[Open the run](https://app.currents.dev/run/abc)'
    )
  })

  it('links an http URL', () => {
    expect(mdLink('run', 'http://127.0.0.1:8080/run/1')).toBe('[run](http://127.0.0.1:8080/run/1)')
  })

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://files.example.com/x',
    '//evil.example/x',
    'https://evil.example/a b',
    'https://evil.example/<x>'
  ])('does not link %j: the label alone', url => {
    expect(mdLink('the run', url)).toBe('the run')
  })

  it('writes the label alone when there is no URL', () => {
    expect(mdLink('the run', undefined)).toBe('the run')
  })

  it('escapes the label', () => {
    const out = mdLink('<b>x</b> | [y]', 'https://app.example/run/1')
    expect(out.startsWith('[')).toBe(true)
    const label = out.slice(1, out.indexOf('](https://'))
    expect(label).not.toMatch(/[<>|[\]]/)
  })

  it('escapes a label that is not linked', () => {
    expect(mdLink('<img src=x>', 'javascript:alert(1)')).not.toContain('<')
  })

  it('keeps an unbalanced parenthesis in the URL from ending the link early', () => {
    const out = mdLink('run', 'https://app.example/run/a)b')
    expect(out.indexOf(')')).toBe(out.length - 1)
  })

  it('keeps a | in the URL from splitting a table cell', () => {
    expect(mdLink('run', 'https://app.example/run/1|x')).not.toContain('|')
  })
})
