/**
 * The issue comments of GitHub's REST API, as a pull request's comments are written: list (30
 * a page by default, at most 100, with a `Link` header to the next and last page), create,
 * update, delete. A fork's pull request run gets a read-only token: it may read, and every
 * write answers 403 "Resource not accessible by integration".
 */
import type { RecordedRequest, SimResponse } from './http.js'
import { isObject, json, queryOne } from './http.js'

export interface IssueComment {
  id: number
  owner: string
  repo: string
  issue: number
  body: string
  /** Every body it had, the first one first. */
  bodies: string[]
  createdAt: number
}

const DOCS = 'https://docs.github.com/rest/issues/comments'

const gh = (status: number, message: string): SimResponse =>
  json(status, { message, documentation_url: DOCS, status: String(status) })

export class CommentsSim {
  readonly comments: IssueComment[] = []
  private nextId = 9_100_001
  private readonly baseUrl: () => string

  constructor(baseUrl: () => string) {
    this.baseUrl = baseUrl
  }

  /** The comments of one pull request, oldest first. */
  of(issue: number, repo = 'acme/shop'): IssueComment[] {
    return this.comments.filter(c => `${c.owner}/${c.repo}` === repo && c.issue === issue)
  }

  /** A comment someone else wrote (a reviewer, another bot). */
  add(issue: number, body: string, repo = 'acme/shop'): IssueComment {
    const [owner, name] = repo.split('/')
    const c: IssueComment = {
      id: this.nextId++,
      owner,
      repo: name,
      issue,
      body,
      bodies: [body],
      createdAt: Date.now()
    }
    this.comments.push(c)
    return c
  }

  /** Answers the request when it is about issue comments, else undefined. */
  handle(req: RecordedRequest, readOnly: boolean): SimResponse | undefined {
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments\/?$/.exec(req.path)
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)\/?$/.exec(req.path)
    if (!list && !one) return undefined
    if (readOnly && req.method !== 'GET') return gh(403, 'Resource not accessible by integration')
    if (list && req.method === 'GET') return this.page(req, list[1], list[2], Number(list[3]))
    if (list && req.method === 'POST') {
      const body = isObject(req.body) ? req.body['body'] : undefined
      if (typeof body !== 'string') return gh(422, 'Invalid request.\n\n"body" wasn\'t supplied.')
      if (body.length > 65_536) return gh(422, 'Body is too long (maximum is 65536 characters)')
      const c = this.add(Number(list[3]), body, `${list[1]}/${list[2]}`)
      return json(201, this.render(c))
    }
    const c = one ? this.comments.find(x => x.id === Number(one[3])) : undefined
    if (!c) return gh(404, 'Not Found')
    if (req.method === 'PATCH') {
      const body = isObject(req.body) ? req.body['body'] : undefined
      if (typeof body !== 'string') return gh(422, 'Invalid request.\n\n"body" wasn\'t supplied.')
      if (body.length > 65_536) return gh(422, 'Body is too long (maximum is 65536 characters)')
      c.body = body
      c.bodies.push(body)
      return json(200, this.render(c))
    }
    if (req.method === 'DELETE') {
      this.comments.splice(this.comments.indexOf(c), 1)
      return { status: 204, contentType: 'text/plain', body: '' }
    }
    return gh(404, 'Not Found')
  }

  private page(req: RecordedRequest, owner: string, repo: string, issue: number): SimResponse {
    const perPage = Math.min(100, Math.max(1, Number(queryOne(req, 'per_page') ?? 30) || 30))
    const page = Math.max(1, Number(queryOne(req, 'page') ?? 1) || 1)
    const all = this.of(issue, `${owner}/${repo}`)
    const last = Math.max(1, Math.ceil(all.length / perPage))
    const url = (p: number) =>
      `${this.baseUrl()}/repos/${owner}/${repo}/issues/${issue}/comments?per_page=${perPage}&page=${p}`
    const links = [
      page < last ? `<${url(page + 1)}>; rel="next"` : '',
      page < last ? `<${url(last)}>; rel="last"` : ''
    ].filter(Boolean)
    const items = all.slice((page - 1) * perPage, page * perPage).map(c => this.render(c))
    return json(200, items, links.length ? { link: links.join(', ') } : undefined)
  }

  private render(c: IssueComment): Record<string, unknown> {
    const at = new Date(c.createdAt).toISOString()
    return {
      id: c.id,
      node_id: `IC_sim${c.id}`,
      url: `${this.baseUrl()}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.baseUrl()}/repos/${c.owner}/${c.repo}/issues/${c.issue}`,
      body: c.body,
      user: { login: 'github-actions[bot]', type: 'Bot' },
      created_at: at,
      updated_at: at
    }
  }
}
