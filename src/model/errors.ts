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

  constructor(
    kind: ErrorKind,
    message: string,
    extra: {
      status?: number
      retryAfterMs?: number
      mayHaveReachedServer?: boolean
      cause?: unknown
    } = {}
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause })
    this.name = 'GateError'
    this.kind = kind
    this.status = extra.status
    this.retryAfterMs = extra.retryAfterMs
    if (extra.mayHaveReachedServer) this.mayHaveReachedServer = true
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
