/**
 * Temp folders made by tests, the e2e harness and the demo: each is made in TMPDIR by
 * makeTempDir and removed by removeTempDirs, which jest runs after every test file
 * (jest.config.js setupFilesAfterEnv: __tests__/setup-after-env.ts) and the demo runs at its
 * end. Removal waits for the end of the file because tests read a step's files (outputs,
 * JUnit reports) after the step, and may run a second step in the first one's workspace.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const made = new Set<string>()

/** A fresh folder in TMPDIR, named `<prefix>XXXXXX`, to be removed by removeTempDirs. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.add(dir)
  return dir
}

/** Removes every folder makeTempDir made (and what is in it); answers their paths. */
export function removeTempDirs(): string[] {
  const removed = [...made]
  for (const dir of removed) {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
    made.delete(dir)
  }
  return removed
}
