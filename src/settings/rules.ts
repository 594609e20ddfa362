/**
 * Which inputs go with which provider and command. One table says which inputs belong to one
 * provider, and one rule rejects them with the other provider, whichever it is: an input that
 * would be silently ignored is a setting the user believes in and does not get.
 */
import { badInput } from '../model/errors.js'
import type { Host } from '../model/words.js'
import { DEFAULT_PW_OUTPUT_DIR } from './providers.js'
import type { Command, ProviderName, Settings } from './types.js'

/** A provider's own inputs, with the action.yml default that stands for "not set". */
const PROVIDER_INPUTS: Record<string, { provider: ProviderName; default: string }> = {
  'test-plan-id': { provider: 'testsigma', default: '' },
  'environment-id': { provider: 'testsigma', default: '' },
  'execution-config-id': { provider: 'testsigma', default: '' },
  'execution-config-name': { provider: 'testsigma', default: '' },
  'upload-versions': { provider: 'testsigma', default: '' },
  'build-number': { provider: 'testsigma', default: '' },
  'runtime-data': { provider: 'testsigma', default: '' },
  'rerun-failed': { provider: 'testsigma', default: '0' },
  'rerun-type': { provider: 'testsigma', default: 'ONLY_FAILED_TESTS' },
  'test-case-result-ids': { provider: 'testsigma', default: '' },
  'project-id': { provider: 'currents', default: '' },
  'ci-build-id': { provider: 'currents', default: '' },
  branch: { provider: 'currents', default: '' },
  tags: { provider: 'currents', default: '' },
  'machine-ids': { provider: 'currents', default: '' },
  'batched-orchestration': { provider: 'currents', default: 'false' },
  'pw-output-dir': { provider: 'currents', default: 'test-results' },
  'director-url': { provider: 'currents', default: 'https://cy.currents.dev' }
}

const COMMANDS_OF: Record<ProviderName, readonly Command[]> = {
  testsigma: ['run', 'status', 'cancel', 'rerun'],
  currents: ['run', 'status', 'cancel', 'cancel-hook', 'reset', 'delete', 'last-failed']
}

/** The commands a host offers: the CLI has no post step, so no cancel-hook. */
export function commandsOf(provider: ProviderName, host: Host): readonly Command[] {
  return COMMANDS_OF[provider].filter(c => host === 'github' || c !== 'cancel-hook')
}

/** How to pass the key, in the words of the host. */
export function keyHint(provider: ProviderName, host: Host): string {
  const env = `${provider.toUpperCase()}_API_KEY`
  return host === 'github'
    ? `pass the ${provider} API key from a secret, e.g. \${{ secrets.${env} }}`
    : `set the env ${env} (or pass --api-key)`
}

/** Inputs that only make sense with some provider/command pairs. */
export function checkRules(s: Settings, input: (n: string) => string): void {
  const only = (name: string, where: string, ok: boolean) => {
    if (!ok && input(name) !== '') throw badInput(name, `is not used ${where}; remove it`)
  }
  for (const [name, own] of Object.entries(PROVIDER_INPUTS)) {
    const value = input(name)
    if (own.provider !== s.provider && value !== '' && value !== own.default)
      throw badInput(name, `is not used with provider ${s.provider}; remove it`)
  }
  const ts = s.provider === 'testsigma'
  const cmd = s.command
  const cli = s.host === 'cli'
  const needsRunId: Command[] = ts
    ? ['status', 'cancel', 'rerun']
    : ['status', 'reset', 'delete', ...(cli ? (['cancel'] as const) : [])]
  if (needsRunId.includes(cmd) && s.runId === undefined) {
    throw badInput(
      'run-id',
      `is required for command '${cmd}'; pass the ${ts ? 'test plan result (run) id' : 'Currents run id'}`
    )
  }
  if (ts && cmd === 'run' && s.runId === undefined && s.testsigma.testPlanId === undefined) {
    throw badInput(
      'test-plan-id',
      'is required to start a Testsigma run; pass the Test Plan id (or run-id to wait for an existing run)'
    )
  }
  if (!ts && cmd === 'run' && s.runId === undefined && s.currents.projectId === undefined) {
    throw badInput(
      'project-id',
      'is required to find a Currents run; pass the project id (or run-id)'
    )
  }
  const filtered = s.currents.branch !== undefined || s.currents.tags.length > 0
  if (
    !ts &&
    cmd === 'run' &&
    s.runId === undefined &&
    s.currents.ciBuildId === undefined &&
    !filtered &&
    s.github.repository === ''
  ) {
    throw badInput(
      'ci-build-id',
      cli
        ? 'is required to find a Currents run; pass the ciBuildId the run was recorded with, or branch or tags (or run-id)'
        : 'is required outside GitHub Actions (its default is made from the GitHub run); pass the ciBuildId the run was recorded with, or branch or tags'
    )
  }
  if (!ts && cmd === 'last-failed' && s.currents.projectId === undefined) {
    throw badInput('project-id', 'is required for last-failed; pass the Currents project id')
  }
  if (!ts && cmd === 'last-failed' && s.currents.ciBuildId === undefined && s.github.runId === '') {
    throw badInput(
      'ci-build-id',
      cli
        ? 'is required for last-failed; pass the ciBuildId of the earlier run whose failed tests to rerun'
        : "is required for last-failed outside the Actions runner (no GITHUB_RUN_ID to derive the previous attempt's)"
    )
  }
  if (!ts && cmd === 'cancel-hook' && s.currents.projectId === undefined) {
    throw badInput(
      'project-id',
      'is required for cancel-hook; pass the Currents project id (or set CURRENTS_PROJECT_ID)'
    )
  }
  if (
    s.credential.kind === 'record-key' &&
    s.currents.ciBuildId === undefined &&
    s.github.repository === ''
  ) {
    throw badInput(
      'ci-build-id',
      'is required with record-key outside GitHub Actions: the record key cancels the run of one ciBuildId'
    )
  }
  if (
    !ts &&
    (cmd === 'cancel-hook' || (cmd === 'cancel' && s.runId === undefined)) &&
    s.github.runId === ''
  ) {
    throw badInput(
      'command',
      `'${cmd}' cancels by GitHub run and needs GITHUB_RUN_ID, which only the Actions runner sets`
    )
  }
  only('test-case-result-ids', 'with commands other than rerun', cmd === 'rerun')
  only('machine-ids', `except with command reset`, cmd === 'reset')
  for (const name of ['branch', 'tags'])
    only(
      name,
      'with command last-failed, which finds the run by ci-build-id',
      cmd !== 'last-failed'
    )
  only(
    'pw-output-dir',
    'except with command last-failed',
    cmd === 'last-failed' || s.currents.pwOutputDir === DEFAULT_PW_OUTPUT_DIR
  )
  only(
    'batched-orchestration',
    'except with command reset',
    cmd === 'reset' || !s.currents.batchedOrchestration
  )
}
