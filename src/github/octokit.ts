/**
 * The one way to make an Octokit (the check run; the pull request comment): imported only when
 * needed, so other steps don't pay its start-up cost, and sending through the bounded fetch
 * (http/bounded-fetch.ts) so that no GitHub answer can cost more memory than it should.
 */
import { boundedFetch } from '../http/bounded-fetch.js'

export type Octokit = ReturnType<typeof import('@actions/github').getOctokit>

export async function createOctokit(token: string, baseUrl: string): Promise<Octokit> {
  const { getOctokit } = await import('@actions/github')
  return getOctokit(token, { baseUrl, request: { fetch: boundedFetch() } })
}
