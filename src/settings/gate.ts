/**
 * The inputs that decide which failures gate (SPEC.md "Quarantine and known failures"): a
 * quarantine file in the repository, a baseline to tell known failures from new ones, and
 * `fail-on`. The file itself is read later (settings/quarantine.ts), still before any request.
 */
import { badInput } from '../model/errors.js'
import { parseEnum } from './parse.js'

export const FAIL_ON = ['any', 'new'] as const
export type FailOn = (typeof FAIL_ON)[number]

export interface GateSettings {
  /** The quarantine file's path, as given (relative to the workspace). */
  quarantine?: string
  /** Currents: a branch whose latest finished run holds the known failures. */
  baseline?: string
  /** A run of the same provider to compare with. */
  baselineRunId?: string
  failOn: FailOn
}

/** Whether a command gates: only run and rerun read a run's failures and decide on them. */
export function isGate(command: string): command is 'run' | 'rerun' {
  return command === 'run' || command === 'rerun'
}

export function readGate(
  input: (n: string) => string,
  provider: 'testsigma' | 'currents',
  command: string
): GateSettings {
  const gate: GateSettings = { failOn: parseEnum('fail-on', input('fail-on') || 'any', FAIL_ON) }
  for (const [name, key] of [
    ['quarantine', 'quarantine'],
    ['baseline', 'baseline'],
    ['baseline-run-id', 'baselineRunId']
  ] as const) {
    const value = input(name)
    if (value === '') continue
    if (!isGate(command))
      throw badInput(name, `is used only by the gates (command run or rerun); remove it`)
    gate[key] = value
  }
  if (gate.baseline !== undefined && provider !== 'currents')
    throw badInput(
      'baseline',
      'is a Currents branch; with provider testsigma pass baseline-run-id (a run of the plan to compare with)'
    )
  if (gate.baseline !== undefined && gate.baselineRunId !== undefined)
    throw badInput('baseline', 'and baseline-run-id are both set; keep one of the two')
  if (gate.baseline !== undefined && !/^[^\s*]{1,250}$/.test(gate.baseline))
    throw badInput(
      'baseline',
      `'${gate.baseline.slice(0, 60)}' is not one branch; give its exact name, e.g. main`
    )
  if (gate.baselineRunId !== undefined && !/^[A-Za-z0-9_-]{1,128}$/.test(gate.baselineRunId))
    throw badInput('baseline-run-id', `'${gate.baselineRunId.slice(0, 60)}' is not a run id`)
  if (gate.failOn === 'new' && gate.baseline === undefined && gate.baselineRunId === undefined)
    throw badInput(
      'fail-on',
      "'new' needs a baseline to tell new failures from known ones; set baseline (Currents: a branch) or baseline-run-id"
    )
  return gate
}
