/**
 * What `npm install test-run-gate` (or npx) gets: the files package.json lists and nothing to
 * install besides, since dist/ bundles every library it runs.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './e2e/runner.js'

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  files: string[]
  dependencies?: Record<string, string>
  bin: Record<string, string>
  allowScripts?: Record<string, boolean>
}

describe('the npm package', () => {
  it('has no runtime dependencies: the bundle holds them', () => {
    expect(pkg.dependencies ?? {}).toEqual({})
  })

  it('packs only what files lists (and the files npm always adds)', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore']
      })
    ) as Array<{ files: Array<{ path: string }> }>
    const listed = (path: string) =>
      path === 'package.json' || pkg.files.some(f => path === f || path.startsWith(f))
    expect(packed.files.map(f => f.path).filter(p => !listed(p))).toEqual([])
    expect(packed.files.map(f => f.path)).toContain(pkg.bin['test-run-gate'])
  })

  it('lets npm 11 run the install script of the node devDependency (Node 24 for the scripts)', () => {
    expect(pkg.allowScripts).toEqual({ node: true })
  })
})
