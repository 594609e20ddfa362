/**
 * The GitHub API (`/github`, the action's GITHUB_API_URL): create and update check runs,
 * keeping every create/patch body so tests can read a check's whole history; and a pull
 * request's comments (github-comments.ts).
 */
import type { Handler, SimResponse } from './http.js'
import { credential, isObject, json } from './http.js'
import { CommentsSim } from './github-comments.js'

export interface CheckRunRecord {
  id: number
  owner: string
  repo: string
  /** The check as the API would answer it now (create body merged with every patch). */
  current: Record<string, unknown>
  /** Every create/patch body, in order. */
  history: Array<{ method: 'POST' | 'PATCH'; body: unknown; at: number }>
  /** Every annotation received, in order: GitHub appends each call's to the earlier ones. */
  annotations: unknown[]
}

/** The checks API takes at most 50 annotations per call. */
export const MAX_ANNOTATIONS_PER_CALL = 50

const DOCS = 'https://docs.github.com/rest/checks/runs'

const gh = (status: number, message: string): SimResponse =>
  json(status, { message, documentation_url: DOCS, status: String(status) })

/** The token a fork's pull request run gets: it reads, and every write is refused. */
export const FORK_TOKEN = 'gh-fork-read-only-token'

export class GithubSim {
  /** Every request answers 403 "Resource not accessible by integration" while set. */
  forbid = false
  readonly checkRuns: CheckRunRecord[] = []
  /** Issue (pull request) comments. */
  readonly comments: CommentsSim
  private nextId = 7001
  private readonly token: string
  private readonly baseUrl: () => string

  constructor(token: string, baseUrl: () => string) {
    this.token = token
    this.baseUrl = baseUrl
    this.comments = new CommentsSim(baseUrl)
  }

  /** The check run with this id, or the last one with this name. */
  getCheck(idOrName: number | string): CheckRunRecord | undefined {
    if (typeof idOrName === 'number') return this.checkRuns.find(c => c.id === idOrName)
    return this.checkRuns.findLast(c => c.current['name'] === idOrName)
  }

  handle: Handler = req => {
    const token = credential(req, ['token', 'bearer'])
    if (token !== this.token && token !== FORK_TOKEN) return gh(401, 'Bad credentials')
    if (this.forbid) return gh(403, 'Resource not accessible by integration')
    const comment = this.comments.handle(req, token === FORK_TOKEN)
    if (comment) return comment
    if (token === FORK_TOKEN && req.method !== 'GET')
      return gh(403, 'Resource not accessible by integration')
    const m = /^\/repos\/([^/]+)\/([^/]+)\/check-runs(?:\/(\d+))?\/?$/.exec(req.path)
    if (!m) return gh(404, 'Not Found')
    const [, owner, repo, idText] = m
    const body = req.body
    const sent = isObject(body) && isObject(body['output']) ? body['output']['annotations'] : []
    const annotations = Array.isArray(sent) ? sent : []
    if (annotations.length > MAX_ANNOTATIONS_PER_CALL) {
      return gh(
        422,
        `Invalid request.\n\nOnly ${MAX_ANNOTATIONS_PER_CALL} annotations are allowed per request.`
      )
    }
    if (req.method === 'POST' && idText === undefined) {
      if (!isObject(body)) return gh(400, 'Problems parsing JSON')
      for (const field of ['name', 'head_sha']) {
        if (typeof body[field] !== 'string' || body[field] === '') {
          return gh(422, `Invalid request.\n\n"${field}" wasn't supplied.`)
        }
      }
      const id = this.nextId++
      const now = new Date(req.at).toISOString()
      const current: Record<string, unknown> = {
        node_id: `CR_sim${id}`,
        name: body['name'],
        head_sha: body['head_sha'],
        external_id: '',
        status: 'queued',
        conclusion: null,
        started_at: now,
        completed_at: null,
        details_url: null,
        output: { title: null, summary: null, text: null, annotations_count: 0 },
        ...body,
        id,
        url: `${this.baseUrl()}/repos/${owner}/${repo}/check-runs/${id}`,
        html_url: `https://github.com/${owner}/${repo}/runs/${id}`
      }
      if (body['conclusion'] !== undefined) current['status'] = 'completed'
      const record: CheckRunRecord = { id, owner, repo, current, history: [], annotations: [] }
      record.history.push({ method: 'POST', body, at: req.at })
      this.annotate(record, annotations)
      this.checkRuns.push(record)
      return json(201, current)
    }
    if (req.method === 'PATCH' && idText !== undefined) {
      const record = this.checkRuns.find(
        c => c.id === Number(idText) && c.owner === owner && c.repo === repo
      )
      if (!record) return gh(404, 'Not Found')
      if (!isObject(body)) return gh(400, 'Problems parsing JSON')
      record.history.push({ method: 'PATCH', body, at: req.at })
      const output = isObject(body['output'])
        ? { ...(record.current['output'] as object), ...body['output'] }
        : record.current['output']
      Object.assign(record.current, body, { id: record.id, output })
      this.annotate(record, annotations)
      if (body['conclusion'] !== undefined) record.current['status'] = 'completed'
      if (record.current['status'] === 'completed' && record.current['completed_at'] === null) {
        record.current['completed_at'] = new Date(req.at).toISOString()
      }
      return json(200, record.current)
    }
    return gh(404, 'Not Found')
  }

  /** Annotations are kept apart (GET .../annotations on GitHub); the output counts them. */
  private annotate(record: CheckRunRecord, annotations: unknown[]): void {
    record.annotations.push(...annotations)
    const output = { ...(record.current['output'] as Record<string, unknown>) }
    delete output['annotations']
    output['annotations_count'] = record.annotations.length
    record.current['output'] = output
  }
}
