/**
 * A fetch for clients that make their own requests (Octokit): the same bounds as the provider
 * client (http.ts) on what an answer may cost, so that no server, GitHub's included, can drive
 * the step's memory up with a huge or endlessly decompressing body. Octokit has only a timeout.
 */
import { Response, type fetch } from 'undici'
import { readBody } from './body.js'
import { proxiedFetch } from './transport.js'

/** GitHub's answers to a check run or a comment are kilobytes; a page of them, a few MB. */
export const MAX_GITHUB_ANSWER_BYTES = 10 * 1024 * 1024

/** Statuses whose Response may carry no body (the Fetch standard's null body statuses). */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

export function boundedFetch(
  cap = MAX_GITHUB_ANSWER_BYTES,
  send: typeof fetch = proxiedFetch()
): typeof fetch {
  return async (input, init) => {
    const res = await send(input, init)
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => {
      headers[k] = v
    })
    const body = await readBody(res, headers, cap)
    if (body === 'too-big') throw new Error(`the answer was over ${cap} bytes; it was refused`)
    if (!Buffer.isBuffer(body))
      throw new Error(`the answer could not be decoded (${body.encoding})`)
    // The body is decoded already: its coding and length headers no longer describe it.
    const kept = new Headers(res.headers as unknown as Headers)
    kept.delete('content-encoding')
    kept.delete('content-length')
    return new Response(NULL_BODY.has(res.status) ? null : body, {
      status: res.status,
      statusText: res.statusText,
      headers: kept as unknown as Record<string, string>
    })
  }
}
