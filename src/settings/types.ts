/** The settings' vocabulary: providers, commands, and the typed object every input is read into. */
import type { Host } from '../model/words.js'
import type { Credential } from './credentials.js'
import type { GateSettings } from './gate.js'
import type { CurrentsSettings, TestsigmaSettings } from './providers.js'

export const PROVIDERS = ['testsigma', 'currents'] as const
export type ProviderName = (typeof PROVIDERS)[number]

export const COMMANDS = [
  'run',
  'status',
  'cancel',
  'cancel-hook',
  'rerun',
  'reset',
  'delete',
  'last-failed'
] as const
export type Command = (typeof COMMANDS)[number]

/** What the runner tells every step about the workflow run (SPEC.md). */
export interface GithubContext {
  runId: string
  runAttempt: number
  repository: string
  sha: string
  eventPath?: string
  apiUrl: string
  serverUrl: string
  /** GITHUB_WORKSPACE: where relative paths of inputs point (the step's folder when unset). */
  workspace?: string
  /** The running workflow's file in the repository (.github/workflows/ci.yml), when known. */
  workflowPath?: string
}

export interface Settings {
  /** Where the gate runs: the action on GitHub's runner, or the CLI anywhere. */
  host: Host
  provider: ProviderName
  command: Command
  /** The API key ('' when the step holds only Currents' record key: cancel-hook). */
  apiKey: string
  /** The one key used, and so where requests go (credentials.ts). */
  credential: Credential
  apiUrl: string
  runId?: string
  wait: boolean
  waitTimeoutMs: number
  cancelOnTimeout: boolean
  pollIntervalMs: number
  maxPollIntervalMs: number
  failOnFailure: boolean
  summary: boolean
  annotations: boolean
  githubToken: string
  checkName?: string
  /** The sticky pull request comment: never, always, or once the gate fails (then kept up to date). */
  prComment: PrComment
  jobStatus: string
  /**
   * junit-path: where a gate saves the run's JUnit report (Testsigma's own, or one the gate
   * writes from a Currents run), relative to the workspace.
   */
  junitPath?: string
  testsigma: TestsigmaSettings
  currents: CurrentsSettings
  /** Which failures gate: quarantine, baseline, fail-on. */
  gate: GateSettings
  github: GithubContext
}

export const PR_COMMENT = ['false', 'true', 'on-failure'] as const
export type PrComment = (typeof PR_COMMENT)[number]

export type Env = Readonly<Record<string, string | undefined>>

/** An input's value by its action.yml name, trimmed; '' when unset. */
export type InputReader = (name: string) => string
