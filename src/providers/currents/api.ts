/**
 * The Currents API client (API.md "Currents"): every call unwraps the `{status: "OK", data}`
 * envelope; each endpoint module (find, cancel, runs, last-run) builds on it.
 */
import type { HttpClient, RequestSpec } from '../../http/http.js'
import { GateError } from '../../model/errors.js'
import type { Credential, CurrentsSettings, GithubContext } from '../../settings/settings.js'
import { obj } from '../wire.js'

export interface Answer {
  status: number
  data: unknown
  attempts: number
  /** An expected error answer's `error` text (`{status: "FAILED", error}`). */
  error?: string
}

export interface CurrentsApi {
  readonly settings: CurrentsSettings
  /** The key held: the cancels pick their endpoint by it (cancel.ts). */
  readonly credential: Credential
  readonly github: GithubContext
  readonly http: HttpClient
  /**
   * Calls the API; a 2xx answer must be the envelope, whose `data` it answers, unless
   * `anyBody`: a write whose status says it all.
   */
  call(spec: RequestSpec, anyBody?: boolean): Promise<Answer>
}

export function currentsApi(
  settings: CurrentsSettings,
  github: GithubContext,
  http: HttpClient,
  credential: Credential
): CurrentsApi {
  return {
    settings,
    credential,
    github,
    http,
    async call(spec, anyBody = false) {
      const res = await http.request(spec)
      if (res.status >= 300) {
        const error = obj(res.body).error
        return {
          status: res.status,
          data: undefined,
          attempts: res.attempts,
          error: typeof error === 'string' ? error : undefined
        }
      }
      const body = obj(res.body)
      if (anyBody && !('data' in body))
        return { status: res.status, data: body, attempts: res.attempts }
      if (String(body.status).toUpperCase() !== 'OK' || !('data' in body)) {
        throw new GateError(
          'bad-response',
          `${spec.what}: the answer is not the documented {status: "OK", data} envelope`
        )
      }
      return { status: res.status, data: body.data, attempts: res.attempts }
    }
  }
}
