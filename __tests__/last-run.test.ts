import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LAST_RUN_FILE, lastRunPath, writeWhole } from '../src/files/last-run.js'

describe('lastRunPath', () => {
  it('puts .last-run.json in pw-output-dir, relative to the workspace', () => {
    expect(lastRunPath('/home/runner/work/shop/shop', 'test-results', 'linux')).toBe(
      '/home/runner/work/shop/shop/test-results/.last-run.json'
    )
    expect(lastRunPath('/w', './e2e/../out/results', 'darwin')).toBe(
      '/w/out/results/.last-run.json'
    )
  })

  it('keeps an absolute pw-output-dir', () => {
    expect(lastRunPath('/w', '/tmp/pw', 'linux')).toBe('/tmp/pw/.last-run.json')
  })

  it('takes backslashes and drive letters on Windows', () => {
    expect(lastRunPath('D:\\a\\shop\\shop', 'e2e\\test-results', 'win32')).toBe(
      'D:\\a\\shop\\shop\\e2e\\test-results\\.last-run.json'
    )
  })

  it("uses Playwright's file name", () => {
    expect(LAST_RUN_FILE).toBe('.last-run.json')
  })
})

describe('writeWhole', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trg-last-run-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('writes the text, creating missing folders, and leaves no temporary file', async () => {
    const target = join(dir, 'a', 'b', '.last-run.json')
    await writeWhole(target, '{"status":"failed","failedTests":["x"]}\n')
    expect(readFileSync(target, 'utf8')).toBe('{"status":"failed","failedTests":["x"]}\n')
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['.last-run.json'])
  })

  it('replaces a file that is already there, as a whole', async () => {
    const target = join(dir, '.last-run.json')
    writeFileSync(target, 'x'.repeat(10_000))
    await writeWhole(target, '{}')
    expect(readFileSync(target, 'utf8')).toBe('{}')
    expect(readdirSync(dir)).toEqual(['.last-run.json'])
  })

  it('leaves neither the file nor a temporary file when the target cannot be written', async () => {
    // A folder where the file should go: the rename fails after the temporary file was written.
    const target = join(dir, '.last-run.json')
    mkdirSync(join(target, 'occupied'), { recursive: true })
    await expect(writeWhole(target, '{}')).rejects.toThrow()
    expect(readdirSync(dir)).toEqual(['.last-run.json'])
    expect(readdirSync(target)).toEqual(['occupied'])
  })
})
