/**
 * Tests leave TMPDIR as they found it: the harness's workspaces are removed by removeTempDirs,
 * which the setup file runs after every test file; a child jest over a file using the
 * harness, the simulator and a proxy leaves nothing in its TMPDIR but jest's own cache.
 */
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { makeTempDir } from '../temp-dirs.js'
import { ROOT, removeTempDirs, runAction } from './runner.js'

describe('temp folders', () => {
  it('removeTempDirs removes the workspace of a harness run, with the step files in it', async () => {
    const { main, workspace } = await runAction({ inputs: { provider: 'nope' }, post: false })
    expect(main.code).toBe(1)
    expect(dirname(workspace)).toBe(tmpdir())
    expect(readdirSync(join(workspace, '.runner-temp'))).toEqual(
      expect.arrayContaining(['event.json', expect.stringMatching(/^output-/)])
    )
    expect(removeTempDirs()).toContain(workspace)
    expect(existsSync(workspace)).toBe(false)
    expect(removeTempDirs()).toEqual([])
  })

  it('a test file using the harness, the simulator and a proxy leaves its TMPDIR empty but for the jest cache', async () => {
    const tmp = makeTempDir('trg-cleanup-')
    const env: Record<string, string | undefined> = { ...process.env, TMPDIR: tmp }
    delete env.JEST_WORKER_ID
    const child = spawn(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--no-warnings=ExperimentalWarning',
        join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--ci',
        '--json',
        '--testMatch',
        '**/__tests__/e2e/temp-cleanup.fixture.ts'
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => (stdout += d))
    child.stderr.on('data', d => (stderr += d))
    const code = await new Promise(done => child.on('close', done))
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' })
    const result = JSON.parse(stdout) as { numPassedTests: number; numTotalTests: number }
    expect(result).toMatchObject({ numPassedTests: 2, numTotalTests: 2 })
    // jest's cache (cacheDirectory defaults to $TMPDIR/jest_<uid in base 36>) may stay.
    expect(readdirSync(tmp).filter(name => !/^jest_/.test(name))).toEqual([])
  })
})
