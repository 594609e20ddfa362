/**
 * The optional check run (`check-name`): created on the pull request's head commit as soon as
 * the run id is known, completed with the result. Octokit is loaded (octokit.ts) only when
 * check-name is set, so other steps don't pay its start-up cost. A token without
 * `checks: write` is a warning with the fix, never a failed gate.
 */
import * as workflow from './workflow.js'
import { headSha } from './event.js'
import type { RunSnapshot, RunStatus } from '../model/run.js'
import type { GithubContext } from '../settings/settings.js'
import type { CheckAnnotation, CheckDetails } from './check-details.js'
import { type Octokit, createOctokit } from './octokit.js'

/** No GitHub API call may hold the step longer than this (a GitHub that never answers). */
export const CHECK_TIMEOUT_MS = 10_000

/** GitHub limits a check run's output summary and text to 65535 characters each. */
const MAX_SUMMARY = 65_000
/** GitHub takes at most 50 annotations per create or update call; more need more calls. */
export const ANNOTATIONS_PER_CALL = 50

export { headSha } from './event.js'

export interface CheckResult {
  id?: number
  url?: string
}

export type Conclusion = 'success' | 'failure' | 'cancelled' | 'timed_out' | 'neutral'

export function conclusionOf(status: RunStatus | '', waited: boolean, exitCode: 0 | 1): Conclusion {
  if (!waited && (status === 'queued' || status === 'running')) return 'neutral'
  switch (status) {
    case '':
      // A command without a run result (cancel-hook, delete, ...): did it do its job?
      return exitCode === 0 ? 'success' : 'failure'
    case 'passed':
      return 'success'
    case 'cancelled':
      return 'cancelled'
    case 'timed-out':
      return 'timed_out'
    default:
      return 'failure'
  }
}

export class CheckRun {
  private octokit?: Promise<Octokit>
  private created?: Promise<number | undefined>
  private result: CheckResult = {}

  private readonly name: string
  private readonly token: string
  private readonly github: GithubContext

  private warned = false

  constructor(name: string, token: string, github: GithubContext) {
    this.name = name
    this.token = token
    this.github = github
  }

  private get repo() {
    const [owner, repo] = this.github.repository.split('/')
    return { owner, repo }
  }

  private client(): Promise<Octokit> {
    this.octokit ??= createOctokit(this.token, this.github.apiUrl)
    return this.octokit
  }

  /** Creates the check as in_progress (once); safe to call for every new run id. */
  start(run: RunSnapshot): void {
    const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS)
    this.created ??= this.guard(async () => {
      const octokit = await this.client()
      const res = await octokit.rest.checks.create({
        ...this.repo,
        name: this.name,
        head_sha: headSha(this.github),
        status: 'in_progress',
        ...(run.url ? { details_url: run.url } : {}),
        output: { title: `${run.id}: ${run.status}`, summary: `Waiting for run ${run.id}.` },
        request: { signal }
      })
      this.result = { id: res.data.id, url: res.data.html_url ?? undefined }
      return res.data.id
    }, signal)
  }

  /**
   * Completes the check (creating it first when the run id was never known), then adds the
   * annotations that did not fit in that call, 50 per PATCH (GitHub appends them). All of it
   * within budgetMs: after a signal, what is left of the runner's grace.
   */
  async finish(
    conclusion: Conclusion,
    title: string,
    summary: string,
    detailsUrl?: string,
    details: CheckDetails = {},
    budgetMs = CHECK_TIMEOUT_MS
  ): Promise<CheckResult> {
    const signal = AbortSignal.timeout(budgetMs)
    const gaveUp = new Promise<'gave-up'>(resolve =>
      signal.addEventListener('abort', () => resolve('gave-up'), { once: true })
    )
    const id = await Promise.race([this.created ?? Promise.resolve(undefined), gaveUp])
    if (id === 'gave-up') {
      this.warn(`GitHub did not answer within ${budgetMs / 1000}s; the check was left as it is`)
      return this.result
    }
    const annotations = details.annotations ?? []
    const batches: CheckAnnotation[][] = []
    for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_CALL)
      batches.push(annotations.slice(i, i + ANNOTATIONS_PER_CALL))
    // Every update carries the whole output but for the annotations, which GitHub appends.
    const base = {
      title: title.slice(0, 250),
      summary: summary.slice(0, MAX_SUMMARY),
      ...(details.text ? { text: details.text.slice(0, MAX_SUMMARY) } : {})
    }
    const output = { ...base, ...(batches.length > 0 ? { annotations: batches[0] } : {}) }
    const done = await this.guard(async () => {
      const octokit = await this.client()
      if (id === undefined) {
        const res = await octokit.rest.checks.create({
          ...this.repo,
          name: this.name,
          head_sha: headSha(this.github),
          status: 'completed',
          conclusion,
          ...(detailsUrl ? { details_url: detailsUrl } : {}),
          output,
          request: { signal }
        })
        this.result = { id: res.data.id, url: res.data.html_url ?? undefined }
        return res.data.id
      }
      await octokit.rest.checks.update({
        ...this.repo,
        check_run_id: id,
        status: 'completed',
        conclusion,
        output,
        request: { signal }
      })
      return id
    }, signal)
    for (const batch of batches.slice(1)) {
      if (done === undefined) break
      const ok = await this.guard(async () => {
        const octokit = await this.client()
        await octokit.rest.checks.update({
          ...this.repo,
          check_run_id: done,
          output: { ...base, annotations: batch },
          request: { signal }
        })
        return true
      }, signal)
      if (!ok) break
    }
    return this.result
  }

  /** Runs one GitHub call; a failure is one warning for the whole step, never an error. */
  private async guard<T>(
    fn: () => Promise<T>,
    signal = AbortSignal.timeout(CHECK_TIMEOUT_MS)
  ): Promise<T | undefined> {
    try {
      return await fn()
    } catch (e) {
      const status = (e as { status?: number }).status
      const why = e instanceof Error ? e.message : String(e)
      this.warn(
        signal.aborted
          ? `GitHub did not answer within the time allowed; the check was left as it is`
          : status === 401 || status === 403 || status === 404
            ? `GitHub refused to write it (HTTP ${status}). The token needs checks: write: give the job 'permissions: checks: write' (and pass github-token). Pull requests from forks get a read-only token, so no check run can be written for them`
            : `it could not be written${status ? ` (HTTP ${status})` : ''}: ${why}`
      )
      return undefined
    }
  }

  private warn(why: string): void {
    if (this.warned) return
    this.warned = true
    workflow.warning(`Check run '${this.name}': ${why}`)
  }
}
