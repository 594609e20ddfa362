import { describe, expect, it } from '@jest/globals'
import { GateError } from '../src/model/errors.js'
import {
  backoffDelay,
  codesOf,
  DEFAULT_RETRY,
  networkFailure,
  parseRetryAfter,
  resolvePolicy,
  serverText,
  sleep,
  statusFailure
} from '../src/http/retry.js'

const NOW = Date.parse('2025-06-01T12:00:00Z')

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120')).toBe(120_000)
    expect(parseRetryAfter(' 3 ')).toBe(3000)
    expect(parseRetryAfter('0')).toBe(0)
    expect(parseRetryAfter('1.5')).toBe(1500)
  })

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', NOW)).toBe(30_000)
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:59:00 GMT', NOW)).toBe(0)
  })

  it('ignores what is neither', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined()
    expect(parseRetryAfter('')).toBeUndefined()
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter('-5')).toBeUndefined()
    expect(parseRetryAfter('2025-99-99')).toBeUndefined()
  })
})

describe('backoffDelay', () => {
  const policy = DEFAULT_RETRY

  it('grows exponentially from baseDelayMs and is capped at maxDelayMs', () => {
    const top = [1, 2, 3, 4, 5, 6].map(n => backoffDelay(n, policy, () => 1))
    expect(top).toEqual([500, 1000, 2000, 4000, 8000, 8000])
    expect(backoffDelay(5000, policy, () => 1)).toBe(8000)
  })

  it('uses full jitter: a uniform pick between 0 and the ceiling', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0)
    expect(backoffDelay(3, policy, () => 0.25)).toBe(500)
    expect(backoffDelay(3, policy, () => 7)).toBe(2000)
  })

  it('is never shorter than a Retry-After, even above the cap', () => {
    expect(backoffDelay(1, policy, () => 0, 3000)).toBe(3000)
    expect(backoffDelay(1, policy, () => 1, 20_000)).toBe(20_000)
    expect(backoffDelay(4, policy, () => 1, 10)).toBe(4000)
  })
})

describe('resolvePolicy', () => {
  it('layers partial policies over the defaults and ignores nonsense', () => {
    expect(resolvePolicy()).toEqual(DEFAULT_RETRY)
    const p = resolvePolicy({ attempts: 2, maxDelayMs: 100 }, { attempts: 0.5, baseDelayMs: -1 })
    expect(p).toEqual({ ...DEFAULT_RETRY, attempts: 1, maxDelayMs: 100 })
    expect(resolvePolicy({ attempts: Number.NaN }).attempts).toBe(4)
  })
})

describe('sleep', () => {
  it('waits', async () => {
    const t = Date.now()
    await sleep(30)
    expect(Date.now() - t).toBeGreaterThanOrEqual(25)
  })

  it('rejects with GateError aborted when the signal fires, and at once when it had', async () => {
    const c = new AbortController()
    const t = Date.now()
    setTimeout(() => c.abort(), 20)
    const e = await sleep(60_000, c.signal).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(GateError)
    expect((e as GateError).kind).toBe('aborted')
    expect(Date.now() - t).toBeLessThan(5000)
    await expect(sleep(60_000, c.signal)).rejects.toMatchObject({ kind: 'aborted' })
  })
})

describe('networkFailure', () => {
  const at = { host: 'h:1', timeoutMs: 30_000, timedOut: false, answered: false }
  const err = (code: string): Error => Object.assign(new Error('boom'), { code })

  it('marks connect-phase errors as safe to repeat', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) {
      const f = networkFailure(err(code), at)
      expect(f).toMatchObject({ kind: 'transient', safeToRepeat: true, code })
      expect(f.cause).toContain('could not connect to h:1')
    }
    expect(networkFailure(err('ECONNREFUSED'), at).cause).toContain('connection refused')
  })

  it('finds codes in causes and AggregateErrors', () => {
    const agg = Object.assign(new AggregateError([err('ECONNREFUSED')], 'x'), {})
    expect(networkFailure(agg, at).safeToRepeat).toBe(true)
    const wrapped = new Error('fetch failed', { cause: err('ENOTFOUND') })
    expect(networkFailure(wrapped, at).code).toBe('ENOTFOUND')
  })

  it('never calls a failure after the response head safe to repeat', () => {
    expect(networkFailure(err('ECONNREFUSED'), { ...at, answered: true }).safeToRepeat).toBe(
      undefined
    )
  })

  it('describes resets and timeouts', () => {
    expect(networkFailure(err('ECONNRESET'), at)).toMatchObject({
      kind: 'transient',
      cause: 'the connection was reset (ECONNRESET)'
    })
    expect(networkFailure(err('UND_ERR_SOCKET'), at).safeToRepeat).toBeUndefined()
    expect(networkFailure(err('UND_ERR_HEADERS_TIMEOUT'), at).cause).toBe('timed out after 30s')
    expect(networkFailure(new Error('x'), { ...at, timedOut: true, timeoutMs: 1500 }).cause).toBe(
      'timed out after 1.5s'
    )
  })

  it('reads what fetch throws: TypeError with the real error in its cause chain', () => {
    const failed = (cause: unknown) => new TypeError('fetch failed', { cause })
    const refused = failed(err('ECONNREFUSED'))
    expect(networkFailure(refused, at)).toMatchObject({ safeToRepeat: true, code: 'ECONNREFUSED' })
    // Happy eyeballs: an AggregateError of per-address errors under the cause.
    const agg = failed(new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')], 'x'))
    expect(networkFailure(agg, at).safeToRepeat).toBe(true)
    const reset = failed(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))
    expect(networkFailure(reset, at).cause).toBe(
      'the connection was closed unexpectedly (UND_ERR_SOCKET)'
    )
    expect(networkFailure(reset, at).safeToRepeat).toBeUndefined()
    expect(networkFailure(failed(failed(err('ECONNRESET'))), at).code).toBe('ECONNRESET')
    const midBody = new TypeError('terminated', { cause: err('UND_ERR_SOCKET') })
    expect(networkFailure(midBody, { ...at, answered: true }).code).toBe('UND_ERR_SOCKET')
    expect(networkFailure(failed(err('UND_ERR_HEADERS_TIMEOUT')), at).cause).toBe(
      'timed out after 30s'
    )
    const proxy = failed(err('UND_ERR_PRX_CONN'))
    expect(networkFailure(proxy, at)).toMatchObject({ safeToRepeat: true })
  })

  it('names the innermost message of an error without a code', () => {
    const f = networkFailure(new TypeError('fetch failed', { cause: new Error('odd thing') }), at)
    expect(f).toMatchObject({ kind: 'transient', cause: 'network error: odd thing' })
    expect(f.safeToRepeat).toBeUndefined()
    const loop: Error & { cause?: unknown } = new Error('loop')
    loop.cause = loop
    expect(networkFailure(loop, at).cause).toBe('network error: loop')
    expect(networkFailure('plain', at).cause).toBe('network error: plain')
  })

  it("calls fetch's blocked port bad input", () => {
    const f = networkFailure(new TypeError('fetch failed', { cause: new Error('bad port') }), at)
    expect(f.kind).toBe('bad-input')
    expect(f.cause).toContain('set api-url to another port')
  })

  it('does not call a certificate problem transient', () => {
    const f = networkFailure(err('CERT_HAS_EXPIRED'), at)
    expect(f.kind).toBe('bad-response')
    expect(f.cause).toContain('NODE_EXTRA_CA_CERTS')
  })
})

describe('codesOf', () => {
  it('walks causes and AggregateErrors, outermost first, and survives cycles', () => {
    const inner = Object.assign(new Error('z'), { code: 'Z_DATA_ERROR' })
    const e: Error & { code?: string; cause?: unknown } = new TypeError('terminated', {
      cause: new AggregateError([inner], 'agg')
    })
    e.code = 'OUTER'
    expect(codesOf(e)).toEqual(['OUTER', 'Z_DATA_ERROR'])
    const loop: Error & { cause?: unknown } = Object.assign(new Error('l'), { code: 'L' })
    loop.cause = loop
    expect(codesOf(loop)).toEqual(['L'])
    expect(codesOf(undefined)).toEqual([])
  })
})

describe('statusFailure', () => {
  it.each([
    [401, 'GET', 'auth'],
    [403, 'PUT', 'auth'],
    [404, 'GET', 'not-found'],
    [409, 'PUT', 'conflict'],
    [422, 'PUT', 'conflict'],
    [400, 'POST', 'rejected'],
    [402, 'GET', 'rejected'],
    [405, 'GET', 'rejected'],
    [410, 'GET', 'rejected'],
    [418, 'GET', 'rejected'],
    [429, 'POST', 'transient'],
    [500, 'GET', 'transient'],
    [500, 'POST', 'conflict'],
    [500, 'PUT', 'conflict'],
    [502, 'GET', 'transient'],
    [503, 'GET', 'transient'],
    [504, 'GET', 'transient'],
    [507, 'GET', 'transient']
  ])('%d on %s is %s', (status, method, kind) => {
    expect(statusFailure(status, method, '', undefined)).toMatchObject({ kind, status })
  })

  it('calls only 429 and 503 with Retry-After safe to repeat', () => {
    expect(statusFailure(429, 'POST', '', undefined).safeToRepeat).toBe(true)
    expect(statusFailure(503, 'POST', '', 1000).safeToRepeat).toBe(true)
    expect(statusFailure(503, 'POST', '', undefined).safeToRepeat).toBe(false)
    expect(statusFailure(502, 'POST', '', 1000).safeToRepeat).toBe(false)
  })
})

describe('serverText', () => {
  it('prefers the useful JSON field over the reason phrase', () => {
    const spring = JSON.stringify({ error: 'Internal Server Error', message: 'Already running' })
    expect(serverText(spring, 'application/json', 500)).toBe('Already running')
    const currents = JSON.stringify({ status: 'FAILED', error: 'Run not found' })
    expect(serverText(currents, 'application/json', 404)).toBe('Run not found')
    const fields = JSON.stringify({ error: 'Bad', fieldErrors: [{ field: 'id', message: 'null' }] })
    expect(serverText(fields, 'application/json', 400)).toBe('Bad — id: null')
    expect(serverText('"Unauthorized"', 'application/json', 401)).toBe('Unauthorized')
  })

  it('uses an HTML title, else plain text, on one line, at most 200 characters', () => {
    const html = '<html><head><title>502 Bad\nGateway</title></head><body>...</body></html>'
    expect(serverText(html, 'text/html', 502)).toBe('502 Bad Gateway')
    expect(serverText('line one\r\n\tline\u0007two', 'text/plain', 500)).toBe('line one line two')
    const long = serverText('x'.repeat(500), 'text/plain', 500)
    expect(long).toBe(`${'x'.repeat(200)}…`)
  })
})
