/** action.yml is the contract users write against: it, the README and dist/ must agree. */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { actionDefaults } from './e2e/runner.js'

const root = new URL('..', import.meta.url)
const yml = readFileSync(new URL('action.yml', root), 'utf8')
const readme = readFileSync(new URL('README.md', root), 'utf8')

/** Names in the first column of the README table whose first header cell is `first`. */
function tableNames(first: string): string[] {
  const start = readme.search(new RegExp(`^\\| ${first} +\\|`, 'm'))
  expect(start).toBeGreaterThan(-1)
  const rows = readme.slice(start).split('\n\n')[0].split('\n').slice(2)
  return rows.flatMap(r => [...(r.split('|')[1] ?? '').matchAll(/`([a-z-]+)`/g)].map(m => m[1]))
}

describe('action.yml', () => {
  it('runs dist/index.js and dist/post.js on node24, with post-if left at its default', () => {
    expect(yml).toMatch(/^ {2}using: 'node24'$/m)
    expect(yml).toMatch(/^ {2}main: 'dist\/index\.js'$/m)
    expect(yml).toMatch(/^ {2}post: 'dist\/post\.js'$/m)
    expect(yml).not.toMatch(/post-if/)
    expect(existsSync(new URL('dist/index.js', root))).toBe(true)
    expect(existsSync(new URL('dist/post.js', root))).toBe(true)
  })

  it('gives every input a description', () => {
    const inputs = Object.keys(actionDefaults())
    const section = yml.slice(yml.indexOf('\ninputs:'), yml.indexOf('\noutputs:'))
    for (const name of inputs) {
      const block = section.slice(section.indexOf(`\n  ${name}:`) + 1).split(/\n {2}[a-z]/)[0]
      expect({ name, described: /\n {4}description: \S/.test(block) }).toEqual({
        name,
        described: true
      })
    }
  })

  it('declares exactly the inputs the README documents', () => {
    expect(Object.keys(actionDefaults()).sort()).toEqual(tableNames('input').sort())
  })

  it('declares exactly the outputs the README documents', () => {
    const section = yml.slice(yml.indexOf('\noutputs:'), yml.indexOf('\nruns:'))
    const outputs = [...section.matchAll(/^ {2}([a-z-]+):$/gm)].map(m => m[1])
    expect(outputs.sort()).toEqual(tableNames('output').sort())
  })
})
