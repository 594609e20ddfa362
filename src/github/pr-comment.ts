/**
 * The sticky pull request comment (`pr-comment`): one per gate, found again by its hidden
 * marker on every page of the pull request's comments, updated in place on every later run,
 * attempt and rerun. Two gates of one identity racing may both create one: each looks again
 * after creating, keeps the oldest (with its own body) and deletes the rest. Every call is
 * bounded like the check run's. A signal cuts the call in flight; then, unless the comment is
 * already written, one last look and one last write within what is left of the runner's grace
 * (a create cut after GitHub took it is found by that look, not made twice). Best effort: a
 * failure is one warning, never another verdict.
 */
import * as workflow from './workflow.js'
import { type Octokit, createOctokit } from './octokit.js'
import { CHECK_TIMEOUT_MS } from './checks.js'
import { type PullRequest, pullRequestOf } from './event.js'
import { commentMarker } from '../report/comment.js'
import type { Settings } from '../settings/settings.js'
import { GRACE, graceLeft } from '../waiting/signals.js'

export interface CommentRequest {
  settings: Settings
  /** The gate's identity (commentIdentity()), in the hidden marker. */
  identity: string
  /** The body, given the pull request's head tree for file:line links. */
  render: (pr: PullRequest) => string
  /** The gate failed: with `on-failure`, only then is a comment created. */
  failed: boolean
  /** The step's signal (SIGINT, SIGTERM): aborted before or during the calls. */
  cancel?: AbortSignal
}

interface Found {
  id: number
  url: string
}

/** One go at the comment: its calls' bounds, and whether it is the last write. */
interface Attempt {
  /** Every call of the attempt ends by then. */
  budget: AbortSignal
  /** Cuts the call in flight (the step's signal, before it came). */
  cut?: AbortSignal
  /** After a signal: no clean-up of duplicates, one write at most. */
  last: boolean
  /** The comment's URL, once written. */
  written?: string
}

/** Writes or updates the comment; answers its URL, or undefined when none was written. */
export async function writePrComment(req: CommentRequest): Promise<string | undefined> {
  const { settings, cancel } = req
  if (settings.prComment === 'false') return undefined
  const pr = pullRequestOf(settings.github)
  // Outside a pull request (push, schedule) there is nothing to comment on: no request.
  if (!pr) return undefined
  const lastAttempt = (signal: AbortSignal): Attempt => ({
    budget: AbortSignal.timeout(graceLeft(signal, GRACE.reportMs)),
    last: true
  })
  let a: Attempt = cancel?.aborted
    ? lastAttempt(cancel)
    : { budget: AbortSignal.timeout(CHECK_TIMEOUT_MS * 3), cut: cancel, last: false }
  try {
    return await attempt(req, pr, a)
  } catch (e) {
    // Cut by the signal: what was written stands; else one last look and write.
    if (a.cut?.aborted && a.written !== undefined) return a.written
    if (!a.cut?.aborted) {
      workflow.warning(`Pull request comment: ${why(e, pr, a.budget.aborted)}`)
      return undefined
    }
    a = lastAttempt(a.cut)
  }
  try {
    return await attempt(req, pr, a)
  } catch (e) {
    workflow.warning(`Pull request comment: ${why(e, pr, a.budget.aborted)}`)
    return undefined
  }
}

async function attempt(
  req: CommentRequest,
  pr: PullRequest,
  a: Attempt
): Promise<string | undefined> {
  const { settings } = req
  const signal = () =>
    AbortSignal.any([a.budget, AbortSignal.timeout(CHECK_TIMEOUT_MS), ...(a.cut ? [a.cut] : [])])
  const [owner, repo] = settings.github.repository.split('/')
  const where = { owner, repo, issue_number: pr.number }
  const marker = commentMarker(req.identity)
  const octokit = await createOctokit(settings.githubToken, settings.github.apiUrl)
  const list = async (): Promise<Found[]> => {
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...where,
      per_page: 100,
      request: { signal: signal() }
    })
    return all
      .filter(c => typeof c.body === 'string' && c.body.includes(marker))
      .map(c => ({ id: c.id, url: c.html_url }))
      .sort((x, y) => x.id - y.id)
  }
  const found = await list()
  // on-failure: a passing gate only corrects a comment that exists ("never left saying failed").
  if (found.length === 0 && settings.prComment === 'on-failure' && !req.failed) return undefined
  const body = req.render(pr)
  if (found.length > 0) {
    a.written = await update(octokit, owner, repo, found[0].id, body, signal())
    if (!a.last) await remove(octokit, owner, repo, found.slice(1), signal)
    return a.written
  }
  const created = await octokit.rest.issues.createComment({
    ...where,
    body,
    request: { signal: signal() }
  })
  a.written = created.data.html_url
  if (a.last) return a.written
  return await settle(octokit, owner, repo, list, created.data.id, body, signal)
}

/**
 * After a create: when another gate of this identity created one too, the oldest stays (with
 * this body, the later write) and the others go.
 */
async function settle(
  octokit: Octokit,
  owner: string,
  repo: string,
  list: () => Promise<Found[]>,
  mine: number,
  body: string,
  signal: () => AbortSignal
): Promise<string> {
  const found = await list()
  const [oldest, ...others] = found
  if (oldest === undefined || oldest.id === mine) {
    await remove(octokit, owner, repo, others, signal)
    return oldest?.url ?? ''
  }
  const url = await update(octokit, owner, repo, oldest.id, body, signal())
  await remove(octokit, owner, repo, others, signal)
  return url
}

async function update(
  octokit: Octokit,
  owner: string,
  repo: string,
  id: number,
  body: string,
  signal: AbortSignal
): Promise<string> {
  const res = await octokit.rest.issues.updateComment({
    owner,
    repo,
    comment_id: id,
    body,
    request: { signal }
  })
  return res.data.html_url
}

/** Deletes duplicates; one already deleted (by the other gate of a race) is no error. */
async function remove(
  octokit: Octokit,
  owner: string,
  repo: string,
  comments: readonly Found[],
  signal: () => AbortSignal
): Promise<void> {
  for (const c of comments) {
    try {
      await octokit.rest.issues.deleteComment({
        owner,
        repo,
        comment_id: c.id,
        request: { signal: signal() }
      })
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e
    }
  }
}

function why(e: unknown, pr: PullRequest, timedOut: boolean): string {
  const status = (e as { status?: number }).status
  if (timedOut || (e instanceof Error && e.name === 'AbortError'))
    return 'GitHub did not answer within the time allowed; the comment was left as it is'
  if (status === 403 && pr.fork)
    return "not written: a pull request from a fork gets a read-only token. To comment anyway, write it from a second workflow on 'workflow_run' (which runs with the base repository's token), from this run's outputs or artifacts. The gate's verdict is unchanged"
  if (status === 401 || status === 403 || status === 404)
    return `GitHub refused to write it (HTTP ${status}). The token needs pull-requests: write: give the job 'permissions: pull-requests: write' (and pass github-token)`
  return `it could not be written${status ? ` (HTTP ${status})` : ''}: ${e instanceof Error ? e.message : String(e)}`
}
