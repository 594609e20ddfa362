/** What the workflow's event payload (GITHUB_EVENT_PATH) says about the pull request, if any. */
import { readFileSync } from 'node:fs'
import type { GithubContext } from '../settings/settings.js'

export interface PullRequest {
  number: number
  headSha?: string
  /** Its head is in another repository: the token of a `pull_request` run is read-only. */
  fork: boolean
}

type Payload = {
  pull_request?: {
    number?: unknown
    head?: { sha?: unknown; repo?: { full_name?: unknown } | null }
    base?: { repo?: { full_name?: unknown } | null }
  }
}

function payload(github: GithubContext): Payload {
  try {
    if (github.eventPath) return JSON.parse(readFileSync(github.eventPath, 'utf8')) as Payload
  } catch {
    // An unreadable payload is no reason to fail: it is read as no pull request.
  }
  return {}
}

/** The pull request of a pull_request (or pull_request_target, review...) event. */
export function pullRequestOf(github: GithubContext): PullRequest | undefined {
  const pr = payload(github).pull_request
  if (!pr || typeof pr.number !== 'number' || !Number.isSafeInteger(pr.number)) return undefined
  const sha = pr.head?.sha
  const head = pr.head?.repo?.full_name
  const base = pr.base?.repo?.full_name
  return {
    number: pr.number,
    ...(typeof sha === 'string' && sha !== '' ? { headSha: sha } : {}),
    fork: typeof head === 'string' && typeof base === 'string' && head !== base
  }
}

/** The pull request's head commit from the event payload, else GITHUB_SHA. */
export function headSha(github: GithubContext): string {
  const sha = payload(github).pull_request?.head?.sha
  return typeof sha === 'string' && sha !== '' ? sha : github.sha
}
