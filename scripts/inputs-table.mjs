// The flags of the CLI come from action.yml's inputs: one source of truth for names, defaults
// and descriptions. `npm run build` writes src/cli/inputs.ts from it (committed, so that the
// typecheck and tests see it; __tests__/cli-inputs.test.ts fails when it is stale). YAML is
// parsed here, at build time, never at run time.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

/** Inputs that only mean something to the GitHub runner or to the action's edge. */
export const ACTION_ONLY = ['command', 'job-status', 'github-token', 'check-name', 'pr-comment']

export function inputsModule(actionYml = readFileSync('action.yml', 'utf8')) {
  const inputs = parse(actionYml).inputs ?? {}
  const rows = Object.entries(inputs)
    .filter(([name]) => !ACTION_ONLY.includes(name))
    .map(([name, spec]) => ({
      name,
      description: String(spec.description ?? '').trim(),
      default: spec.default === undefined ? '' : String(spec.default),
      required: spec.required === true
    }))
  return [
    '// Generated from action.yml by scripts/inputs-table.mjs (npm run build): do not edit.',
    '',
    'export interface InputSpec {',
    '  name: string',
    '  description: string',
    "  /** action.yml's default; 'true' / 'false' make a flag boolean (bare means true). */",
    '  default: string',
    '  required: boolean',
    '}',
    '',
    `export const INPUTS: readonly InputSpec[] = ${JSON.stringify(rows, null, 2)}`,
    ''
  ].join('\n')
}
