/**
 * The one place an Octokit client is made, for the check run and the pull request comment.
 * Imported only when one of them is asked for, so other steps don't pay its start-up cost.
 */
export type Octokit = ReturnType<typeof import('@actions/github').getOctokit>

export function octokitClient(token: string, apiUrl: string): Promise<Octokit> {
  return import('@actions/github').then(m => m.getOctokit(token, { baseUrl: apiUrl }))
}
