/**
 * Errors are values with a kind and a message for a human. Only the entry points turn them
 * into exit codes; everything below them throws or returns GateError.
 */
export type ErrorKind =
  | 'bad-input' // a workflow input is wrong: fix the workflow file
  | 'auth' // 401/403: the key was rejected
  | 'not-found' // 404 of something that should exist
  | 'conflict' // the service refused the operation in the run's current state (409/422/500 on a write)
  | 'rejected' // any other 4xx: the service refused the request as we sent it
  | 'transient' // network trouble, timeouts, 429, 5xx: worth another try
  | 'bad-response' // the answer was not what the API documents
  | 'aborted' // our own AbortSignal fired (cancellation or deadline)

export class GateError extends Error {
  readonly kind: ErrorKind
  /** HTTP status, when the error came from a response. */
  readonly status?: number
  /** Server's Retry-After, in ms, when it sent one. */
  readonly retryAfterMs?: number
  /**
   * A write (POST) failed after it may have reached the server (timeout, reset, 502/504), so
   * it was not repeated: a run may have started anyway (API.md: never blindly retry a POST).
   */
  readonly mayHaveReachedServer?: boolean
  /**
   * Where a request went (origin and path, no query), when the error came from one: a wait
   * that ends on failures names it, since a wrong api-url is the usual cause.
   */
  readonly url?: string
  /**
   * A request cut short (aborted) after attempts that had failed: the last of those failures,
   * so that a deadline does not hide why nothing was answered.
   */
  readonly lastFailure?: GateError

  constructor(
    kind: ErrorKind,
    message: string,
    extra: {
      status?: number
      retryAfterMs?: number
      mayHaveReachedServer?: boolean
      url?: string
      lastFailure?: GateError
      cause?: unknown
    } = {}
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause })
    this.name = 'GateError'
    this.kind = kind
    this.status = extra.status
    this.retryAfterMs = extra.retryAfterMs
    if (extra.mayHaveReachedServer) this.mayHaveReachedServer = true
    if (extra.url !== undefined) this.url = extra.url
    if (extra.lastFailure !== undefined) this.lastFailure = extra.lastFailure
  }
}

/** An input error: the message names the input, the bad value and what is accepted. */
export function badInput(input: string, message: string): GateError {
  // One line, whatever the bad value held: the runner shows one ::error:: per line.
  return new GateError('bad-input', `Input '${input}': ${message.replace(/\s+/g, ' ')}`)
}

export function isGateError(e: unknown, kind?: ErrorKind): e is GateError {
  return e instanceof GateError && (kind === undefined || e.kind === kind)
}

/** A one-line description of any thrown value, for logs and ::error:: lines. */
export function describeError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e)
  return text.replace(/\s+/g, ' ').trim()
}
