/**
 * The provider-specific inputs: Testsigma's trigger and rerun fields, Currents' find filters
 * and machines. Read by settings.ts, which checks which of them a provider and command allow.
 */
import { badInput } from '../model/errors.js'
import {
  parseBoolean,
  parseEnum,
  parseInteger,
  parseKeyValues,
  parseList,
  parsePositiveId
} from './parse.js'
import type { RerunItem } from '../model/run.js'
import { parseTestCaseResults } from './test-case-results.js'

export const RERUN_TYPES = [
  'ALL_TESTS',
  'ONLY_FAILED_TESTS',
  'ALL_ITERATIONS',
  'ONLY_FAILED_ITERATIONS',
  'USER_PICKED'
] as const
export type RerunType = (typeof RERUN_TYPES)[number]

export interface TestsigmaSettings {
  testPlanId?: number
  environmentId?: number
  executionConfig?: { id: number } | { name: string }
  uploadVersions: Readonly<Record<string, string>>
  buildNumber?: string
  runtimeData: Readonly<Record<string, string>>
  rerunFailed: number
  rerunType: RerunType
  /** USER_PICKED: the test case results to rerun, each with its iterations when data-driven. */
  testCaseResults: readonly RerunItem[]
}

/** Playwright's default outputDir, where it keeps `.last-run.json`. */
export const DEFAULT_PW_OUTPUT_DIR = 'test-results'

export interface CurrentsSettings {
  /** The project-id input, else env CURRENTS_PROJECT_ID. */
  projectId?: string
  /**
   * The ci-build-id input, else env CURRENTS_CI_BUILD_ID (unless branch or tags filter the find
   * instead); when neither, find uses the default ciBuildIds unless branch/tags are set.
   */
  ciBuildId?: string
  /** Where ciBuildId came from: last-failed takes an input as given, the env as this attempt's. */
  ciBuildIdFrom?: 'input' | 'env'
  branch?: string
  tags: readonly string[]
  machineIds: readonly string[]
  /** reset: the run uses Currents' batched orchestration (the reset body says so). */
  batchedOrchestration: boolean
  /** last-failed: Playwright's output folder (relative to the workspace), for `.last-run.json`. */
  pwOutputDir: string
}

export function readTestsigma(
  input: (n: string) => string,
  isTestsigma: boolean
): TestsigmaSettings {
  const optional = <T>(name: string, parse: (v: string) => T): T | undefined => {
    const v = input(name)
    return v === '' ? undefined : parse(v)
  }
  const configId = optional('execution-config-id', v => parsePositiveId('execution-config-id', v))
  const configName = optional('execution-config-name', v => v)
  if (configId !== undefined && configName !== undefined) {
    throw badInput(
      'execution-config-id',
      'and execution-config-name are both set; set only one of them'
    )
  }
  const rerunType = parseEnum('rerun-type', input('rerun-type') || 'ONLY_FAILED_TESTS', RERUN_TYPES)
  const testCaseResults = parseTestCaseResults(input('test-case-result-ids'))
  if (rerunType === 'USER_PICKED' && testCaseResults.length === 0 && isTestsigma) {
    throw badInput(
      'test-case-result-ids',
      'is required when rerun-type is USER_PICKED; list the test case result ids to rerun'
    )
  }
  if (rerunType !== 'USER_PICKED' && testCaseResults.length > 0) {
    throw badInput(
      'test-case-result-ids',
      `'${parseList(input('test-case-result-ids'))[0].slice(0, 80)}' is only used with rerun-type USER_PICKED (rerun-type is ${rerunType}); remove test-case-result-ids or set rerun-type: USER_PICKED`
    )
  }
  return {
    testPlanId: optional('test-plan-id', v => parsePositiveId('test-plan-id', v)),
    environmentId: optional('environment-id', v => parsePositiveId('environment-id', v)),
    executionConfig:
      configId !== undefined
        ? { id: configId }
        : configName !== undefined
          ? { name: configName }
          : undefined,
    uploadVersions: parseKeyValues('upload-versions', input('upload-versions')),
    buildNumber: optional('build-number', v => v),
    runtimeData: parseKeyValues('runtime-data', input('runtime-data')),
    rerunFailed: parseInteger('rerun-failed', input('rerun-failed') || '0', { min: 0, max: 10 }),
    rerunType,
    testCaseResults
  }
}

export function readCurrents(
  input: (n: string) => string,
  env: { ciBuildId: string } = { ciBuildId: '' }
): CurrentsSettings {
  const branch = input('branch') || undefined
  if (
    branch !== undefined &&
    (branch.length > 250 || /\s/.test(branch) || branch.slice(0, -1).includes('*'))
  ) {
    throw badInput(
      'branch',
      `'${branch.slice(0, 260)}' is not a branch filter; use an exact branch name or a prefix ending in * (no spaces, at most 250 characters)`
    )
  }
  const tags = parseList(input('tags'))
  const machineIds = parseList(input('machine-ids'))
  if (machineIds.length > 63) {
    throw badInput(
      'machine-ids',
      `has ${machineIds.length} ids; Currents resets at most 63 machines per call`
    )
  }
  const pwOutputDir = input('pw-output-dir') || DEFAULT_PW_OUTPUT_DIR
  if (/\p{Cc}/u.test(pwOutputDir)) {
    throw badInput('pw-output-dir', 'must be one folder path on one line, e.g. test-results')
  }
  // The workflow's env names the run of this workflow; a branch or tags filter looks elsewhere.
  const ciBuildIdFrom =
    input('ci-build-id') !== ''
      ? 'input'
      : env.ciBuildId !== '' && branch === undefined && tags.length === 0
        ? 'env'
        : undefined
  return {
    projectId: input('project-id') || undefined,
    ciBuildId:
      ciBuildIdFrom === 'input'
        ? input('ci-build-id')
        : ciBuildIdFrom === 'env'
          ? env.ciBuildId
          : undefined,
    ciBuildIdFrom,
    branch,
    tags,
    machineIds,
    batchedOrchestration: parseBoolean(
      'batched-orchestration',
      input('batched-orchestration') || 'false'
    ),
    pwOutputDir
  }
}
