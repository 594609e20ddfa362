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
import { GRACE, graceLeft } from '../waiting/signals.js'

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

/** What the completion writes. */
interface Completion {
  conclusion: Conclusion
  title: string
  summary: string
  detailsUrl?: string
  details: CheckDetails
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
   * annotations that did not fit in that call, 50 per PATCH (GitHub appends them). `cancel` is
   * the step's signal: once it has fired, every call ends within what is left of the runner's
   * grace. A signal during a call cuts it; then one last write (the completion, no further
   * annotations) within that grace.
   */
  async finish(
    conclusion: Conclusion,
    title: string,
    summary: string,
    detailsUrl?: string,
    details: CheckDetails = {},
    cancel?: AbortSignal
  ): Promise<CheckResult> {
    const write: Completion = { conclusion, title, summary, detailsUrl, details }
    const lastWrite = (signal: AbortSignal) =>
      this.complete(write, AbortSignal.timeout(graceLeft(signal, GRACE.reportMs)), true)
    if (cancel?.aborted) return (await lastWrite(cancel), this.result)
    const cut = cancel ? { cut: cancel } : {}
    const done = await this.complete(write, AbortSignal.timeout(CHECK_TIMEOUT_MS), false, cut)
    if (!done && cancel?.aborted) await lastWrite(cancel)
    return this.result
  }

  /**
   * One go at the completion: every call ends when `budget` does (a warning then) or when
   * `cut` fires (no warning: a last write follows). Answers whether it was not cut.
   */
  private async complete(
    w: Completion,
    budget: AbortSignal,
    last: boolean,
    { cut }: { cut?: AbortSignal } = {}
  ): Promise<boolean> {
    const signal = cut ? AbortSignal.any([budget, cut]) : budget
    const cutOff = () => cut?.aborted === true
    const gaveUp = new Promise<'gave-up'>(resolve =>
      signal.addEventListener('abort', () => resolve('gave-up'), { once: true })
    )
    const id = await Promise.race([this.created ?? Promise.resolve(undefined), gaveUp])
    if (id === 'gave-up') {
      if (cutOff()) return false
      this.warn(`GitHub did not answer within the time allowed; the check was left as it is`)
      return true
    }
    const annotations = w.details.annotations ?? []
    const batches: CheckAnnotation[][] = []
    for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_CALL)
      batches.push(annotations.slice(i, i + ANNOTATIONS_PER_CALL))
    // Every update carries the whole output but for the annotations, which GitHub appends.
    const base = {
      title: w.title.slice(0, 250),
      summary: w.summary.slice(0, MAX_SUMMARY),
      ...(w.details.text ? { text: w.details.text.slice(0, MAX_SUMMARY) } : {})
    }
    const output = { ...base, ...(batches.length > 0 ? { annotations: batches[0] } : {}) }
    const done = await this.guard(
      async () => {
        const octokit = await this.client()
        if (id === undefined) {
          const res = await octokit.rest.checks.create({
            ...this.repo,
            name: this.name,
            head_sha: headSha(this.github),
            status: 'completed',
            conclusion: w.conclusion,
            ...(w.detailsUrl ? { details_url: w.detailsUrl } : {}),
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
          conclusion: w.conclusion,
          output,
          request: { signal }
        })
        return id
      },
      signal,
      cutOff
    )
    if (done === undefined) return !cutOff()
    // After a signal, the completion was the one last write: the other annotations wait.
    for (const batch of last ? [] : batches.slice(1)) {
      const ok = await this.guard(
        async () => {
          const octokit = await this.client()
          await octokit.rest.checks.update({
            ...this.repo,
            check_run_id: done,
            output: { ...base, annotations: batch },
            request: { signal }
          })
          return true
        },
        signal,
        cutOff
      )
      if (!ok) break
    }
    return true
  }

  /** Runs one GitHub call; a failure is one warning for the whole step, never an error. */
  private async guard<T>(
    fn: () => Promise<T>,
    signal = AbortSignal.timeout(CHECK_TIMEOUT_MS),
    cutOff: () => boolean = () => false
  ): Promise<T | undefined> {
    try {
      return await fn()
    } catch (e) {
      // Cut by the step's signal: the last write says what there is to say.
      if (cutOff()) return undefined
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
