import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
// @ts-expect-error: a build script in plain JS, without types
import { inputsModule } from '../scripts/inputs-table.mjs'
import { INPUTS } from '../src/cli/inputs.js'

const FILE = 'src/cli/inputs.ts'

describe('src/cli/inputs.ts (the CLI flags, generated from action.yml)', () => {
  it('is what npm run build makes of action.yml today', async () => {
    const fresh = await format((inputsModule as () => string)(), {
      ...(await resolveConfig(FILE)),
      filepath: FILE
    })
    expect(readFileSync(FILE, 'utf8')).toBe(fresh)
  })

  it('holds no input that only the runner or the action edge reads', () => {
    const names = INPUTS.map(i => i.name)
    for (const name of ['command', 'job-status', 'github-token', 'check-name', 'pr-comment'])
      expect(names).not.toContain(name)
    expect(names).toEqual(
      expect.arrayContaining(['provider', 'api-key', 'test-plan-id', 'project-id'])
    )
  })
})
