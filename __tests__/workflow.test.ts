/**
 * src/workflow.ts speaks the runner's protocol instead of @actions/core (start-up cost): its
 * output must be what @actions/core writes, byte for byte, for hostile text too.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as workflow from '../src/workflow.js'

const HOSTILE = [
  'plain text',
  '::error::pwned',
  'line one\nline two',
  'carriage\r\nreturn',
  '100% done, 50%25 left',
  'a:b,c=d',
  '  ::add-mask::secret',
  'unicode \u2028 separator ✓'
]

let printed: string[]
beforeEach(() => {
  printed = []
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    printed.push(String(chunk))
    return true
  })
})
afterEach(() => {
  jest.restoreAllMocks()
  process.exitCode = undefined
})

/** What one call prints, for @actions/core and for workflow.ts. */
function both(call: (api: typeof workflow | typeof core) => void): [string, string] {
  printed = []
  call(core)
  const theirs = printed.join('')
  printed = []
  call(workflow)
  return [theirs, printed.join('')]
}

describe('workflow commands are the same as @actions/core writes', () => {
  it.each(HOSTILE)('error with title and file: %j', text => {
    const [theirs, ours] = both(api =>
      api.error(text, { title: `T ${text}`, file: `src/${text}.ts` })
    )
    expect(ours).toBe(theirs)
  })

  it.each(HOSTILE)('warning: %j', text => {
    const [theirs, ours] = both(api => api.warning(text))
    expect(ours).toBe(theirs)
  })

  it.each(HOSTILE)('debug: %j', text => {
    const [theirs, ours] = both(api => api.debug(text))
    expect(ours).toBe(theirs)
  })

  it.each(HOSTILE)('add-mask: %j', text => {
    const [theirs, ours] = both(api => api.setSecret(text))
    expect(ours).toBe(theirs)
  })

  it('setFailed sets exit code 1 and prints one ::error:: line', () => {
    workflow.setFailed('broken\nbadly')
    expect(process.exitCode).toBe(1)
    expect(printed.join('')).toBe('::error::broken%0Abadly\n')
  })
})

describe('file commands', () => {
  let dir: string
  const saved = { ...process.env }
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-'))
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
      writeFileSync(join(dir, name), '')
      process.env[name] = join(dir, name)
    }
  })
  afterEach(() => {
    process.env = { ...saved }
    rmSync(dir, { recursive: true, force: true })
  })

  /** Parses name<<DELIM blocks, as the runner does. */
  const parse = (text: string) => {
    const out: Record<string, string> = {}
    const re = /^([^<\n]+)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n\2$/gm
    for (const m of text.matchAll(re)) out[m[1]] = m[3]
    return out
  }

  it('setOutput writes name<<delimiter blocks that keep multi-line and hostile values whole', () => {
    workflow.setOutput('status', 'passed')
    workflow.setOutput('message', 'one\n::error::two\nthree')
    expect(parse(readFileSync(process.env.GITHUB_OUTPUT as string, 'utf8'))).toEqual({
      status: 'passed',
      message: 'one\n::error::two\nthree'
    })
  })

  it('saveState writes the state file that post reads as STATE_<name>', () => {
    workflow.saveState('runId', '1165')
    expect(parse(readFileSync(process.env.GITHUB_STATE as string, 'utf8'))).toEqual({
      runId: '1165'
    })
    process.env.STATE_runId = '1165'
    expect(workflow.getState('runId')).toBe('1165')
  })

  it('appendSummary appends, one call after another', () => {
    workflow.appendSummary('# one')
    workflow.appendSummary('two')
    expect(readFileSync(process.env.GITHUB_STEP_SUMMARY as string, 'utf8')).toBe('# one\ntwo\n')
  })

  it('without the runner files nothing is written and nothing throws', () => {
    delete process.env.GITHUB_OUTPUT
    delete process.env.GITHUB_STEP_SUMMARY
    expect(() => workflow.setOutput('a', 'b')).not.toThrow()
    expect(workflow.appendSummary('x')).toBe(false)
  })
})
