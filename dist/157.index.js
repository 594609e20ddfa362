export const id = 157;
export const ids = [157];
export const modules = {

/***/ 8157:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCli: () => (/* binding */ runCli)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"0.1.0"};
;// CONCATENATED MODULE: ./src/model/errors.ts
class GateError extends Error {
    kind;
    /** HTTP status, when the error came from a response. */
    status;
    /** Server's Retry-After, in ms, when it sent one. */
    retryAfterMs;
    /**
     * A write (POST) failed after it may have reached the server (timeout, reset, 502/504), so
     * it was not repeated: a run may have started anyway (API.md: never blindly retry a POST).
     */
    mayHaveReachedServer;
    /**
     * Where a request went (origin and path, no query), when the error came from one: a wait
     * that ends on failures names it, since a wrong api-url is the usual cause.
     */
    url;
    /**
     * A request cut short (aborted) after attempts that had failed: the last of those failures,
     * so that a deadline does not hide why nothing was answered.
     */
    lastFailure;
    constructor(kind, message, extra = {}) {
        super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
        this.name = 'GateError';
        this.kind = kind;
        this.status = extra.status;
        this.retryAfterMs = extra.retryAfterMs;
        if (extra.mayHaveReachedServer)
            this.mayHaveReachedServer = true;
        if (extra.url !== undefined)
            this.url = extra.url;
        if (extra.lastFailure !== undefined)
            this.lastFailure = extra.lastFailure;
    }
}
/** An input error: the message names the input, the bad value and what is accepted. */
function badInput(input, message) {
    // One line, whatever the bad value held: the runner shows one ::error:: per line.
    return new GateError('bad-input', `Input '${input}': ${message.replace(/\s+/g, ' ')}`);
}
function isGateError(e, kind) {
    return e instanceof GateError && (kind === undefined || e.kind === kind);
}
/** A one-line description of any thrown value, for logs and ::error:: lines. */
function describeError(e) {
    const text = e instanceof Error ? e.message : String(e);
    return text.replace(/\s+/g, ' ').trim();
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/waiting/timers.ts
/**
 * Timers for durations people type: Node's setTimeout holds at most 2^31-1 ms (about 24.8
 * days) and fires a longer one after 1 ms, which turned `poll-interval: 600h` into a busy loop.
 * These chain safe pieces instead.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Calls fn after ms (any length); answers a function that cancels it. */
function after(ms, fn) {
    let timer;
    const arm = (left) => {
        const piece = Math.min(left, MAX_TIMER_MS);
        timer = setTimeout(() => (left > piece ? arm(left - piece) : fn()), piece);
    };
    arm(Number.isFinite(ms) ? Math.max(0, ms) : MAX_TIMER_MS * 1000);
    return () => clearTimeout(timer);
}
/** A signal that aborts after ms with `reason`; `clear` stops the timer (call it when done). */
function timeoutSignal(ms, reason) {
    const controller = new AbortController();
    const clear = after(ms, () => controller.abort(new Error(reason)));
    return { signal: controller.signal, clear };
}
/** Resolves after ms; rejects with onAbort() as soon as the signal fires. */
function sleepFor(ms, signal, onAbort) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(onAbort());
        const abort = () => {
            cancel();
            reject(onAbort());
        };
        const cancel = after(ms, () => {
            signal?.removeEventListener('abort', abort);
            resolve();
        });
        signal?.addEventListener('abort', abort, { once: true });
    });
}

;// CONCATENATED MODULE: ./src/http/retry.ts
/**
 * What a failed HTTP attempt means (its GateError kind, and whether sending it again is safe)
 * and how long to wait before the next one. Pure functions plus the one real-timer sleep, so
 * the client's retry loop can be tested without waiting.
 */



const DEFAULT_RETRY = {
    attempts: 4,
    baseDelayMs: 500,
    maxDelayMs: 8000,
    maxRetryAfterMs: 60_000
};
function resolvePolicy(...layers) {
    const p = { ...DEFAULT_RETRY };
    for (const layer of layers) {
        for (const key of Object.keys(DEFAULT_RETRY)) {
            const v = layer?.[key];
            if (typeof v === 'number' && Number.isFinite(v) && v >= 0)
                p[key] = v;
        }
    }
    p.attempts = Math.max(1, Math.floor(p.attempts));
    return p;
}
/**
 * Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms, never negative.
 * Anything else is ignored: a date parser would read a bare "1" as the year 2001.
 */
function parseRetryAfter(value, now = Date.now()) {
    const v = value?.trim();
    if (!v)
        return undefined;
    if (/^\d+(\.\d+)?$/.test(v))
        return Math.round(Number(v) * 1000);
    if (!/[a-z]/i.test(v))
        return undefined;
    const at = Date.parse(v);
    return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
/**
 * Delay before the retry that follows failed attempt number `attempt` (1-based): "full jitter"
 * (a uniform pick below an exponentially growing, capped ceiling) so that many jobs hit by the
 * same outage do not retry in step; never shorter than the server's Retry-After.
 */
function backoffDelay(attempt, policy, random, retryAfterMs) {
    const exp = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
    const ceiling = Math.min(policy.maxDelayMs, exp);
    const r = Math.min(1, Math.max(0, random()));
    const jittered = Math.round(r * ceiling);
    return Math.max(jittered, retryAfterMs ?? 0);
}
/** Real-timer sleep that ends early, with GateError 'aborted', when the signal fires. */
function retry_sleep(ms, signal) {
    return sleepFor(ms, signal, () => abortedError('waiting to retry', signal));
}
function abortedError(what, signal, lastFailure) {
    return new GateError('aborted', `${what}: aborted`, { cause: signal?.reason, lastFailure });
}
// Connect-phase failures: no byte of the request was written (API.md: "connection refused, DNS").
const NOT_SENT = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host name not found',
    EAI_AGAIN: 'DNS lookup failed (temporary)',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    UND_ERR_CONNECT_TIMEOUT: 'timed out connecting',
    UND_ERR_PRX_CONN: 'could not connect through the proxy'
};
const AFTER_SEND = {
    ECONNRESET: 'the connection was reset',
    EPIPE: 'the connection was closed while sending',
    ETIMEDOUT: 'the connection timed out',
    UND_ERR_SOCKET: 'the connection was closed unexpectedly',
    UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the response was cut off',
    UND_ERR_CLOSED: 'the connection was closed',
    UND_ERR_DESTROYED: 'the connection was closed',
    UND_ERR_ABORTED: 'the request was aborted'
};
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/**
 * Every error code in an error and its `cause` chain, outermost first: fetch rejects with
 * TypeError('fetch failed') (or, mid-body, 'terminated') whose cause is the real error.
 */
function codesOf(e) {
    const out = [];
    const seen = new Set();
    const walk = (x) => {
        if (x === null || typeof x !== 'object' || seen.has(x))
            return;
        seen.add(x);
        const o = x;
        if (typeof o.code === 'string')
            out.push(o.code);
        walk(o.cause);
        // Node's happy-eyeballs connect fails with an AggregateError of per-address errors.
        if (Array.isArray(o.errors))
            o.errors.forEach(walk);
    };
    walk(e);
    return out;
}
/**
 * The innermost message: "fetch failed" and "terminated" say nothing, their causes do. Duck
 * typed: an error from another realm (fetch's, under a test runner's vm) is no `instanceof Error`.
 */
function innermostMessage(e) {
    let message = String(e);
    const seen = new Set();
    for (let x = e; x !== null && typeof x === 'object' && !seen.has(x);) {
        seen.add(x);
        const o = x;
        if (typeof o.message === 'string' && o.message)
            message = o.message;
        x = o.cause;
    }
    return message;
}
/**
 * A thrown request error (fetch's, with its cause chain). `answered`: the response head had
 * arrived, so whatever failed afterwards, the request had reached the server.
 */
function networkFailure(e, at) {
    const codes = codesOf(e);
    const slow = at.timedOut ? 'timeout' : codes.find(c => TIMEOUTS.has(c));
    const base = { kind: 'transient', error: e };
    if (slow)
        return { ...base, cause: `timed out after ${formatSeconds(at.timeoutMs)}`, code: slow };
    const early = at.answered ? undefined : codes.find(c => NOT_SENT[c]);
    if (early) {
        const cause = `could not connect to ${at.host}: ${NOT_SENT[early]} (${early})`;
        return { ...base, cause, code: early, safeToRepeat: true };
    }
    const late = codes.find(c => AFTER_SEND[c]);
    if (late)
        return { ...base, cause: `${AFTER_SEND[late]} (${late})`, code: late };
    const tls = codes.find(c => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(c));
    if (tls) {
        // A certificate problem does not go away within seconds: not transient.
        const cause = `the TLS certificate of ${at.host} was not accepted (${tls}); behind a TLS-inspecting proxy, set NODE_EXTRA_CA_CERTS`;
        return { ...base, kind: 'bad-response', cause, code: tls };
    }
    const text = innermostMessage(e);
    if (text === 'bad port') {
        // fetch never connects to the ports browsers block (6000, 6667, 10080, ...): not transient.
        const cause = `fetch refuses to connect to this port (one that browsers block, e.g. 6000 or 10080): set api-url to another port`;
        return { ...base, kind: 'bad-input', cause, code: 'bad port' };
    }
    return {
        ...base,
        cause: `network error${codes[0] ? ` (${codes[0]})` : ''}: ${text}`,
        code: codes[0]
    };
}
/** Status classes from API.md; 500 on a write is Testsigma's "already running" refusal. */
function statusFailure(status, method, said, retryAfterMs) {
    const http = `HTTP ${status}${external_node_http_.STATUS_CODES[status] ? ` ${external_node_http_.STATUS_CODES[status]}` : ''}`;
    const base = { status, retryAfterMs, kind: 'transient' };
    const words = said ? `; the server said: ${said}` : '';
    if (status === 401 || status === 403) {
        const hint = status === 403 && method !== 'GET' ? ' — is it a read-only key?' : '';
        const cause = `the API key was rejected (HTTP ${status})${words}${hint}`;
        return { ...base, kind: 'auth', cause };
    }
    if (status === 404)
        return { ...base, kind: 'not-found', cause: `not found (${http})${words}` };
    if (status === 409 || status === 422)
        return { ...base, kind: 'conflict', cause: http + words };
    if (status === 429)
        return { ...base, cause: `rate limited (${http})${words}`, safeToRepeat: true };
    if (status >= 400 && status < 500)
        return { ...base, kind: 'rejected', cause: http + words };
    if (status === 500 && method !== 'GET')
        return { ...base, kind: 'conflict', cause: http + words };
    // A 503 with Retry-After is the server saying it did not take the request on.
    const safeToRepeat = status === 503 && retryAfterMs !== undefined;
    if (status >= 500)
        return { ...base, cause: http + words, safeToRepeat };
    return { ...base, kind: 'bad-response', cause: `unexpected ${http}${words}` };
}
/**
 * At most 200 characters of the server's own words, on one line: JSON `error`/`message`
 * (Currents, Testsigma, Spring) and Testsigma's `fieldErrors`, an HTML page's title, or the text.
 */
function serverText(text, mime, status) {
    let out = '';
    const parsed = parseJson(text);
    if (parsed.ok && typeof parsed.value === 'string')
        out = parsed.value;
    else if (parsed.ok && parsed.value && typeof parsed.value === 'object') {
        const o = parsed.value;
        const err = o.error;
        const parts = [typeof err === 'string' ? err : err?.message, o.message];
        if (Array.isArray(o.fieldErrors)) {
            for (const fe of o.fieldErrors) {
                if (typeof fe?.message === 'string')
                    parts.push(`${String(fe.field ?? '')}: ${fe.message}`);
            }
        }
        const strings = [...new Set(parts.filter((p) => typeof p === 'string' && !!p))];
        // Spring puts the reason phrase in `error` and the useful text in `message`.
        const phrase = (external_node_http_.STATUS_CODES[status] ?? '').toLowerCase();
        const useful = strings.filter(s => s.toLowerCase() !== phrase);
        out = (useful.length ? useful : strings).join(' — ');
    }
    else if (/html/.test(mime) || /^\s*</.test(text)) {
        out = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? '';
    }
    else
        out = text;
    // eslint-disable-next-line no-control-regex
    out = out.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
    return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}
/**
 * An integer past 2^53 (a run id, say) is kept as the digits the server sent: as a number it
 * would silently become another id. JSON.parse's source text access (Node 21+) gives them.
 */
const exactIntegers = (_key, value, context) => typeof value === 'number' && !Number.isSafeInteger(value) && /^-?\d+$/.test(context?.source ?? '')
    ? context?.source
    : value;
/**
 * A number of 16 digits or more somewhere in the text (a value, not a string). Only then is the
 * reviver worth its cost: it runs for every value, which on a 10,000-spec run doubled the CPU of
 * a poll (bench).
 */
const LONG_INTEGER = /[:,[]\s*-?\d{16,}/;
function parseJson(text) {
    try {
        const reviver = LONG_INTEGER.test(text)
            ? exactIntegers
            : undefined;
        return { ok: true, value: JSON.parse(text, reviver) };
    }
    catch {
        return { ok: false };
    }
}
function formatSeconds(ms) {
    const s = ms / 1000;
    return Number.isInteger(s) ? `${s}s` : `${s.toFixed(1)}s`;
}

;// CONCATENATED MODULE: ./src/http/body.ts
/**
 * Reading an answer: its body, bounded in bytes whatever its coding, and what a redirect meant
 * (the client follows none). Used by the API client (http.ts) and Octokit's fetch
 * (bounded-fetch.ts).
 */

const MiB = 1024 * 1024;
/** The codings fetch decodes by itself. */
const DECODED = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'zstd']);
function redirectCause(status, location, url) {
    let to = 'no usable Location';
    try {
        const target = new URL(location ?? '', url);
        if (location) {
            to = target.origin === url.origin ? `another path on ${url.origin}` : target.origin;
        }
    }
    catch {
        // an unparsable Location: say so without echoing it
    }
    return `the API answered with a redirect (HTTP ${status}) to ${to}; it was not followed, so that the API key goes nowhere else: set api-url to the final URL`;
}
/**
 * The body as fetch decoded it, read only up to `cap` bytes: a declared content-length over it
 * is refused unread, and the stream is cancelled (the connection closed) as soon as there are
 * more. A body in a coding fetch does not decode is refused unread. Counting decoded bytes caps
 * decompression too: a 4 MB gzip stream of 4 GiB stops at `cap`.
 */
async function readBody(res, headers, cap) {
    if (Number(headers['content-length']) > cap) {
        discard(res);
        return 'too-big';
    }
    const codings = (headers['content-encoding'] ?? '')
        .toLowerCase()
        .split(',')
        .map(c => c.trim())
        .filter(Boolean);
    // fetch decodes all of the codings or none of them ("gzip, identity": none).
    const decoded = codings.filter(c => c !== 'identity').length > 0;
    if (decoded && !codings.every(c => DECODED.has(c))) {
        discard(res);
        return { encoding: codings.join(', ') };
    }
    if (!res.body)
        return Buffer.alloc(0);
    const chunks = [];
    let size = 0;
    const reader = res.body.getReader();
    try {
        for (;;) {
            const { done, value } = await reader.read();
            if (done)
                break;
            size += value.byteLength;
            if (size > cap) {
                reader.cancel().catch(() => { });
                return 'too-big';
            }
            chunks.push(value);
        }
    }
    catch (error) {
        // A known coding that fails to decode: fetch ends the stream with the zlib error as cause.
        if (decoded && codesOf(error).some(c => /^(Z_|ERR__ERROR|ERR_BROTLI|ERR_ZSTD)/.test(c))) {
            return { encoding: codings.join(', '), error };
        }
        throw error;
    }
    return Buffer.concat(chunks, size);
}
/** Closes a body we will not read (fetch then drops the connection if it was not all read). */
function discard(res) {
    res.body?.cancel().catch(() => { });
}
function formatBytes(n) {
    if (n >= MiB)
        return `${+(n / MiB).toFixed(1)} MiB`;
    if (n >= 1024)
        return `${+(n / 1024).toFixed(1)} KiB`;
    return `${n} bytes`;
}

;// CONCATENATED MODULE: ./src/http/proxy.ts

function envOf(env, name) {
    const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
}
/**
 * The proxy configured for a URL's protocol, picked as EnvHttpProxyAgent picks it (an https:
 * request falls back to HTTP_PROXY). NO_PROXY is not read: proxyFailure() tells from the error
 * whether a failed request went through it.
 */
function configuredProxy(url, env) {
    const http = envOf(env, 'http_proxy');
    return url.protocol === 'https:' ? (envOf(env, 'https_proxy') ?? http) : http;
}
/** A proxy URL for messages: credentials removed. */
function proxyLabel(proxy) {
    try {
        const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
        return `${u.protocol}//${u.host}`;
    }
    catch {
        return 'the configured proxy';
    }
}
/** Every object in an error's cause chain (and AggregateError members). */
function chain(e) {
    const out = [];
    const walk = (x) => {
        if (x === null || typeof x !== 'object' || out.includes(x))
            return;
        const o = x;
        out.push(o);
        walk(o.cause);
        if (Array.isArray(o.errors))
            o.errors.forEach(walk);
    };
    walk(e);
    return out;
}
/**
 * The failure, when it happened at the proxy: a refused CONNECT (undici: "Proxy response (403)
 * !== 200 when HTTP Tunneling", "Proxy Authentication Required (407)"), undici's proxy
 * connection errors, or a connection that failed to the proxy's own address. Nothing reached
 * the API then, so a repeat is always safe.
 */
function proxyFailure(e, proxy) {
    const label = proxyLabel(proxy);
    let host = '';
    let port = 0;
    try {
        const u = new URL(label);
        host = u.hostname.replace(/^\[|\]$/g, '');
        port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
    }
    catch {
        // an unparsable proxy: only undici's own proxy errors are recognised
    }
    const links = chain(e);
    const said = links
        .map(o => (typeof o.message === 'string' ? o.message : ''))
        .find(m => /^Proxy /.test(m));
    const status = Number(/\((\d{3})\)/.exec(said ?? '')?.[1]) || undefined;
    if (status !== undefined) {
        const cause = `the proxy ${label} refused the connection (HTTP ${status})`;
        const transient = status >= 500 || status === 429;
        return {
            kind: transient ? 'transient' : 'rejected',
            cause,
            status,
            safeToRepeat: true,
            error: e
        };
    }
    const codes = codesOf(e);
    const atProxy = links.some(o => o.address === host && Number(o.port) === port);
    if (said || atProxy || codes.some(c => c.startsWith('UND_ERR_PRX'))) {
        const code = codes.find(c => c !== 'UND_ERR_PRX_CONN') ?? codes[0];
        const cause = `could not connect through the proxy ${label}${code ? ` (${code})` : ''}`;
        return { kind: 'transient', cause, code, safeToRepeat: true, error: e };
    }
    return undefined;
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
;// CONCATENATED MODULE: ./src/http/transport.ts
/**
 * How requests go out: undici's fetch over one EnvHttpProxyAgent. The agent routes each request
 * through HTTPS_PROXY / HTTP_PROXY or directly, as NO_PROXY says (upper- and lower-case forms),
 * and fetch decodes gzip, deflate, br and zstd bodies. http.ts sees only the part of the Fetch
 * API declared here, so its tests can hand it any fetch.
 */

/**
 * A fetch over its own EnvHttpProxyAgent, made on the first request. proxyTunnel: a proxy
 * carries every request, http: ones too, through CONNECT, so what it says itself (403, 407,
 * 502) is a tunnel error that proxy.ts names, never an answer that could pass for the API's.
 */
function createTransport(proxy = {}) {
    let dispatcher;
    return async (url, init) => {
        dispatcher ??= new undici/* EnvHttpProxyAgent */.J2({ ...proxy, proxyTunnel: true });
        return (await (0,undici/* fetch */.hd)(url, { ...init, dispatcher }));
    };
}
/** The process's transport, from HTTP(S)_PROXY and NO_PROXY. */
const defaultTransport = createTransport();
/** undici's fetch with every option of its own, over the process's proxy settings. */
function proxiedFetch() {
    let dispatcher;
    return (input, init) => {
        dispatcher ??= new EnvHttpProxyAgent({ proxyTunnel: true });
        return fetch(input, { ...init, dispatcher });
    };
}

;// CONCATENATED MODULE: ./src/http/http.ts
/**
 * The one HTTP client for both services, on undici's fetch (transport.ts): JSON in and out,
 * bounded bodies, per-attempt timeouts, redirects refused, every failure turned into a GateError
 * whose kind says whether another try may help (SPEC "Waiting"), and retries that never repeat
 * a write which may already have reached the server (API.md, Testsigma trigger).
 */






const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);
const ACCEPT = { json: 'application/json', xml: 'application/xml', text: 'text/plain, */*' };
/** The codings fetch decodes itself (when every coding of a response is one of them). */
class HttpClient {
    #base;
    #o;
    #secrets;
    constructor(o) {
        this.#o = o;
        this.#base = new URL(o.baseUrl);
        // Whole header values and their words ("Bearer KEY" → "KEY"), longest first.
        const words = [...Object.values(o.headers ?? {}), ...(o.secrets ?? [])].flatMap(v => [
            v,
            ...v.split(/\s+/)
        ]);
        this.#secrets = [...new Set(words.filter(w => w.length >= 6))].sort((a, b) => b.length - a.length);
    }
    async request(spec) {
        const policy = resolvePolicy(this.#o.retry, spec.retry);
        const idempotent = spec.idempotent ?? IDEMPOTENT.has(spec.method);
        const url = this.#url(spec);
        const shown = this.#redact(`${spec.method} ${url.pathname}${url.search}`);
        const sleep = this.#o.sleep ?? retry_sleep;
        let failed;
        for (let attempt = 1;; attempt++) {
            if (spec.signal?.aborted)
                throw abortedError(spec.what, spec.signal, failed);
            const started = Date.now();
            const out = await this.#attempt(spec, url);
            const line = `${shown} -> %s in ${Date.now() - started} ms (attempt ${attempt}/${policy.attempts})`;
            if (out.ok) {
                this.#debug(line.replace('%s', String(out.res.status)));
                return { ...out.res, attempts: attempt };
            }
            const next = this.#decide(spec, out.f, attempt, policy, idempotent, failed);
            const retrying = typeof next === 'number' ? `; retrying in ${next} ms` : '';
            const short = out.f.status ? `HTTP ${out.f.status}` : (out.f.code ?? 'error');
            this.#debug(line.replace('%s', short) + retrying);
            if (next instanceof GateError)
                throw next;
            failed = this.#error(spec, out.f);
            const stop = [spec.signal, spec.sleepSignal].filter(s => s !== undefined);
            const signal = stop.length > 1 ? AbortSignal.any(stop) : stop[0];
            try {
                await sleep(next, signal);
            }
            catch (e) {
                throw signal?.aborted ? abortedError(spec.what, signal, failed) : e;
            }
        }
    }
    /** The URL path a request to `path` goes to (the base path included), for messages. */
    pathOf(path) {
        return this.#url({ what: '', method: 'GET', path }).pathname;
    }
    /** The error to throw, or the delay before the next attempt. */
    #decide(spec, f, attempt, policy, idempotent, failed) {
        if (f.kind === 'aborted')
            return abortedError(spec.what, spec.signal, failed);
        if (f.kind !== 'transient')
            return this.#error(spec, f);
        if (!idempotent && !f.safeToRepeat) {
            const note = '; the request may have reached the server, so it was not repeated';
            return this.#error(spec, f, note, true);
        }
        if (f.retryAfterMs !== undefined && f.retryAfterMs > policy.maxRetryAfterMs) {
            return this.#error(spec, f, `; the server asked to wait ${formatSeconds(f.retryAfterMs)}`);
        }
        if (attempt >= policy.attempts) {
            return this.#error(spec, f, attempt > 1 ? ` (gave up after ${attempt} attempts)` : '');
        }
        return backoffDelay(attempt, policy, this.#o.random ?? Math.random, f.retryAfterMs);
    }
    #url(spec) {
        const url = new URL(this.#base.href);
        const path = spec.path.startsWith('/') ? spec.path : `/${spec.path}`;
        url.pathname = this.#base.pathname.replace(/\/+$/, '') + path;
        const q = new URLSearchParams();
        for (const [key, v] of Object.entries(spec.query ?? {})) {
            if (Array.isArray(v)) {
                const k = key.endsWith('[]') ? key : `${key}[]`;
                for (const item of v)
                    q.append(k, item);
            }
            else if (v !== undefined)
                q.append(key, String(v));
        }
        url.search = q.toString();
        url.hash = '';
        return url;
    }
    async #attempt(spec, url) {
        const timeoutMs = Math.max(1, Math.min(spec.timeoutMs ?? this.#o.timeoutMs ?? 30_000, (spec.deadline ?? Infinity) - Date.now()));
        const timer = new AbortController();
        const t = setTimeout(() => timer.abort(new Error('per-attempt timeout')), timeoutMs);
        const signal = spec.signal ? AbortSignal.any([spec.signal, timer.signal]) : timer.signal;
        const accept = spec.accept ?? 'json';
        const headers = {};
        for (const [k, v] of Object.entries(this.#o.headers ?? {}))
            headers[k.toLowerCase()] = v;
        headers.accept = ACCEPT[accept];
        headers['accept-encoding'] = spec.compressed === false ? 'identity' : 'gzip, deflate, br';
        headers['user-agent'] = this.#o.userAgent ?? 'test-run-gate';
        if (spec.body !== undefined)
            headers['content-type'] = 'application/json';
        let answered = false;
        try {
            const fetch = this.#o.fetch ?? defaultTransport;
            const res = await fetch(url, {
                method: spec.method,
                headers,
                body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
                // The real 3xx with its Location comes back: refused in #read, never followed.
                redirect: 'manual',
                signal
            });
            answered = true;
            return await this.#read(spec, url, res);
        }
        catch (e) {
            if (spec.signal?.aborted)
                return no({ kind: 'aborted', cause: 'aborted', error: e });
            const proxy = answered ? undefined : this.#o.proxyFor?.(url);
            const atProxy = proxy === undefined ? undefined : proxyFailure(e, proxy);
            if (atProxy && !timer.signal.aborted)
                return no(atProxy);
            const host = url.host;
            return no(networkFailure(e, { host, timeoutMs, timedOut: timer.signal.aborted, answered }));
        }
        finally {
            clearTimeout(t);
        }
    }
    async #read(spec, url, res) {
        const status = res.status;
        const headers = {};
        // Names come lower-cased; set-cookie comes once per cookie.
        res.headers.forEach((v, k) => {
            headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
        });
        const retryAfterMs = parseRetryAfter(headers['retry-after']);
        const bad = (cause, error) => no({ kind: 'bad-response', cause, status, retryAfterMs, error });
        const expected = spec.expect?.includes(status) ?? false;
        if (status >= 300 && status < 400 && !expected) {
            discard(res);
            return bad(redirectCause(status, headers.location, url));
        }
        const cap = this.#o.maxResponseBytes ?? 20 * MiB;
        const body = await readBody(res, headers, cap);
        if (body === 'too-big') {
            return bad(`the server answered more than ${formatBytes(cap)}; refusing it`);
        }
        if (!Buffer.isBuffer(body)) {
            const cause = `the response body could not be decoded (${body.encoding})`;
            // A known encoding that fails to decode is a cut or mangled body: worth another try.
            return body.error ? no({ kind: 'transient', cause, status, error: body.error }) : bad(cause);
        }
        const text = body.toString('utf8').replace(/^\uFEFF/, '');
        const mime = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        const ok = status >= 200 && status < 300;
        if (!ok && !expected) {
            return no(statusFailure(status, spec.method, serverText(text, mime, status), retryAfterMs));
        }
        const done = (value) => ({ ok: true, res: { status, headers, body: value } });
        if ((spec.accept ?? 'json') !== 'json')
            return done(text);
        // SPEC "Waiting": an HTML page or a cut-off body instead of JSON is transient.
        const transient = (cause) => no({ kind: 'transient', cause, status, retryAfterMs });
        if (text.trim() === '') {
            // A read must answer something; an empty answer to a write (a stop) is a success.
            const empty = ok && status !== 204 && spec.method === 'GET';
            return empty ? transient('the response was empty') : done(undefined);
        }
        const parsed = parseJson(text);
        if (parsed.ok)
            return done(parsed.value);
        if (expected)
            return done(text);
        const what = /json/.test(mime) ? 'cut off or not valid JSON' : 'not JSON';
        return transient(`the response was ${what} (${mime || 'no content type'})`);
    }
    #error(spec, f, note = '', mayHaveReachedServer = false) {
        const message = this.#redact(`${spec.what}: ${f.cause}${note}`);
        const url = this.#url(spec);
        return new GateError(f.kind, message, {
            status: f.status,
            retryAfterMs: f.retryAfterMs,
            mayHaveReachedServer,
            url: this.#redact(url.origin + url.pathname),
            cause: f.error
        });
    }
    #redact(text) {
        return this.#secrets.reduce((t, s) => t.split(s).join('***'), text);
    }
    #debug(line) {
        this.#o.debug?.(this.#redact(line));
    }
}
const no = (f) => ({ ok: false, f });

;// CONCATENATED MODULE: ./src/http/client.ts
/** The HTTP client for a provider's settings: the same for the action and the CLI. */


const USER_AGENT = 'test-run-gate/1';
/**
 * `debug` gets one line per HTTP attempt (never a header or the key). The credential decides
 * the destination: the API key goes only to api-url, in its header; the record key only to
 * director-url, in the body of its one request, with no Authorization header at all.
 */
function createHttp(settings, debug) {
    const { credential } = settings;
    const common = {
        proxyFor: (url) => configuredProxy(url, process.env),
        userAgent: USER_AGENT,
        debug
    };
    return credential.kind === 'api-key'
        ? new HttpClient({
            ...common,
            baseUrl: settings.apiUrl,
            headers: { authorization: `Bearer ${credential.apiKey}` }
        })
        : new HttpClient({
            ...common,
            baseUrl: credential.directorUrl,
            secrets: [credential.recordKey]
        });
}

;// CONCATENATED MODULE: ./src/model/outcome.ts
function newOutcome(now) {
    return { history: [], reruns: 0, startedAt: now };
}
/** Record the latest snapshot of the current run (replacing its older snapshot in history). */
function record(outcome, run) {
    const i = outcome.history.findIndex(r => r.id === run.id);
    if (i >= 0)
        outcome.history[i] = run;
    else
        outcome.history.push(run);
    outcome.run = run;
}

;// CONCATENATED MODULE: ./src/model/words.ts
/**
 * Counted nouns and durations in words, for messages that read as sentences: "1 rerun",
 * "2 reruns", "30m", never a noun with "(s)" after it.
 */
/** `1 test`, `2 tests`; `many` for nouns whose plural is not a plain -s. */
function plural(n, one, many = `${one}s`) {
    return `${n} ${n === 1 ? one : many}`;
}
const UNITS = [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000]
];
/** A duration the way inputs are written: 30m, 1h30m, 90s → 1m30s, 1500ms, 2s. */
function formatDuration(ms) {
    let left = Math.max(0, Math.round(ms));
    if (left % 1000 !== 0)
        return `${left}ms`;
    let out = '';
    for (const [unit, size] of UNITS) {
        const n = Math.floor(left / size);
        if (n > 0)
            out += `${n}${unit}`;
        left -= n * size;
    }
    return out || '0s';
}
/** What a run's status says, as the predicate of a sentence about the run. */
function statusPhrase(run, status) {
    if (run.state !== 'finished' && (status === 'queued' || status === 'running')) {
        // A run still going with failed tests already (Currents says FAILING).
        return (run.counts.failed ?? 0) > 0 ? 'is failing' : `is ${status}`;
    }
    switch (status) {
        case 'cancelled':
            return 'was cancelled';
        case 'timed-out':
            return 'timed out';
        case '':
            return 'has no known status';
        default:
            return status;
    }
}
/** Why a gate stops its run on a signal, as the start of a sentence. */
function cancelledWhy(host) {
    return host === 'github' ? 'The workflow was cancelled' : 'The gate received a stop signal';
}
/** What happens to a run that could not be stopped. */
function stopLater(host) {
    return host === 'github'
        ? 'the post step will try again'
        : 'stop it with test-run-gate cancel --run-id <id>';
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/files/last-run.ts
/**
 * Writing Playwright's `.last-run.json` into its output folder, whole or not at all:
 * `playwright test --last-failed` reads this file, and a half-written one would make it run
 * nothing (or fail), so the content goes to a temporary file in the same folder first and is
 * then renamed over the target, which is atomic on one file system.
 */



/** Playwright's name for it (LastRunReporter: `<outputDir>/.last-run.json`). */
const LAST_RUN_FILE = '.last-run.json';
/**
 * `<workspace>/<dir>/.last-run.json`, with the runner's own path rules (backslashes and drive
 * letters on Windows); `dir` may be absolute.
 */
function lastRunPath(workspace, dir, platform = process.platform) {
    return (platform === 'win32' ? external_node_path_.win32 : external_node_path_.posix).resolve(workspace, dir, LAST_RUN_FILE);
}
/** Writes `text` to `target` (creating folders) so that readers see all of it or nothing. */
async function writeWhole(target, text) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
    const temp = (0,external_node_path_.join)((0,external_node_path_.dirname)(target), `.${(0,external_node_path_.basename)(target)}.${(0,external_node_crypto_.randomUUID)().slice(0, 8)}.tmp`);
    try {
        await (0,promises_.writeFile)(temp, text, { flag: 'wx' });
        await (0,promises_.rename)(temp, target);
    }
    catch (e) {
        await (0,promises_.rm)(temp, { force: true });
        throw e;
    }
}

;// CONCATENATED MODULE: ./src/settings/credentials.ts
/** Currents' reporting service ("director"), where the record key is accepted. */
const DEFAULT_DIRECTOR_URL = 'https://cy.currents.dev';
/**
 * The env that Currents' reporters and its own cancel action read when no value is given: one
 * workflow-level `env:` block then serves reporters, hooks and gates alike. Read for provider
 * currents only, when the input is empty.
 */
const CURRENTS_ENV = {
    'api-key': 'CURRENTS_API_KEY',
    'record-key': 'CURRENTS_RECORD_KEY',
    'project-id': 'CURRENTS_PROJECT_ID',
    'ci-build-id': 'CURRENTS_CI_BUILD_ID'
};
/** The secrets a step may hold: the runner masks each before anything can print it. */
function secretsOf(input, env) {
    return [
        input('api-key'),
        input('record-key'),
        env[CURRENTS_ENV['api-key']] ?? '',
        env[CURRENTS_ENV['record-key']] ?? ''
    ]
        .map(s => s.trim())
        .filter(Boolean);
}

;// CONCATENATED MODULE: ./src/settings/parse.ts
/**
 * Parsers for the value syntaxes of workflow inputs. Each returns the value or throws a
 * bad-input GateError whose message names the input, the value and what is accepted.
 */

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** `500ms`, `5s`, `2m`, `1h`, `1h30m`, `1m30s`; a bare number means seconds. */
function parseDuration(input, value) {
    const v = value.trim().toLowerCase();
    const accepted = `use a duration like 500ms, 5s, 2m, 1h or 1h30m (a bare number means seconds)`;
    if (/^\d+(\.\d+)?$/.test(v))
        return Math.round(Number(v) * 1000);
    const parts = v.match(/\d+(?:\.\d+)?(?:ms|s|m|h)/g);
    if (!parts || parts.join('') !== v)
        throw badInput(input, `'${value}' is not a duration; ${accepted}`);
    let total = 0;
    for (const part of parts) {
        const [, num, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(part);
        total += Number(num) * UNIT_MS[unit];
    }
    return Math.round(total);
}
const TRUE = new Set(['true', 'yes', '1', 'on']);
const FALSE = new Set(['false', 'no', '0', 'off']);
function parseBoolean(input, value) {
    const v = value.trim().toLowerCase();
    if (TRUE.has(v))
        return true;
    if (FALSE.has(v))
        return false;
    throw badInput(input, `'${value}' is not a boolean; use true or false (also yes/no, 1/0)`);
}
/** Items separated by commas or newlines; blanks dropped. */
function parseList(value) {
    return value
        .split(/[,\r\n]/)
        .map(s => s.trim())
        .filter(s => s !== '');
}
function parseInteger(input, value, { min, max }) {
    const v = value.trim();
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    if (!/^[+]?\d+$/.test(v))
        throw badInput(input, `'${value}' is not a whole number; use a number ${range}`);
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
        throw badInput(input, `${v} is out of range; use a number ${range}`);
    }
    return n;
}
function parsePositiveId(input, value) {
    return parseInteger(input, value, { min: 1, max: Number.MAX_SAFE_INTEGER });
}
function parseEnum(input, value, allowed) {
    const v = value.trim();
    const hit = allowed.find(a => a.toLowerCase() === v.toLowerCase());
    if (hit === undefined)
        throw badInput(input, `'${value}' is not one of: ${allowed.join(', ')}`);
    return hit;
}
/** `KEY=VALUE` lines (newline separated; blank lines and lines starting with # are skipped). */
function parseKeyValues(input, value) {
    const out = new Map();
    const lines = value.split(/\r?\n/);
    lines.forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const eq = line.indexOf('=');
        const key = eq > 0 ? line.slice(0, eq).trim() : '';
        if (key === '') {
            throw badInput(input, `line ${i + 1} is not KEY=VALUE; write one KEY=VALUE per line`);
        }
        if (out.has(key))
            throw badInput(input, `key '${key}' is given twice`);
        out.set(key, line.slice(eq + 1).trim());
    });
    // fromEntries defines own properties: a key such as __proto__ stays data.
    return Object.fromEntries(out);
}

;// CONCATENATED MODULE: ./src/settings/gate.ts
/**
 * The inputs that decide which failures gate (SPEC.md "Quarantine and known failures"): a
 * quarantine file in the repository, a baseline to tell known failures from new ones, and
 * `fail-on`. The file itself is read later (settings/quarantine.ts), still before any request.
 */


const FAIL_ON = ['any', 'new'];
/** Whether a command gates: only run and rerun read a run's failures and decide on them. */
function isGate(command) {
    return command === 'run' || command === 'rerun';
}
function readGate(input, provider, command) {
    const gate = { failOn: parseEnum('fail-on', input('fail-on') || 'any', FAIL_ON) };
    for (const [name, key] of [
        ['quarantine', 'quarantine'],
        ['baseline', 'baseline'],
        ['baseline-run-id', 'baselineRunId']
    ]) {
        const value = input(name);
        if (value === '')
            continue;
        if (!isGate(command))
            throw badInput(name, `is used only by the gates (command run or rerun); remove it`);
        gate[key] = value;
    }
    if (gate.baseline !== undefined && provider !== 'currents')
        throw badInput('baseline', 'is a Currents branch; with provider testsigma pass baseline-run-id (a run of the plan to compare with)');
    if (gate.baseline !== undefined && gate.baselineRunId !== undefined)
        throw badInput('baseline', 'and baseline-run-id are both set; keep one of the two');
    if (gate.baseline !== undefined && !/^[^\s*]{1,250}$/.test(gate.baseline))
        throw badInput('baseline', `'${gate.baseline.slice(0, 60)}' is not one branch; give its exact name, e.g. main`);
    if (gate.baselineRunId !== undefined && !/^[A-Za-z0-9_-]{1,128}$/.test(gate.baselineRunId))
        throw badInput('baseline-run-id', `'${gate.baselineRunId.slice(0, 60)}' is not a run id`);
    if (gate.failOn === 'new' && gate.baseline === undefined && gate.baselineRunId === undefined)
        throw badInput('fail-on', "'new' needs a baseline to tell new failures from known ones; set baseline (Currents: a branch) or baseline-run-id");
    return gate;
}

;// CONCATENATED MODULE: ./src/settings/test-case-results.ts
/**
 * The entries of `test-case-result-ids` (SPEC.md): which test case results of a Testsigma run a
 * USER_PICKED rerun takes and, for a data-driven case, which of its iterations. Entries are comma
 * or newline separated, each `ID`, `ID:ALL`, `ID:FAILED`, `ID:PASSED` or
 * `ID:USER_PICKED:IT IT ...` (iteration result ids, space separated).
 */


const INPUT = 'test-case-result-ids';
const GRAMMAR = 'use ID, ID:ALL, ID:FAILED, ID:PASSED or ID:USER_PICKED:IT IT ... (positive ids)';
/** The iteration words of Testsigma's rerun docs, iterationReRunType (seeds/001). */
const ITERATION_WORDS = { ALL: 'all', FAILED: 'failed', PASSED: 'passed' };
const PICKED = 'USER_PICKED';
/** Parses the whole input; every test case result may appear once. */
function parseTestCaseResults(value) {
    const seen = new Set();
    return parseList(value).map(entry => {
        const item = parseEntry(entry);
        if (seen.has(item.id)) {
            throw badInput(INPUT, `${quote(entry)}: test case result ${item.id} is listed twice`);
        }
        seen.add(item.id);
        return item;
    });
}
function parseEntry(entry) {
    const [idText, type, picked, ...extra] = entry.split(':').map(part => part.trim());
    const id = positiveId(entry, idText);
    if (type === undefined)
        return { id };
    const word = type.toUpperCase();
    if (word === PICKED) {
        if (picked === undefined || picked === '' || extra.length > 0) {
            throw badInput(INPUT, `${quote(entry)}: USER_PICKED needs the iteration result ids after a second ':', space separated, e.g. ${id}:USER_PICKED:2916 2917`);
        }
        const iterations = picked.split(/\s+/).map(it => positiveId(entry, it));
        const twice = iterations.find((it, i) => iterations.indexOf(it) !== i);
        if (twice !== undefined) {
            throw badInput(INPUT, `${quote(entry)}: iteration result ${twice} is listed twice`);
        }
        return { id, iterations };
    }
    const iterations = Object.hasOwn(ITERATION_WORDS, word)
        ? ITERATION_WORDS[word]
        : undefined;
    if (iterations === undefined) {
        throw badInput(INPUT, `${quote(entry)}: ${quote(type)} is not an iteration rerun type; ${GRAMMAR}`);
    }
    if (picked !== undefined) {
        throw badInput(INPUT, `${quote(entry)}: only USER_PICKED takes iteration result ids; ${GRAMMAR}`);
    }
    return { id, iterations };
}
function positiveId(entry, text) {
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
        throw badInput(INPUT, `${quote(entry)}: ${quote(text)} is not a positive whole number; ${GRAMMAR}`);
    }
    return n;
}
/** The value as typed, cut short: a long paste must not flood the one error line. */
function quote(text) {
    return `'${text.length > 80 ? `${text.slice(0, 80)}…` : text}'`;
}

;// CONCATENATED MODULE: ./src/settings/providers.ts
/**
 * The provider-specific inputs: Testsigma's trigger and rerun fields, Currents' find filters
 * and machines. Read by settings.ts, which checks which of them a provider and command allow.
 */



const RERUN_TYPES = [
    'ALL_TESTS',
    'ONLY_FAILED_TESTS',
    'ALL_ITERATIONS',
    'ONLY_FAILED_ITERATIONS',
    'USER_PICKED'
];
/** Playwright's default outputDir, where it keeps `.last-run.json`. */
const DEFAULT_PW_OUTPUT_DIR = 'test-results';
function readTestsigma(input, isTestsigma) {
    const optional = (name, parse) => {
        const v = input(name);
        return v === '' ? undefined : parse(v);
    };
    const configId = optional('execution-config-id', v => parsePositiveId('execution-config-id', v));
    const configName = optional('execution-config-name', v => v);
    if (configId !== undefined && configName !== undefined) {
        throw badInput('execution-config-id', 'and execution-config-name are both set; set only one of them');
    }
    const rerunType = parseEnum('rerun-type', input('rerun-type') || 'ONLY_FAILED_TESTS', RERUN_TYPES);
    const testCaseResults = parseTestCaseResults(input('test-case-result-ids'));
    if (rerunType === 'USER_PICKED' && testCaseResults.length === 0 && isTestsigma) {
        throw badInput('test-case-result-ids', 'is required when rerun-type is USER_PICKED; list the test case result ids to rerun');
    }
    if (rerunType !== 'USER_PICKED' && testCaseResults.length > 0) {
        throw badInput('test-case-result-ids', `'${parseList(input('test-case-result-ids'))[0].slice(0, 80)}' is only used with rerun-type USER_PICKED (rerun-type is ${rerunType}); remove test-case-result-ids or set rerun-type: USER_PICKED`);
    }
    return {
        testPlanId: optional('test-plan-id', v => parsePositiveId('test-plan-id', v)),
        environmentId: optional('environment-id', v => parsePositiveId('environment-id', v)),
        executionConfig: configId !== undefined
            ? { id: configId }
            : configName !== undefined
                ? { name: configName }
                : undefined,
        uploadVersions: parseKeyValues('upload-versions', input('upload-versions')),
        buildNumber: optional('build-number', v => v),
        runtimeData: parseKeyValues('runtime-data', input('runtime-data')),
        rerunFailed: parseInteger('rerun-failed', input('rerun-failed') || '0', { min: 0, max: 10 }),
        rerunType,
        testCaseResults
    };
}
function readCurrents(input, env = { ciBuildId: '' }) {
    const branch = input('branch') || undefined;
    if (branch !== undefined &&
        (branch.length > 250 || /\s/.test(branch) || branch.slice(0, -1).includes('*'))) {
        throw badInput('branch', `'${branch.slice(0, 260)}' is not a branch filter; use an exact branch name or a prefix ending in * (no spaces, at most 250 characters)`);
    }
    const tags = parseList(input('tags'));
    const machineIds = parseList(input('machine-ids'));
    if (machineIds.length > 63) {
        throw badInput('machine-ids', `has ${machineIds.length} ids; Currents resets at most 63 machines per call`);
    }
    const pwOutputDir = input('pw-output-dir') || DEFAULT_PW_OUTPUT_DIR;
    if (/\p{Cc}/u.test(pwOutputDir)) {
        throw badInput('pw-output-dir', 'must be one folder path on one line, e.g. test-results');
    }
    // The workflow's env names the run of this workflow; a branch or tags filter looks elsewhere.
    const ciBuildIdFrom = input('ci-build-id') !== ''
        ? 'input'
        : env.ciBuildId !== '' && branch === undefined && tags.length === 0
            ? 'env'
            : undefined;
    return {
        projectId: input('project-id') || undefined,
        ciBuildId: ciBuildIdFrom === 'input'
            ? input('ci-build-id')
            : ciBuildIdFrom === 'env'
                ? env.ciBuildId
                : undefined,
        ciBuildIdFrom,
        branch,
        tags,
        machineIds,
        batchedOrchestration: parseBoolean('batched-orchestration', input('batched-orchestration') || 'false'),
        pwOutputDir
    };
}

;// CONCATENATED MODULE: ./src/settings/rules.ts
/**
 * Which inputs go with which provider and command. One table says which inputs belong to one
 * provider, and one rule rejects them with the other provider, whichever it is: an input that
 * would be silently ignored is a setting the user believes in and does not get.
 */


/** A provider's own inputs, with the action.yml default that stands for "not set". */
const PROVIDER_INPUTS = {
    'test-plan-id': { provider: 'testsigma', default: '' },
    'environment-id': { provider: 'testsigma', default: '' },
    'execution-config-id': { provider: 'testsigma', default: '' },
    'execution-config-name': { provider: 'testsigma', default: '' },
    'upload-versions': { provider: 'testsigma', default: '' },
    'build-number': { provider: 'testsigma', default: '' },
    'runtime-data': { provider: 'testsigma', default: '' },
    'rerun-failed': { provider: 'testsigma', default: '0' },
    'rerun-type': { provider: 'testsigma', default: 'ONLY_FAILED_TESTS' },
    'test-case-result-ids': { provider: 'testsigma', default: '' },
    'project-id': { provider: 'currents', default: '' },
    'ci-build-id': { provider: 'currents', default: '' },
    branch: { provider: 'currents', default: '' },
    tags: { provider: 'currents', default: '' },
    'machine-ids': { provider: 'currents', default: '' },
    'batched-orchestration': { provider: 'currents', default: 'false' },
    'pw-output-dir': { provider: 'currents', default: 'test-results' },
    'director-url': { provider: 'currents', default: 'https://cy.currents.dev' }
};
const COMMANDS_OF = {
    testsigma: ['run', 'status', 'cancel', 'rerun'],
    currents: ['run', 'status', 'cancel', 'cancel-hook', 'reset', 'delete', 'last-failed']
};
/** The commands a host offers: the CLI has no post step, so no cancel-hook. */
function commandsOf(provider, host) {
    return COMMANDS_OF[provider].filter(c => host === 'github' || c !== 'cancel-hook');
}
/** How to pass the key, in the words of the host. */
function keyHint(provider, host) {
    const env = `${provider.toUpperCase()}_API_KEY`;
    return host === 'github'
        ? `pass the ${provider} API key from a secret, e.g. \${{ secrets.${env} }}`
        : `set the env ${env} (or pass --api-key)`;
}
/** Inputs that only make sense with some provider/command pairs. */
function checkRules(s, input) {
    const only = (name, where, ok) => {
        if (!ok && input(name) !== '')
            throw badInput(name, `is not used ${where}; remove it`);
    };
    for (const [name, own] of Object.entries(PROVIDER_INPUTS)) {
        const value = input(name);
        if (own.provider !== s.provider && value !== '' && value !== own.default)
            throw badInput(name, `is not used with provider ${s.provider}; remove it`);
    }
    const ts = s.provider === 'testsigma';
    const cmd = s.command;
    const cli = s.host === 'cli';
    const needsRunId = ts
        ? ['status', 'cancel', 'rerun']
        : ['status', 'reset', 'delete', ...(cli ? ['cancel'] : [])];
    if (needsRunId.includes(cmd) && s.runId === undefined) {
        throw badInput('run-id', `is required for command '${cmd}'; pass the ${ts ? 'test plan result (run) id' : 'Currents run id'}`);
    }
    if (ts && cmd === 'run' && s.runId === undefined && s.testsigma.testPlanId === undefined) {
        throw badInput('test-plan-id', 'is required to start a Testsigma run; pass the Test Plan id (or run-id to wait for an existing run)');
    }
    if (!ts && cmd === 'run' && s.runId === undefined && s.currents.projectId === undefined) {
        throw badInput('project-id', 'is required to find a Currents run; pass the project id (or run-id)');
    }
    const filtered = s.currents.branch !== undefined || s.currents.tags.length > 0;
    if (!ts &&
        cmd === 'run' &&
        s.runId === undefined &&
        s.currents.ciBuildId === undefined &&
        !filtered &&
        s.github.repository === '') {
        throw badInput('ci-build-id', cli
            ? 'is required to find a Currents run; pass the ciBuildId the run was recorded with, or branch or tags (or run-id)'
            : 'is required outside GitHub Actions (its default is made from the GitHub run); pass the ciBuildId the run was recorded with, or branch or tags');
    }
    if (!ts && cmd === 'last-failed' && s.currents.projectId === undefined) {
        throw badInput('project-id', 'is required for last-failed; pass the Currents project id');
    }
    if (!ts && cmd === 'last-failed' && s.currents.ciBuildId === undefined && s.github.runId === '') {
        throw badInput('ci-build-id', cli
            ? 'is required for last-failed; pass the ciBuildId of the earlier run whose failed tests to rerun'
            : "is required for last-failed outside the Actions runner (no GITHUB_RUN_ID to derive the previous attempt's)");
    }
    if (!ts && cmd === 'cancel-hook' && s.currents.projectId === undefined) {
        throw badInput('project-id', 'is required for cancel-hook; pass the Currents project id (or set CURRENTS_PROJECT_ID)');
    }
    if (s.credential.kind === 'record-key' &&
        s.currents.ciBuildId === undefined &&
        s.github.repository === '') {
        throw badInput('ci-build-id', 'is required with record-key outside GitHub Actions: the record key cancels the run of one ciBuildId');
    }
    if (!ts &&
        (cmd === 'cancel-hook' || (cmd === 'cancel' && s.runId === undefined)) &&
        s.github.runId === '') {
        throw badInput('command', `'${cmd}' cancels by GitHub run and needs GITHUB_RUN_ID, which only the Actions runner sets`);
    }
    only('test-case-result-ids', 'with commands other than rerun', cmd === 'rerun');
    only('machine-ids', `except with command reset`, cmd === 'reset');
    for (const name of ['branch', 'tags'])
        only(name, 'with command last-failed, which finds the run by ci-build-id', cmd !== 'last-failed');
    only('pw-output-dir', 'except with command last-failed', cmd === 'last-failed' || s.currents.pwOutputDir === DEFAULT_PW_OUTPUT_DIR);
    only('batched-orchestration', 'except with command reset', cmd === 'reset' || !s.currents.batchedOrchestration);
}

;// CONCATENATED MODULE: ./src/settings/types.ts
const PROVIDERS = ['testsigma', 'currents'];
const COMMANDS = [
    'run',
    'status',
    'cancel',
    'cancel-hook',
    'rerun',
    'reset',
    'delete',
    'last-failed'
];
const PR_COMMENT = ['false', 'true', 'on-failure'];

;// CONCATENATED MODULE: ./src/settings/settings.ts
/**
 * Every input, read once and validated into a typed, frozen object before any network I/O.
 * Inputs come through an InputReader: @actions/core's getInput in the action (entries), a
 * plain map in tests, so this core module needs neither @actions/core nor a runner.
 */









const DEFAULT_API_URL = {
    testsigma: 'https://app.testsigma.com/api/v1',
    currents: 'https://api.currents.dev/v1'
};
const MIN_POLL_MS = 200;
/**
 * `env` gives the runner's context (GITHUB_RUN_ID, ...), `input` the step's inputs, `host` the
 * words of the messages (the CLI's name flags and env vars). An error never repeats the key,
 * even one pasted into another input.
 */
function readSettings(input, env, host = 'github') {
    const keys = secretsOf(input, env);
    try {
        return readAll(input, env, host);
    }
    catch (e) {
        const key = keys.find(k => e instanceof Error && e.message.includes(k));
        if (key !== undefined && e instanceof Error) {
            throw new GateError('bad-input', keys.reduce((m, k) => m.split(k).join('***'), e.message));
        }
        throw e;
    }
}
function readAll(input, env, host) {
    const optional = (name, parse) => {
        const v = input(name);
        return v === '' ? undefined : parse(v);
    };
    const bool = (name, fallback) => optional(name, v => parseBoolean(name, v)) ?? fallback;
    const duration = (name, fallback) => parseDuration(name, input(name) || fallback);
    const providerRaw = input('provider');
    if (providerRaw === '')
        throw badInput('provider', `is required; set it to ${PROVIDERS.join(' or ')}`);
    const provider = parseEnum('provider', providerRaw, PROVIDERS);
    // Currents' env convention (credentials.ts), for an empty input.
    const currentsEnv = (name) => provider === 'currents' ? (env[CURRENTS_ENV[name]] ?? '').trim() : '';
    const withEnv = (name) => input(name) || currentsEnv(name);
    const apiKey = withEnv('api-key');
    const recordKey = withEnv('record-key');
    const hook = provider === 'currents' && (input('command') || 'run') === 'cancel-hook';
    if (apiKey === '' && !(hook && recordKey !== '')) {
        throw badInput('api-key', `is required; ${keyHint(provider, host)}${hook ? ' (or record-key, the key the test jobs record with)' : ''}`);
    }
    if (provider !== 'currents' && input('record-key') !== '') {
        throw badInput('record-key', 'is a Currents key; remove it with provider testsigma');
    }
    // Both given: the API key is used (one credential, one path); the record key goes nowhere.
    const credential = apiKey !== ''
        ? { kind: 'api-key', apiKey }
        : {
            kind: 'record-key',
            recordKey,
            directorUrl: parseApiUrl(input('director-url') || DEFAULT_DIRECTOR_URL, 'director-url')
        };
    // fetch refuses such a header value before sending it, which would read as a network error.
    if (/[^\t\x20-\x7e\x80-\xff]/.test(apiKey)) {
        throw badInput('api-key', 'holds a line break, a control character or a character outside Latin-1, which an HTTP header cannot carry; copy the key again (only its own characters) into the secret');
    }
    const command = parseEnum('command', input('command') || 'run', COMMANDS);
    if (!commandsOf(provider, host).includes(command)) {
        throw badInput('command', `'${command}' is not a ${provider} command; use one of: ${commandsOf(provider, host).join(', ')}`);
    }
    const apiUrl = parseApiUrl(input('api-url') || DEFAULT_API_URL[provider]);
    const runId = optional('run-id', v => parseRunId(provider, v));
    const pollIntervalMs = duration('poll-interval', '5s');
    const maxPollIntervalMs = duration('max-poll-interval', '30s');
    const waitTimeoutMs = duration('wait-timeout', '60m');
    if (pollIntervalMs < MIN_POLL_MS)
        throw badInput('poll-interval', `must be at least ${MIN_POLL_MS}ms`);
    if (maxPollIntervalMs < pollIntervalMs) {
        throw badInput('max-poll-interval', `(${input('max-poll-interval') || '30s'}) is shorter than poll-interval (${input('poll-interval') || '5s'}); make it at least as long`);
    }
    if (waitTimeoutMs < 1000)
        throw badInput('wait-timeout', 'must be at least 1s');
    const checkName = optional('check-name', v => v);
    const githubToken = input('github-token');
    if (checkName !== undefined && githubToken === '') {
        throw badInput('github-token', 'is empty but check-name is set; pass ${{ github.token }} (with permissions: checks: write)');
    }
    const prComment = parseEnum('pr-comment', input('pr-comment').toLowerCase() || 'false', PR_COMMENT);
    if (prComment !== 'false' && githubToken === '') {
        throw badInput('github-token', 'is empty but pr-comment is set; pass ${{ github.token }} (with permissions: pull-requests: write)');
    }
    const github = readGithubContext(env);
    const settings = {
        host,
        provider,
        command,
        apiKey,
        credential,
        apiUrl,
        runId,
        wait: bool('wait', true),
        waitTimeoutMs,
        cancelOnTimeout: bool('cancel-on-timeout', true),
        pollIntervalMs,
        maxPollIntervalMs,
        failOnFailure: bool('fail-on-failure', true),
        summary: bool('summary', true),
        annotations: bool('annotations', true),
        githubToken,
        checkName,
        prComment,
        jobStatus: input('job-status').toLowerCase(),
        junitPath: optional('junit-path', v => v),
        testsigma: readTestsigma(input, provider === 'testsigma'),
        currents: readCurrents(name => (name === 'project-id' ? withEnv(name) : input(name)), {
            ciBuildId: currentsEnv('ci-build-id')
        }),
        gate: readGate(input, provider, command),
        github
    };
    checkRules(settings, input);
    return deepFreeze(settings);
}
function parseApiUrl(value, name = 'api-url') {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        // The value is not repeated: a key pasted into the wrong input must not be echoed.
        throw badInput(name, 'is not a URL; use a base URL such as https://api.example.com/v1');
    }
    const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
        throw badInput(name, `'${url.origin}' must use https:// (http:// is allowed only for localhost/127.0.0.1/[::1])`);
    }
    if (url.username || url.password)
        throw badInput(name, `must not contain credentials; pass the key in ${name === 'api-url' ? 'api-key' : 'record-key'}`);
    if (url.search || url.hash)
        throw badInput(name, `'${url.origin}${url.pathname}...' must not have a query or fragment`);
    return url.href.replace(/\/+$/, '');
}
function parseRunId(provider, value) {
    if (provider === 'testsigma') {
        // Kept as the digits given: an id past 2^53 would become another run as a number.
        const digits = value.replace(/^\+/, '').replace(/^0+(?=\d)/, '');
        if (/^[1-9]\d{0,29}$/.test(digits))
            return digits;
        return String(parsePositiveId('run-id', value));
    }
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(value)) {
        throw badInput('run-id', `'${value.slice(0, 140)}' is not a Currents run id; use the id from the run's URL (letters, digits, _ and -)`);
    }
    return value;
}
/**
 * Currents' recommended ciBuildId for every parallel job of one attempt (API.md), then the one
 * its reporters make themselves when none is set, with the framework in front:
 * `pw:owner/repo-16873-1` (Currents' cancel action README). Both are looked for, in this order.
 */
function defaultCiBuildIds(github, attempt = github.runAttempt) {
    const plain = `${github.repository}-${github.runId}-${attempt}`;
    return [plain, `pw:${plain}`];
}
function readGithubContext(env) {
    const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1');
    return {
        runId: env.GITHUB_RUN_ID ?? '',
        runAttempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1,
        repository: env.GITHUB_REPOSITORY ?? '',
        sha: env.GITHUB_SHA ?? '',
        eventPath: env.GITHUB_EVENT_PATH || undefined,
        apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
        serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
        workspace: env.GITHUB_WORKSPACE || undefined,
        workflowPath: workflowPath(env.GITHUB_WORKFLOW_REF, env.GITHUB_REPOSITORY)
    };
}
/** GITHUB_WORKFLOW_REF is `owner/repo/.github/workflows/ci.yml@refs/heads/main`. */
function workflowPath(ref, repository) {
    if (!ref || !repository || !ref.startsWith(`${repository}/`))
        return undefined;
    return ref.slice(repository.length + 1).replace(/@.*$/, '') || undefined;
}
function deepFreeze(o) {
    if (o && typeof o === 'object' && !Object.isFrozen(o)) {
        Object.freeze(o);
        for (const v of Object.values(o))
            deepFreeze(v);
    }
    return o;
}

;// CONCATENATED MODULE: ./src/commands/last-failed.ts
/**
 * `command: last-failed` (SPEC.md "Rerunning only what failed, with Playwright"): on a rerun
 * attempt, fetch the previous attempt's Playwright `.last-run.json` from Currents with one
 * request and write it where Playwright looks, so that `--last-failed` runs only what failed.
 * Whenever there is nothing to rerun, no file and no flag: the job then runs every test.
 */




const LAST_FAILED_FLAG = '--last-failed';
async function lastFailedCommand(ctx, outcome) {
    const { provider, settings } = ctx;
    if (!provider.lastRun) {
        throw new GateError('bad-input', `Input 'command': last-failed is not a ${provider.name} command`);
    }
    const { github, currents } = settings;
    // An explicit ci-build-id names the earlier run itself (the CLI has no attempts at all).
    const given = currents.ciBuildIdFrom === 'input';
    if (!given && github.runAttempt <= 1) {
        outcome.done = `Attempt ${github.runAttempt} of this workflow run has no earlier attempt: every test runs`;
        return;
    }
    const candidates = previousCiBuildIds(currents.ciBuildId, currents.ciBuildIdFrom, github);
    let ciBuildId = candidates[0];
    let last;
    for (const candidate of candidates) {
        ciBuildId = candidate;
        last = await provider.lastRun(candidate, { signal: ctx.signal });
        if (last !== undefined)
            break;
    }
    if (last === undefined) {
        outcome.done = `No ${provider.label} run with ciBuildId ${candidates.join(' or ')} was found: every test runs`;
        return;
    }
    const failed = last.failedTests.length;
    if (failed === 0) {
        outcome.done = `The ${provider.label} run with ciBuildId ${ciBuildId} has no failed tests: every test runs`;
        return;
    }
    const target = lastRunPath(github.workspace ?? process.cwd(), currents.pwOutputDir);
    try {
        await writeWhole(target, `${JSON.stringify(last.file, null, 2)}\n`);
    }
    catch (e) {
        throw badInput('pw-output-dir', `could not write ${target}: ${describeError(e)}`);
    }
    outcome.extraPwFlags = LAST_FAILED_FLAG;
    outcome.done = `Wrote the ${plural(failed, 'failed test')} of the ${provider.label} run with ciBuildId ${ciBuildId} to ${target}: ${LAST_FAILED_FLAG} reruns only them`;
}
/**
 * The previous attempt's run, by the rule that named this attempt's: the input as given; the
 * workflow's CURRENTS_CI_BUILD_ID with its attempt (`…-<attempt>` at the end) one lower; else
 * both names the reporters may have used for it (`<repo>-<run>-<attempt - 1>`, then with `pw:`).
 */
function previousCiBuildIds(ciBuildId, from, github) {
    if (ciBuildId !== undefined && from === 'input')
        return [ciBuildId];
    const previous = github.runAttempt - 1;
    if (ciBuildId !== undefined) {
        const suffix = `-${github.runAttempt}`;
        return [
            ciBuildId.endsWith(suffix) ? `${ciBuildId.slice(0, -suffix.length)}-${previous}` : ciBuildId
        ];
    }
    return defaultCiBuildIds(github, previous);
}

;// CONCATENATED MODULE: ./src/waiting/wait.ts
/**
 * The poll loop: an adaptive interval, an overall deadline, an AbortSignal, and a budget of
 * consecutive transient failures (SPEC.md "Waiting"). Time comes from an injectable clock so
 * that tests and the benchmark can run an hour of polling in milliseconds.
 */


const systemClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => sleepFor(ms, signal, () => abortError(signal))
};
function abortError(signal) {
    const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? '');
    return new GateError('aborted', `aborted${reason ? `: ${reason}` : ''}`);
}
/** Delays grow by this factor from poll-interval toward max-poll-interval. */
const GROWTH = 1.5;
/**
 * The last poll starts this long before the deadline (at most a quarter of the time left), so
 * that its answer can arrive inside wait-timeout: a run that finished in the final interval is
 * reported as finished, not timed out.
 */
const LAST_POLL_MS = 1000;
/** Give up on a run of transient failures only when it is this long in count AND in time. */
const FAILURE_BUDGET = { count: 5, ms: 120_000 };
function nextInterval(current, min, max) {
    return Math.min(max, Math.max(min, Math.round(current * GROWTH)));
}
/**
 * Polls until `isDone`, the deadline, or the signal (which rejects with GateError 'aborted').
 * Each poll gets a signal that also fires at the deadline, so no request, retry or Retry-After
 * runs past it. Errors that are not transient end the wait at once; the result is never
 * guessed.
 */
async function pollUntil(o) {
    const clock = o.clock ?? systemClock;
    const budget = o.failureBudget ?? FAILURE_BUDGET;
    let interval = o.intervalMs;
    let polls = 0;
    let last;
    let failures = 0;
    let failingSince = 0;
    let lastPoll = false;
    for (;;) {
        if (o.signal?.aborted)
            throw abortError(o.signal);
        let wait = interval;
        const deadline = timeoutSignal(o.deadline - clock.now(), 'wait-timeout passed');
        try {
            polls++;
            const signal = o.signal ? AbortSignal.any([o.signal, deadline.signal]) : deadline.signal;
            const value = await o.poll(signal);
            failures = 0;
            last = value;
            o.onValue?.(value);
            if (o.isDone(value))
                return { kind: 'done', value, polls };
        }
        catch (e) {
            if (o.signal?.aborted)
                throw abortError(o.signal);
            if (deadline.signal.aborted)
                return { kind: 'timeout', last, polls };
            if (!isGateError(e, 'transient'))
                throw e;
            if (failures++ === 0)
                failingSince = clock.now();
            o.onTransient?.(e, failures);
            if (failures >= budget.count && clock.now() - failingSince >= budget.ms)
                throw e;
            wait = Math.max(wait, e.retryAfterMs ?? 0);
        }
        finally {
            deadline.clear();
        }
        const left = o.deadline - clock.now();
        if (left <= 0 || lastPoll)
            return { kind: 'timeout', last, polls };
        if (wait >= left) {
            lastPoll = true;
            wait = left - Math.min(LAST_POLL_MS, left / 4);
        }
        await clock.sleep(wait, o.signal);
        interval = nextInterval(interval, o.intervalMs, o.maxIntervalMs);
    }
}

;// CONCATENATED MODULE: ./src/files/report-file.ts
/**
 * junit-path: where the report goes (and the other files a step writes: pw-output-dir, the
 * CLI's --summary). Checked before the run starts, so that a path that cannot be written fails
 * at once (naming the input) rather than after the whole wait; written after the run, with an
 * error that names the input too.
 */





const report_file_INPUT = 'junit-path';
/**
 * Where junit-path points: relative to the workspace (the step's working directory), with the
 * platform's own path rules (backslashes and drive letters on Windows runners).
 */
function reportTarget(path, platform = process.platform, cwd = process.cwd()) {
    return (platform === 'win32' ? external_node_path_.win32 : external_node_path_.posix).resolve(cwd, path);
}
/**
 * The checks of local files before any request: junit-path (gates save a report), pw-output-dir
 * (last-failed writes into it), and the CLI's --summary file.
 */
function checkReportPaths(settings, summaryFile) {
    const path = settings.junitPath;
    if (path !== undefined && isGate(settings.command))
        // The example file name in an error is the one the README uses for the provider.
        checkReportPath(path, process.cwd(), probeWrite, { fileName: `${settings.provider}.xml` });
    if (settings.command === 'last-failed')
        checkReportPath(settings.currents.pwOutputDir, settings.github.workspace ?? process.cwd(), probeWrite, { input: 'pw-output-dir', kind: 'folder' });
    if (summaryFile !== undefined)
        checkReportPath(summaryFile, process.cwd(), probeWrite, {
            input: 'summary',
            fileName: 'summary.md'
        });
}
/**
 * Whether something can be written here, by writing: root passes every permission test, and
 * a folder like /proc refuses new files whatever its mode says. A folder gets a probe file,
 * removed at once; a file is opened for writing without being changed.
 */
function probeWrite(path) {
    if ((0,external_node_fs_.statSync)(path).isDirectory()) {
        const probe = (0,external_node_path_.join)(path, `.test-run-gate-${process.pid}-${Date.now()}.tmp`);
        (0,external_node_fs_.closeSync)((0,external_node_fs_.openSync)(probe, 'wx'));
        (0,external_node_fs_.rmSync)(probe, { force: true });
    }
    else
        (0,external_node_fs_.closeSync)((0,external_node_fs_.openSync)(path, 'r+'));
}
/**
 * Checks, without leaving anything, that a report (or a folder, for `kind: 'folder'`) can be
 * written at `path`: a file is not a folder, and the nearest existing ancestor is a folder that
 * takes new files (the missing ones are created when the report is saved). Answers the absolute
 * target. `probe` is the write test, replaceable in tests.
 */
function checkReportPath(path, cwd = process.cwd(), probe = probeWrite, { input = report_file_INPUT, kind = 'file', fileName = 'junit.xml' } = {}) {
    const target = reportTarget(path, process.platform, cwd);
    const example = `${path.replace(/[\\/]+$/, '')}/${fileName}`;
    const writable = (at, what) => {
        try {
            probe(at);
        }
        catch (e) {
            throw badInput(input, `'${path}' cannot be written: ${what} '${at}' takes no new files (${codeOf(e)})`);
        }
    };
    const slash = process.platform === 'win32' ? /[\\/]$/ : /\/$/;
    if (kind === 'file' && slash.test(path)) {
        throw badInput(input, `'${path}' ends with a slash, so it is a folder; give a file name, e.g. ${example}`);
    }
    const here = statOf(target, input);
    if (kind === 'file' && here?.isDirectory()) {
        throw badInput(input, `'${path}' is a folder; give a file name, e.g. ${example}`);
    }
    if (kind === 'folder' && here && !here.isDirectory()) {
        throw badInput(input, `'${path}' is a file, not a folder`);
    }
    if (here) {
        writable(target, kind === 'file' ? 'the file' : 'the folder');
        return target;
    }
    for (let dir = (0,external_node_path_.dirname)(target);; dir = (0,external_node_path_.dirname)(dir)) {
        const st = statOf(dir, input);
        if (st && !st.isDirectory()) {
            throw badInput(input, `'${path}' cannot be written: '${dir}' is a file, not a folder`);
        }
        if (st) {
            writable(dir, 'the folder');
            return target;
        }
        if ((0,external_node_path_.dirname)(dir) === dir) {
            throw badInput(input, `'${path}' cannot be written: no folder on its path exists`);
        }
    }
}
/**
 * Writes the report, creating missing folders; `what` names it, e.g. "the JUnit report of
 * Testsigma run 5". Whole or not at all: a CI's test view reading a cut file would show a
 * broken report, or none, for a run that has one.
 */
async function writeReport(path, text, what) {
    const target = reportTarget(path);
    try {
        await writeWhole(target, text);
    }
    catch (e) {
        // The run is over and its result known: the error says which input to fix, not a bare EEXIST.
        throw badInput(report_file_INPUT, `could not write ${what} to '${target}' (${codeOf(e)}: ${messageOf(e)})`);
    }
    return target;
}
/** A path's stats, or undefined when nothing is there (ENOTDIR: a file on the way). */
function statOf(path, input) {
    try {
        return (0,external_node_fs_.statSync)(path);
    }
    catch (e) {
        const code = codeOf(e);
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return undefined;
        throw badInput(input, `'${path}' cannot be checked (${code}: ${messageOf(e)})`);
    }
}
function codeOf(e) {
    const code = e?.code;
    return typeof code === 'string' ? code : 'error';
}
/** Node's message without the code and path it repeats: "EACCES: permission denied, open '/x'". */
function messageOf(e) {
    const text = e instanceof Error ? e.message : String(e);
    return text.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}

;// CONCATENATED MODULE: ./src/files/junit-xml.ts
/** Anything XML 1.0 cannot carry, even as a reference: dropped rather than breaking the file. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ATTRIBUTE = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&apos;',
    // A parser turns a raw newline or tab in an attribute into a space: references keep them.
    '\n': '&#10;',
    '\r': '&#13;',
    '\t': '&#9;'
};
const xmlAttribute = (s) => s.replace(NOT_XML, '').replace(/[&<>"'\n\r\t]/g, c => ATTRIBUTE[c]);
const xmlText = (s) => s.replace(NOT_XML, '').replace(/[&<>]/g, c => ATTRIBUTE[c]);
/** A count from the service, which may be anything: a whole number, at least 0. */
const count = (n) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
const seconds = (ms) => ms !== undefined && Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : undefined;
function junit_xml_element(name, attributes, body) {
    const attrs = Object.entries(attributes)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`)
        .join('');
    return body === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${body}</${name}>`;
}
/** A test's spec as the run names it, without the checkout folders the gate put in front. */
const belongs = (test, item) => {
    const group = test.group ?? test.file;
    const file = item.file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    return group !== undefined && (group === file || group.endsWith(`/${file}`));
};
/**
 * Each test goes to the first item of its file with room left for it (its stats count more
 * such tests than are placed): a spec run in two groups (browsers) is two items of one file.
 */
function place(suites, tests, kind) {
    for (const test of tests) {
        const fits = (s) => belongs(test, s.item) &&
            s[kind].length < count(kind === 'failed' ? s.item.failures : s.item.flaky);
        const suite = suites.find(s => belongs(test, s.item) && s.item.file === test.group && fits(s)) ??
            suites.find(fits);
        suite?.[kind].push(test);
    }
}
function testcase(test, classname, body) {
    return junit_xml_element('testcase', {
        name: test.name,
        classname,
        file: test.file,
        line: test.line !== undefined && test.line > 0 ? Math.floor(test.line) : undefined
    }, body);
}
function failedCase(test, classname) {
    const text = [test.message, test.details, test.url].filter(Boolean).join('\n');
    const failure = junit_xml_element('failure', { message: test.message ?? 'failed', type: 'failure' }, xmlText(text));
    return testcase(test, classname, failure);
}
function flakyCase(test, classname) {
    // A flaky test passed in the end: a pass in every test view, with why it is worth a look.
    const why = `Flaky: passed after failing${test.message ? ` with: ${test.message}` : ''}`;
    return testcase(test, classname, `<system-out>${xmlText(why)}</system-out>`);
}
/** The item's tests not read one by one, as one test case, failed when any of them failed. */
function summaryCase(suite, url) {
    const { item } = suite;
    const left = count(item.tests) - suite.failed.length - suite.flaky.length;
    if (left <= 0)
        return undefined;
    const failed = Math.min(left, Math.max(0, count(item.failures) - suite.failed.length));
    const skipped = Math.min(left - failed, count(item.skipped));
    const passed = left - failed - skipped;
    const parts = [
        passed ? `${passed} passed` : '',
        failed ? `${failed} failed` : '',
        skipped ? `${skipped} skipped` : ''
    ].filter(Boolean);
    const name = `${left} other test${left === 1 ? '' : 's'} (${parts.join(', ')})`;
    const where = url ? `; see ${url}` : '';
    const body = failed
        ? junit_xml_element('failure', {
            message: `${failed} failed test${failed === 1 ? ' was' : 's were'} not read one by one${where}`,
            type: 'failure'
        }, '')
        : passed === 0
            ? '<skipped/>'
            : undefined;
    return junit_xml_element('testcase', { name, classname: item.file }, body);
}
function testsuite(suite, url) {
    const { item } = suite;
    const cases = [
        ...suite.failed.map(t => failedCase(t, item.file)),
        ...suite.flaky.map(t => flakyCase(t, item.file)),
        summaryCase(suite, url)
    ].filter(c => c !== undefined);
    const attributes = {
        name: item.file,
        tests: count(item.tests),
        failures: count(item.failures),
        errors: 0,
        skipped: count(item.skipped),
        time: seconds(item.durationMs)
    };
    return cases.length === 0
        ? `  ${junit_xml_element('testsuite', attributes)}`
        : `  ${junit_xml_element('testsuite', attributes, `\n    ${cases.join('\n    ')}\n  `)}`;
}
/** The run as one JUnit XML document, from its items and the failed and flaky tests read. */
function junitXml({ name, run, failed, flaky }) {
    const suites = (run.items ?? []).map(item => ({ item, failed: [], flaky: [] }));
    place(suites, failed?.tests ?? [], 'failed');
    place(suites, flaky?.tests ?? [], 'flaky');
    const sum = (key) => suites.reduce((acc, s) => acc + count(s.item[key]), 0);
    const root = {
        name,
        tests: sum('tests'),
        failures: sum('failures'),
        errors: 0,
        time: seconds(run.durationMs)
    };
    const body = suites.map(s => testsuite(s, run.url)).join('\n');
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        suites.length === 0 ? junit_xml_element('testsuites', root) : junit_xml_element('testsuites', root, `\n${body}\n`),
        ''
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/model/triage.ts
/**
 * A gate that tells failures apart (SPEC.md "Quarantine and known failures"): an entry of the
 * quarantine file, what became of each failed test of a run, and the rules that decide it:
 * quarantined first (an entry in force matches), then known (failing in the baseline too),
 * then new. Pure: the entries, the baseline's failed tests and today's date come in.
 */

/** Today in UTC as YYYY-MM-DD: an entry applies until the end of its `until` day. */
function utcDay(now) {
    return new Date(now).toISOString().slice(0, 10);
}
/** A test name pattern: the text itself, where `*` stands for any text. */
function nameMatches(pattern, name) {
    if (!pattern.includes('*'))
        return pattern === name;
    const parts = pattern.split('*').map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${parts.join('[\\s\\S]*')}$`).test(name);
}
/** A file glob against a repository path; an entry with a file never matches a test without. */
function fileMatches(glob, file) {
    if (glob === undefined)
        return true;
    return file !== undefined && external_node_path_.posix.matchesGlob(file, glob);
}
function entryMatches(entry, test) {
    return nameMatches(entry.test, test.name) && fileMatches(entry.file, test.file);
}
/**
 * Known: the baseline has a failed test of the same name, and of the same file where both
 * name one.
 */
function knownIn(baseline, test) {
    return baseline.tests.some(b => b.name === test.name &&
        (b.file === undefined || test.file === undefined || b.file === test.file));
}
/**
 * Why the failures can't all be told apart test by test, if they can't: items not read, more
 * failures found than listed, a count above what was read, or nothing read at all.
 */
function uncheckedReason(failed, countedFailures) {
    if (!failed)
        return 'the failed tests could not be read';
    if (failed.unread.length > 0)
        return `${failed.unread.length === 1 ? 'a failed file was' : `${failed.unread.length} failed files were`} not read test by test`;
    if (failed.found > failed.tests.length)
        return `only ${failed.tests.length} of ${failed.found} failed tests are listed`;
    if (failed.found === 0)
        return 'the run failed without a failed test to check';
    if (countedFailures !== undefined && countedFailures > failed.found)
        return `the run counts ${countedFailures} failed tests, and ${failed.found} ${failed.found === 1 ? 'was' : 'were'} read`;
    return undefined;
}
function triage(failed, entries, today, options = {}) {
    const result = { quarantined: [], expired: [], known: [], fresh: [], unused: [] };
    const unchecked = uncheckedReason(failed, options.countedFailures);
    if (unchecked !== undefined)
        result.unchecked = unchecked;
    const baseline = options.baseline;
    if (baseline) {
        result.baseline = baseline.name;
        if (baseline.problem !== undefined)
            result.baselineProblem = baseline.problem;
    }
    const used = new Set();
    for (const test of failed?.tests ?? []) {
        const matching = entries.filter(e => entryMatches(e, test));
        matching.forEach(e => used.add(e));
        const inForce = matching.find(e => e.until >= today);
        if (inForce) {
            result.quarantined.push({ test, entry: inForce });
            continue;
        }
        if (matching[0])
            result.expired.push({ test, entry: matching[0] });
        if (baseline?.failed && knownIn(baseline.failed, test))
            result.known.push(test);
        else
            result.fresh.push(test);
    }
    result.unused = entries.filter(e => !used.has(e));
    return result;
}
/**
 * Whether the failures gate: every failure must have been checked one by one for the gate to
 * let any pass; then `any` gates on what the quarantine did not let pass, `new` only on new
 * failures (known ones are reported, not gated on).
 */
function failuresGate(t, failOn) {
    if (t.unchecked !== undefined)
        return true;
    return failOn === 'new' ? t.fresh.length > 0 : t.fresh.length + t.known.length > 0;
}
/** The failed tests that do not gate: quarantined ones, and known ones with fail-on new. */
function notGating(t, failOn) {
    if (!t)
        return new Set();
    return new Set([...t.quarantined.map(q => q.test), ...(failOn === 'new' ? t.known : [])]);
}

;// CONCATENATED MODULE: ./src/commands/triage.ts
/**
 * A gate that tells failures apart (SPEC.md "Quarantine and known failures"): the baseline's
 * failed tests are read the way the run's were, then each failure of the run is quarantined,
 * known or new. Reading the baseline is best effort: what can't be read is one warning, and
 * then every failure counts as new.
 */



/** Currents instance reads for a gate with a quarantine file (SPEC.md: 50 instead of 10). */
const QUARANTINE_READS = 50;
/** Whether the gate asks anything of its failures beyond reading them. */
function triaging(ctx) {
    const { baseline, baselineRunId } = ctx.settings.gate;
    return ctx.quarantine !== undefined || baseline !== undefined || baselineRunId !== undefined;
}
async function triageFailures(ctx, outcome, run) {
    const baseline = await readBaseline(ctx, run);
    if (baseline?.problem !== undefined)
        ctx.log.warn(`${baseline.problem}: every failure of this run counts as new`);
    const t = triage(outcome.failed, ctx.quarantine ?? [], utcDay(ctx.clock.now()), {
        countedFailures: run.counts.failed,
        baseline
    });
    outcome.triage = t;
    for (const { test, entry } of t.expired)
        ctx.log.warn(`The quarantine of "${test.name}" (${ctx.settings.gate.quarantine} line ${entry.line}) expired on ${entry.until}: fix the test or extend the entry`);
    for (const entry of t.unused)
        ctx.log.debug(`Quarantine entry at line ${entry.line} ("${entry.test}") matched no failure of this run`);
    if (t.unchecked !== undefined && ctx.quarantine !== undefined)
        ctx.log.warn(`No failure is quarantined while ${t.unchecked}`);
    const parts = [
        t.quarantined.length ? `${t.quarantined.length} quarantined` : '',
        t.known.length ? `${t.known.length} also failing in ${t.baseline}` : '',
        t.fresh.length ? `${t.fresh.length} new` : ''
    ].filter(Boolean);
    if (parts.length)
        ctx.log.info(`Failed tests: ${parts.join(', ')}`);
}
/** The baseline's failed tests, or why they could not be read; undefined without one. */
async function readBaseline(ctx, run) {
    const { settings, provider } = ctx;
    const { baseline: branch, baselineRunId } = settings.gate;
    if (branch === undefined && baselineRunId === undefined)
        return undefined;
    const name = branch ?? `run ${baselineRunId}`;
    const opts = { signal: ctx.signal };
    try {
        let base;
        if (baselineRunId !== undefined)
            base = await provider.get(baselineRunId, opts);
        else
            base = await provider.findOnBranch?.(branch, opts);
        if (base === undefined)
            return { name, problem: `No ${provider.label} run was found on ${name}` };
        const label = provider.describe(base.id);
        // The newest run of the branch may be this very run (a push to the baseline branch).
        if (base.id === run.id)
            return { name, problem: `The baseline on ${name} is this run itself` };
        if (base.state !== 'finished')
            return { name, problem: `The baseline ${label} on ${name} has not finished` };
        if (base.status === 'passed')
            return { name, failed: { tests: [], found: 0, unread: [] } };
        if (base.status !== 'failed')
            return { name, problem: `The baseline ${label} on ${name} did not finish (${base.status})` };
        const failed = await provider.failedTests?.(base, { ...opts, reads: readsFor(ctx) });
        if (!failed)
            return { name, problem: `The failed tests of ${label} cannot be read` };
        ctx.log.info(`Baseline: ${label}${branch !== undefined ? ` on ${branch}` : ''}, ${plural(failed.found, 'failed test')}`);
        return { name, failed };
    }
    catch (e) {
        // Cancelled meanwhile too: the run had finished, and its failures count as new.
        return { name, problem: `The baseline on ${name} could not be read (${describeError(e)})` };
    }
}
/** With a quarantine file every failure must be checked one by one: more reads are allowed. */
function readsFor(ctx) {
    return ctx.quarantine !== undefined ? QUARANTINE_READS : undefined;
}

;// CONCATENATED MODULE: ./src/commands/after-run.ts
/**
 * What a gate does once its last run has finished: save the run's JUnit report when
 * `junit-path` asks for it, and, when the run failed, learn its failed tests (SPEC.md "What
 * failed"). One fetch of the report serves both; a service with no report to fetch (Currents)
 * gets one written from the run and the tests read, after they are read. Learning the failed tests is best effort: what
 * cannot be read is one warning, and the verdict never depends on it.
 */





/** The report may be written a moment after the run completes: a few tries, 2 s apart. */
const REPORT_TRIES = 3;
async function afterRun(ctx, outcome, run) {
    const { settings, provider } = ctx;
    const download = provider.readReport?.bind(provider, run.id, { signal: ctx.signal });
    let report;
    const junitPath = settings.junitPath;
    if (junitPath !== undefined && download) {
        report = await withRetries(ctx, REPORT_TRIES, download);
        outcome.junitPath = await writeReport(junitPath, report, `the JUnit report of ${provider.describe(run.id)}`);
        ctx.log.info(`Saved the JUnit report to ${outcome.junitPath}`);
    }
    // The last run's report, downloaded at most once for its failed and its flaky tests (it is
    // kept while the step reads them, as it is with junit-path).
    const lastReport = report ?? (download ? async () => (report ??= await download()) : undefined);
    await readFailed(ctx, outcome, run, lastReport);
    await readFlaky(ctx, outcome, lastReport);
    if (junitPath !== undefined && !provider.readReport) {
        const xml = junitXml({
            name: provider.describe(run.id),
            run,
            failed: outcome.failed,
            flaky: outcome.flaky
        });
        outcome.junitPath = await writeReport(junitPath, xml, `the JUnit report of ${provider.describe(run.id)}`);
        ctx.log.info(`Wrote the JUnit report to ${outcome.junitPath}`);
    }
}
/** The failed tests of a run that failed. */
async function readFailed(ctx, outcome, run, report) {
    const { settings, provider } = ctx;
    // A run that passed costs no request here (SPEC.md); nor does one cancelled or timed out.
    if (run.status !== 'failed' || !provider.failedTests)
        return;
    const failedTests = provider.failedTests.bind(provider, run, {
        signal: ctx.signal,
        report,
        reads: readsFor(ctx)
    });
    // Only a report not yet written is worth another try; instance reads retry by themselves
    // and must stay at most 10.
    const tries = provider.readReport && typeof report !== 'string' ? REPORT_TRIES : 1;
    let failed;
    try {
        failed = await withRetries(ctx, tries, failedTests);
    }
    catch (e) {
        // Cancelled meanwhile: the run had finished already, so the verdict stands as it is.
        if (isGateError(e, 'aborted'))
            return;
        ctx.log.warn(`Could not read the failed tests of ${provider.describe(run.id)}: ${describeError(e)}`);
        // Nothing can be quarantined or known now, and the triage says why.
        if (triaging(ctx))
            await triageFailures(ctx, outcome, run);
        return;
    }
    outcome.failed = withoutKey(failed, settings.apiKey);
    if (failed.problem)
        ctx.log.warn(outcome.failed.problem);
    if (failed.found > 0)
        ctx.log.info(`${provider.describe(run.id)}: ${plural(failed.found, 'failed test')}`);
    if (triaging(ctx))
        await triageFailures(ctx, outcome, run);
}
/**
 * The tests that passed only after failing (a retry, a rerun), whatever the verdict; the
 * provider makes no request when the runs say there are none.
 */
async function readFlaky(ctx, outcome, report) {
    const { settings, provider } = ctx;
    const run = outcome.run;
    if (!provider.flakyTests || !run || (run.status !== 'passed' && run.status !== 'failed'))
        return;
    // The report in hand is the last run's: a rerun's flaky tests need the earlier ones' too.
    const flakyTests = provider.flakyTests.bind(provider, outcome.history, {
        signal: ctx.signal,
        report
    });
    try {
        const flaky = await flakyTests();
        const clean = withoutKey({ ...flaky, unread: [] }, settings.apiKey);
        outcome.flaky = { tests: clean.tests, found: flaky.found, problem: clean.problem };
        if (flaky.problem)
            ctx.log.warn(clean.problem);
        if (flaky.found > 0)
            ctx.log.info(`${provider.describe(run.id)}: ${plural(flaky.found, 'flaky test')}`);
    }
    catch (e) {
        if (!isGateError(e, 'aborted'))
            ctx.log.warn(`Could not read the flaky tests of ${provider.describe(run.id)}: ${describeError(e)}`);
    }
}
async function withRetries(ctx, tries, fn) {
    for (let i = 1;; i++) {
        try {
            return await fn();
        }
        catch (e) {
            if (i >= tries || !isGateError(e, 'transient'))
                throw e;
            ctx.log.info(`${describeError(e)}; trying again in 2s`);
            await ctx.clock.sleep(2000, ctx.signal);
        }
    }
}
/**
 * Test names and messages go to outputs, the summary and the check run, which are not masked
 * like the log: should a service echo the key into a message, it is removed here.
 */
function withoutKey(failed, key) {
    if (!key)
        return failed;
    const clean = (s) => (s === undefined ? s : s.split(key).join('***'));
    const test = (t) => {
        const out = { ...t, name: clean(t.name) };
        for (const k of ['title', 'file', 'message', 'details', 'group'])
            if (t[k] !== undefined)
                out[k] = clean(t[k]);
        return out;
    };
    return { ...failed, tests: failed.tests.map(test), problem: clean(failed.problem) };
}

;// CONCATENATED MODULE: ./src/waiting/signals.ts
/**
 * The signals that mean "stop now". The runner sends SIGINT, then SIGTERM 7.5 s later, then
 * SIGKILL; on Windows it sends Ctrl-C then Ctrl-Break, which Node reports as SIGINT and SIGBREAK.
 */
function terminationSignals(platform) {
    return platform === 'win32' ? ['SIGINT', 'SIGBREAK', 'SIGTERM'] : ['SIGINT', 'SIGTERM'];
}
/** Calls handler on each termination signal; answers a function that removes the handlers. */
function onTermination(handler, proc = process) {
    const signals = terminationSignals(proc.platform);
    for (const s of signals)
        proc.on(s, handler);
    return () => {
        for (const s of signals)
            proc.off(s, handler);
    };
}
/**
 * The budget after the first signal, inside the runner's 7.5 s before SIGTERM (SPEC.md
 * "Cancellation"), each counted from the signal: how long a trigger or rerun already sent may
 * still answer, by when every stop try and the read-back after it are done, and by when the
 * check run's last write is done. Outputs and the summary follow at once, then the exit.
 */
const GRACE = { answerMs: 3000, stopMs: 5000, reportMs: 6500 };
/** The reason a termination signal aborts with: which signal, and when it came. */
class SignalReceived extends Error {
    at;
    constructor(signal, at = Date.now()) {
        super(`received ${signal}`);
        this.at = at;
    }
}
/**
 * Milliseconds left of a grace period of `ms` after the signal; the whole `ms` when the signal
 * has not fired (or fired for another reason).
 */
function graceLeft(signal, ms, now = Date.now()) {
    const reason = signal.aborted ? signal.reason : undefined;
    return reason instanceof SignalReceived ? Math.max(0, reason.at + ms - now) : ms;
}
/**
 * Calls handler once when this process is re-parented: its parent died without passing a
 * signal on (SIGTERM to an `npx` ends npx alone and leaves the gate polling under init). A
 * process that init (or a container's init) started has no parent to lose. Windows does not
 * re-parent, so there this never fires.
 */
function onParentGone(handler, everyMs = 500, proc = process) {
    const parent = proc.ppid;
    if (parent <= 1)
        return () => { };
    const timer = setInterval(() => {
        if (proc.ppid === parent)
            return;
        clearInterval(timer);
        handler(parent);
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
}

;// CONCATENATED MODULE: ./src/commands/in-flight.ts
/**
 * Writes that start a run (a trigger, a rerun) are never cut off by a signal: a POST stopped
 * half-way may still start a run that nobody could then stop. After a signal the answer may
 * still come for GRACE.answerMs, so that the new run can be stopped; after that the step gives
 * up on it, says that a run may have started, and exits inside the runner's grace.
 */




/** `subject` names what may have started, e.g. "a run of test plan 274". */
async function untilAnswered(ctx, outcome, work, subject, where) {
    let stopTimer = () => { };
    let onAbort = () => { };
    const late = new Promise((_resolve, reject) => {
        onAbort = () => {
            stopTimer = after(graceLeft(ctx.signal, GRACE.answerMs), () => {
                const note = `${subject} may have started (no answer ${GRACE.answerMs / 1000}s after the cancellation): check ${where}`;
                outcome.stop = { reason: 'signal', outcome: 'not-attempted', at: ctx.clock.now(), note };
                ctx.log.warn(`${cancelledWhy(ctx.settings.host)} while starting ${subject}; ${note}`);
                reject(new GateError('aborted', `starting ${subject}: no answer before the step had to end`));
            });
        };
        if (ctx.signal.aborted)
            onAbort();
        else
            ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
        return await Promise.race([work, late]);
    }
    finally {
        stopTimer();
        ctx.signal.removeEventListener('abort', onAbort);
    }
}

;// CONCATENATED MODULE: ./src/commands/start.ts
/**
 * Starting a run (a trigger, a rerun) inside the wait's deadline (README "Cancellation": no
 * request, retry or Retry-After wait runs past wait-timeout). The deadline ends the waits
 * between tries and caps each try's timeout; a signal ends the waits only (in-flight.ts).
 */





/**
 * Answers the new run, or undefined when wait-timeout passed first (the stop is recorded,
 * with a note saying whether a run may have started). `subject` names what may have started,
 * e.g. "a run of test plan 274"; `where` where to check.
 */
async function startUntil(ctx, outcome, deadline, about, start) {
    const left = deadline - ctx.clock.now();
    const limit = timeoutSignal(left, 'wait-timeout passed');
    const passed = () => limit.signal.aborted || ctx.clock.now() >= deadline;
    try {
        const opts = {
            sleepSignal: AbortSignal.any([ctx.signal, limit.signal]),
            deadline: Date.now() + left
        };
        return await untilAnswered(ctx, outcome, start(opts), about.subject, about.where);
    }
    catch (e) {
        if (ctx.signal.aborted || !passed())
            throw e;
        const timeout = `wait-timeout (${formatDuration(ctx.settings.waitTimeoutMs)}) passed`;
        const note = isGateError(e) && e.mayHaveReachedServer
            ? `${about.subject} may have started (no answer in time): check ${about.where}`
            : `${about.subject} was not started`;
        outcome.stop = { reason: 'timeout', outcome: 'not-attempted', at: ctx.clock.now(), note };
        ctx.state.save('phase', 'done');
        ctx.log.warn(`${timeout} while starting ${about.subject}; ${note}`);
        return undefined;
    }
    finally {
        limit.clear();
    }
}
/**
 * Starts a rerun of a finished run and makes it the run of this step; undefined when
 * wait-timeout passed first. While the POST is in flight the state names no run: the old one
 * has ended, the new one is not known yet.
 */
async function startRerun(ctx, outcome, runId, deadline, type, items) {
    const { provider, state } = ctx;
    const rerun = provider.rerun;
    state.save('phase', 'starting');
    state.save('runId', '');
    const about = {
        subject: `a rerun of ${provider.describe(runId)}`,
        where: `the runs of ${provider.describe(runId)} in ${provider.label}`
    };
    const run = await startUntil(ctx, outcome, deadline, about, opts => rerun.call(provider, runId, type, items, opts));
    if (run === undefined)
        return undefined;
    state.save('runId', run.id);
    state.save('phase', 'waiting');
    ctx.onRunKnown?.(run);
    record(outcome, run);
    ctx.log.info(`Started ${provider.describe(run.id)}${run.url ? `: ${run.url}` : ''}`);
    return run;
}

;// CONCATENATED MODULE: ./src/commands/stop.ts
/** Stopping a run that nobody waits for any more: on a signal, or at the wait deadline. */







/** At the wait deadline nothing presses as a signal does; still, a stop never hangs. */
const STOP_AFTER_TIMEOUT_MS = 20_000;
/** The read after a stop, so that outputs show the run as stopped. */
const READ_BACK_MS = 2500;
async function cancelOnStop(ctx, outcome, runId, reason) {
    const { provider, settings, state } = ctx;
    const name = provider.describe(runId);
    const at = ctx.clock.now();
    const timeout = `wait-timeout (${formatDuration(settings.waitTimeoutMs)}) passed`;
    if (reason === 'timeout' && !settings.cancelOnTimeout) {
        outcome.stop = { reason, outcome: 'not-attempted', at };
        state.save('phase', 'done');
        ctx.log.warn(`${timeout}; ${name} is left running (cancel-on-timeout: false)`);
        return;
    }
    ctx.log.info(`${reason === 'signal' ? cancelledWhy(settings.host) : timeout}; stopping ${name}`);
    // Every stop try and the read-back share one budget: after a signal, what is left of
    // GRACE.stopMs, so that the step writes its outputs and exits before SIGTERM.
    const budgetMs = reason === 'signal' ? graceLeft(ctx.signal, GRACE.stopMs) : STOP_AFTER_TIMEOUT_MS;
    let tried = await tryStop(ctx, runId, budgetMs);
    if (!tried.ok && noPostStep(ctx)) {
        // No post step will try again: the CLI does, within its own time (a second signal ends
        // the process at once, cli/main.ts).
        ctx.log.warn(`Could not stop ${name}: ${tried.error}; trying again`);
        tried = await tryStop(ctx, runId, STOP_AFTER_TIMEOUT_MS);
    }
    if (tried.ok) {
        outcome.stop = { reason, outcome: tried.result, at };
        state.save('phase', 'done');
        if (tried.final)
            record(outcome, tried.final);
        ctx.log.info(tried.result === 'cancelled'
            ? `Stopped ${name}`
            : tried.result === 'already-finished'
                ? `${name} had already finished`
                : `${name} was not found`);
        return;
    }
    // Phase stays 'waiting': the post step, if any, tries again.
    const then = noPostStep(ctx) ? `stop it with: ${cancelCommand(settings, runId)}` : undefined;
    outcome.stop = { reason, outcome: 'failed', at, error: tried.error, then };
    ctx.log.warn(`Could not stop ${name}: ${tried.error}; ${then ?? stopLater(settings.host)}`);
}
/** The CLI has no post step to try a failed stop again: it does, then names the command. */
const noPostStep = (ctx) => ctx.settings.host === 'cli';
/** Stop tries and, after a stop (with `readBack`), one read of the run, all within budgetMs. */
async function tryStop(ctx, runId, budgetMs, readBack = true) {
    const budget = timeoutSignal(budgetMs, `no answer within ${budgetMs} ms`);
    try {
        // Not tied to ctx.signal: that one has fired already. Urgent: short, bounded retries.
        const result = await ctx.provider.cancel(runId, { urgent: true, signal: budget.signal });
        const final = result === 'cancelled' && readBack
            ? await readFinalState(ctx, runId, budget.signal)
            : undefined;
        return { ok: true, result, final };
    }
    catch (e) {
        const error = budget.signal.aborted
            ? `no answer within ${(budgetMs / 1000).toFixed(1)}s`
            : describeError(e);
        return { ok: false, error };
    }
    finally {
        budget.clear();
    }
}
/** The CLI command that stops a run, for a stop that could not be made here. */
function cancelCommand(settings, runId) {
    const url = settings.apiUrl === DEFAULT_API_URL[settings.provider] ? '' : ` --api-url ${settings.apiUrl}`;
    return `test-run-gate cancel --provider ${settings.provider} --run-id ${runId}${url}`;
}
/**
 * A run this step started and stops following for another reason than its end (a rejected
 * key, an answer of the wrong shape or about another run): nobody would stop it otherwise, so
 * it is stopped as at the deadline. Answers the error to end with, saying how the stop went.
 */
async function stopAfterError(ctx, runId, error) {
    if (!isGateError(error))
        return error;
    const name = ctx.provider.describe(runId);
    ctx.log.info(`Stopped following ${name} (${describeError(error)}); stopping it`);
    // No read-back: reads are what failed, and the step ends with the error, not the run's state.
    const tried = await tryStop(ctx, runId, STOP_AFTER_TIMEOUT_MS, false);
    if (tried.ok)
        ctx.state.save('phase', 'done');
    const said = tried.ok
        ? tried.result === 'cancelled'
            ? `stopped ${name}`
            : tried.result === 'already-finished'
                ? `${name} had already finished`
                : `${name} was not found to stop`
        : `stopping ${name} failed too (${tried.error}); ${noPostStep(ctx) ? `stop it with: ${cancelCommand(ctx.settings, runId)}` : 'stop it in ' + ctx.provider.label}`;
    ctx.log.info(said.charAt(0).toUpperCase() + said.slice(1));
    return new GateError(error.kind, `${error.message}; ${said}`, {
        status: error.status,
        retryAfterMs: error.retryAfterMs,
        mayHaveReachedServer: error.mayHaveReachedServer,
        cause: error
    });
}
/** One quick read after a stop, so outputs and summary show the run as stopped (best effort). */
async function readFinalState(ctx, runId, signal) {
    try {
        // Best effort: a short look, never the rest of the budget.
        const quick = AbortSignal.any([signal, AbortSignal.timeout(READ_BACK_MS)]);
        return await ctx.provider.get(runId, { urgent: true, signal: quick });
    }
    catch (e) {
        ctx.log.debug(`Could not read ${ctx.provider.describe(runId)} after stopping it: ${describeError(e)}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/commands/progress.ts
const HEARTBEAT_MS = 60_000;
function formatElapsed(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, '0');
    return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}
function progressPrinter(ctx, name, startedAt) {
    let last = '';
    let lastAt = -Infinity;
    return run => {
        const text = `${name}: ${run.state === 'finished' ? `finished, ${run.status} (${run.result || 'no result'})` : run.status}${run.progress ? `; ${run.progress}` : ''}`;
        const now = ctx.clock.now();
        if (text === last && now - lastAt < HEARTBEAT_MS)
            return;
        last = text;
        lastAt = now;
        ctx.log.info(`[${formatElapsed(now - startedAt)}] ${text}`);
    };
}

;// CONCATENATED MODULE: ./src/commands/run.ts
/**
 * `command: run` (and the waiting half of `rerun`): start or find the run, wait for it, rerun
 * failures when asked, then save its report and read its failed tests (after-run.ts). Cancels
 * the run on a signal or at the wait deadline.
 */









async function runCommand(ctx, outcome) {
    const { settings, provider, state } = ctx;
    const deadline = outcome.startedAt + settings.waitTimeoutMs;
    if (settings.runId !== undefined) {
        // Known from the input: outputs name it and a signal stops it, whatever its first read does.
        outcome.runId = settings.runId;
        return waitAndRerun(ctx, outcome, settings.runId, deadline, false);
    }
    let run;
    if (provider.start) {
        state.save('phase', 'starting');
        // A signal ends the waits between tries (nothing was taken on then), never a try in flight.
        const subject = provider.startSubject?.() ?? { what: 'the run', where: provider.label };
        const about = { subject: `a run of ${subject.what}`, where: subject.where };
        run = await startUntil(ctx, outcome, deadline, about, opts => provider.start(opts));
        if (run === undefined)
            return;
        ctx.log.info(`Started ${provider.describe(run.id)}${run.url ? `: ${run.url}` : ''}`);
    }
    else {
        state.save('phase', 'waiting');
        run = await findRun(ctx, outcome, deadline);
        if (run === undefined)
            return;
    }
    record(outcome, run);
    await waitAndRerun(ctx, outcome, run, deadline, provider.start !== undefined);
}
/**
 * Waits for a run (a snapshot, or an id not read yet), then reruns its failures while asked
 * to; the last run decides. `started`: this step started it, so it stops what it gives up on.
 */
async function waitAndRerun(ctx, outcome, first, deadline, started) {
    const { settings, provider, state } = ctx;
    let known = typeof first === 'string' ? undefined : first;
    let runId = typeof first === 'string' ? first : first.id;
    state.save('runId', runId);
    if (known)
        ctx.onRunKnown?.(known);
    for (;;) {
        state.save('phase', 'waiting');
        const run = await follow(ctx, outcome, { id: runId, known, started }, deadline);
        if (!run)
            return;
        if (!settings.wait) {
            state.save('phase', 'started');
            if (ctx.signal.aborted)
                await cancelOnStop(ctx, outcome, run.id, 'signal');
            return;
        }
        if (run.status !== 'failed' ||
            outcome.reruns >= settings.testsigma.rerunFailed ||
            !provider.rerun)
            return finish(ctx, outcome, run);
        outcome.reruns++;
        ctx.log.info(`Rerunning the failed tests of ${provider.describe(run.id)} (rerun ${outcome.reruns} of ${settings.testsigma.rerunFailed})`);
        let rerun;
        try {
            rerun = await startRerun(ctx, outcome, run.id, deadline, 'ONLY_FAILED_TESTS');
        }
        catch (e) {
            // The failed run's tests are still worth reporting: the rerun never replaced it.
            if (!isGateError(e, 'aborted'))
                await afterRun(ctx, outcome, run);
            throw e;
        }
        if (rerun === undefined)
            return afterRun(ctx, outcome, run);
        known = rerun;
        runId = rerun.id;
        started = true;
    }
}
/** The last run has finished: its report and failed tests. */
async function finish(ctx, outcome, run) {
    ctx.state.save('phase', 'done');
    try {
        await afterRun(ctx, outcome, run);
    }
    catch (e) {
        // Cancelled after the run had ended (its report downloading): nothing is left to stop.
        if (isGateError(e, 'aborted'))
            outcome.stop = { reason: 'signal', outcome: 'already-finished', at: ctx.clock.now() };
        throw e;
    }
}
/** " 3 times in a row" after the first of consecutive failures. */
const inARow = (n) => (n > 1 ? ` ${n} times in a row` : '');
/**
 * Polls one run to its end (with wait: false, one read), its first read included: the same
 * deadline and transient rule. Answers the last snapshot, or undefined when the wait was cut
 * short (signal or deadline) and the run was stopped as the settings say. A run this step
 * started and stops following for any other reason is stopped too.
 */
async function follow(ctx, outcome, run, deadline) {
    const { settings, provider } = ctx;
    const print = progressPrinter(ctx, provider.describe(run.id), outcome.startedAt);
    let read = run.known !== undefined;
    if (run.known) {
        print(run.known);
        if (run.known.state === 'finished' || !settings.wait)
            return run.known;
    }
    if (ctx.signal.aborted)
        return void (await cancelOnStop(ctx, outcome, run.id, 'signal'));
    try {
        const result = await pollUntil({
            poll: signal => provider.get(run.id, { signal }),
            isDone: r => r.state === 'finished' || !settings.wait,
            intervalMs: settings.pollIntervalMs,
            maxIntervalMs: settings.maxPollIntervalMs,
            deadline,
            signal: ctx.signal,
            clock: ctx.clock,
            onValue: r => {
                record(outcome, r);
                if (!read) {
                    read = true;
                    ctx.log.info(`Waiting for ${provider.describe(r.id)}${r.url ? ` (${r.url})` : ''}`);
                    ctx.onRunKnown?.(r);
                }
                print(r);
            },
            onTransient: (e, n) => ctx.log.warn(`Reading ${provider.describe(run.id)} failed${inARow(n)}; trying again: ${describeError(e)}`)
        });
        if (result.kind === 'done')
            return result.value;
        await cancelOnStop(ctx, outcome, run.id, 'timeout');
        return undefined;
    }
    catch (e) {
        if (isGateError(e, 'aborted')) {
            await cancelOnStop(ctx, outcome, run.id, 'signal');
            return undefined;
        }
        throw run.started ? await stopAfterError(ctx, run.id, e) : e;
    }
}
/** Currents-style: look for a run recorded elsewhere until it exists or the deadline passes. */
async function findRun(ctx, outcome, deadline) {
    const { settings, provider } = ctx;
    const find = provider.find;
    const subject = provider.findSubject?.() ?? { what: `the ${provider.label} run`, hint: '' };
    const timeout = `wait-timeout (${formatDuration(settings.waitTimeoutMs)})`;
    ctx.log.info(`Looking for ${subject.what}, until ${timeout} passes`);
    let announced = false;
    // The failures since the last answer: a wait that ends on them says why nothing was found.
    let failing;
    const failed = (error, tries = (failing?.tries ?? 0) + 1) => {
        failing = { error, tries, since: failing?.since ?? ctx.clock.now() };
    };
    try {
        const result = await pollUntil({
            poll: async (signal) => {
                let found;
                try {
                    found = await find({ signal });
                }
                catch (e) {
                    // Cut off by wait-timeout between retries: the failure before the cut is the news.
                    if (isGateError(e, 'aborted') && e.lastFailure && !ctx.signal.aborted)
                        failed(e.lastFailure);
                    throw e;
                }
                failing = undefined;
                if (found === undefined && !announced) {
                    announced = true;
                    ctx.log.info(`No ${provider.label} run recorded yet; looking again until wait-timeout`);
                }
                return found;
            },
            isDone: r => r !== undefined,
            intervalMs: settings.pollIntervalMs,
            maxIntervalMs: settings.maxPollIntervalMs,
            deadline,
            signal: ctx.signal,
            clock: ctx.clock,
            onTransient: (e, n) => {
                failed(e, n);
                ctx.log.warn(`Looking for the run failed${inARow(n)}; trying again: ${describeError(e)}`);
            }
        });
        if (result.kind === 'done' && result.value) {
            ctx.log.info(`Found ${provider.describe(result.value.id)}${result.value.foundBy ? ` by ${result.value.foundBy}` : ''}${result.value.url ? `: ${result.value.url}` : ''}`);
            return result.value;
        }
        outcome.stop = { reason: 'timeout', outcome: 'not-attempted', at: ctx.clock.now() };
        outcome.done = failing
            ? `No ${provider.label} run was found within ${timeout}: ${lastTries(failing)}; looked for ${subject.what}`
            : `No ${provider.label} run was found within ${timeout}: looked for ${subject.what}${subject.hint ? `; ${subject.hint}` : ''}`;
        ctx.state.save('phase', 'done');
        return undefined;
    }
    catch (e) {
        if (isGateError(e, 'transient') && failing) {
            // Only the wait's failure budget lets a transient error out: say that it gave up, and why.
            const over = formatDuration(Math.round((ctx.clock.now() - failing.since) / 1000) * 1000);
            throw new GateError('transient', `Stopped looking for the ${provider.label} run after ${over} of failures, before ${timeout} passed: ${lastTries(failing)}`, { cause: e, url: failing.error.url, status: failing.error.status });
        }
        if (!isGateError(e, 'aborted'))
            throw e;
        // Nothing found to cancel by id: post cancels by GitHub run when the job was cancelled.
        outcome.stop = { reason: 'signal', outcome: 'not-attempted', at: ctx.clock.now() };
        return undefined;
    }
}
/** "the last 5 tries failed: <why> at <url>", for a wait that ends on failures. */
function lastTries(f) {
    const tries = f.tries === 1 ? 'the last try' : `the last ${f.tries} tries`;
    return `${tries} failed: ${describeError(f.error)}${f.error.url ? ` at ${f.error.url}` : ''}`;
}

;// CONCATENATED MODULE: ./src/commands/index.ts
/** One function per `command` input; each fills the outcome that the reporting edge reads. */








const need = (capability, what) => {
    if (capability === undefined)
        throw new GateError('bad-input', `Input 'command': ${what}`);
    return capability;
};
const commands = {
    run: runCommand,
    'last-failed': lastFailedCommand,
    async status(ctx, outcome) {
        const run = await ctx.provider.get(ctx.settings.runId, { signal: ctx.signal });
        record(outcome, run);
        outcome.done = `${ctx.provider.describe(run.id)} ${statusPhrase(run, run.status)}${run.result ? ` (${run.result})` : ''}`;
    },
    async cancel(ctx, outcome) {
        const { provider, settings } = ctx;
        if (settings.runId === undefined) {
            const cancelByCi = need(provider.cancelByCi, `cancel needs run-id with provider ${provider.name}`);
            const result = await cancelByCi.call(provider, { signal: ctx.signal });
            const runs = `${provider.label} runs of GitHub run ${settings.github.runId} attempt ${settings.github.runAttempt}`;
            outcome.done =
                result === 'cancelled'
                    ? `Cancelled the ${runs}`
                    : result === 'already-cancelled'
                        ? `The ${runs} were already cancelled`
                        : `No ${provider.label} run of GitHub run ${settings.github.runId} attempt ${settings.github.runAttempt} was in progress`;
            return;
        }
        const name = provider.describe(settings.runId);
        const result = await provider.cancel(settings.runId, { signal: ctx.signal });
        if (result === 'not-found')
            throw new GateError('not-found', `${name} was not found; check run-id`);
        outcome.done =
            result === 'cancelled'
                ? `Cancelled ${name}`
                : `${name} had already finished; nothing to cancel`;
    },
    async 'cancel-hook'(ctx, outcome) {
        ctx.state.save('phase', 'hook');
        outcome.done = `Cancellation hook armed: if this workflow run is cancelled, the post step cancels its ${ctx.provider.label} runs`;
    },
    async rerun(ctx, outcome) {
        const { provider, settings } = ctx;
        need(provider.rerun, `rerun is not a ${provider.name} command`);
        ctx.log.info(`Starting a rerun (${settings.testsigma.rerunType}) of ${provider.describe(settings.runId)}`);
        const deadline = outcome.startedAt + settings.waitTimeoutMs;
        const run = await startRerun(ctx, outcome, settings.runId, deadline, settings.testsigma.rerunType, settings.testsigma.testCaseResults);
        if (run !== undefined)
            await waitAndRerun(ctx, outcome, run, deadline, true);
    },
    async reset(ctx, outcome) {
        const { provider, settings } = ctx;
        const reset = need(provider.reset, `reset is not a ${provider.name} command`);
        const machines = await reset.call(provider, settings.runId, settings.currents.machineIds, { signal: ctx.signal });
        outcome.done =
            machines === 0
                ? `${provider.describe(settings.runId)} has no failed specs with a machine to reset`
                : `Reset ${plural(machines, 'machine')} of ${provider.describe(settings.runId)}`;
    },
    async delete(ctx, outcome) {
        const { provider, settings } = ctx;
        const remove = need(provider.remove, `delete is not a ${provider.name} command`);
        await remove.call(provider, settings.runId, { signal: ctx.signal });
        outcome.done = `Deleted ${provider.describe(settings.runId)}`;
    }
};
/**
 * Once main has ended with an error, post must not take it for a main step that died while
 * waiting (SPEC.md: no request on a normal job); the run may still go on, so a cancelled job
 * still cancels it. A signal is different: main cancelled, or post covers it as 'waiting'.
 */
function commandFor(command) {
    return async (ctx, outcome) => {
        try {
            await commands[command](ctx, outcome);
        }
        catch (e) {
            if (!isGateError(e, 'aborted') && isGate(command)) {
                ctx.state.save('phase', 'failed');
            }
            throw e;
        }
    };
}
/**
 * Runs the settings' command; answers the error it ended with, if any. A signal that cut the
 * command short before it could record a stop is recorded as one.
 */
async function execute(ctx, outcome) {
    try {
        await commandFor(ctx.settings.command)(ctx, outcome);
        return undefined;
    }
    catch (e) {
        if (isGateError(e, 'aborted') && !outcome.stop) {
            outcome.stop = { reason: 'signal', outcome: 'not-attempted', at: ctx.clock.now() };
        }
        ctx.log.debug(e instanceof Error && e.stack ? e.stack : String(e));
        return e;
    }
}

;// CONCATENATED MODULE: ./src/model/control.ts
/**
 * Control characters (C0, DEL, C1, and the Unicode line and paragraph separators): what no id,
 * path or line of text shown to a person may carry raw. One set for every layer.
 */
// eslint-disable-next-line no-control-regex
const ONE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Each run of control characters, for `replace` (one space for a run, typically). */
const CONTROL_RUNS = new RegExp(`${ONE.source}+`, 'g');
function hasControl(text) {
    return ONE.test(text);
}

;// CONCATENATED MODULE: ./src/providers/wire.ts

function obj(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v)
        ? v
        : {};
}
function num(v) {
    if (typeof v === 'number' && Number.isFinite(v))
        return v;
    if (typeof v === 'string' && /^\d+$/.test(v))
        return Number(v);
    return undefined;
}
/**
 * A string, well-formed: a lone surrogate (JSON can carry one as \\uD800) becomes U+FFFD, as
 * encodeURIComponent, which throws on one, and every writer of UTF-8 need.
 */
function str(v) {
    return typeof v === 'string' && v !== '' ? v.toWellFormed() : undefined;
}
/** A run id as the service sent it: digits stay exact (retry.ts keeps big ones as text). */
function wire_id(v) {
    if (typeof v === 'number')
        return Number.isSafeInteger(v) && v >= 0 ? String(v) : undefined;
    if (typeof v !== 'string' || v.trim() === '')
        return undefined;
    // An id goes into every log line, output and path of the run: control characters (NUL, a
    // backspace, a newline, terminal escapes) make it no id.
    return hasControl(v.trim()) ? undefined : v.trim().toWellFormed();
}
/** A numeric id for a request body, written as its exact digits however long. */
function wireId(runId) {
    const rawJSON = JSON.rawJSON;
    return /^\d+$/.test(runId) ? rawJSON(runId) : runId;
}
/**
 * A link from an API, used only when it is https (or http on a loopback host, for local
 * services and the simulator): another scheme (javascript:, data:, file:) never reaches an
 * output, the summary or the check run's details_url.
 */
function safeUrl(v) {
    if (typeof v !== 'string')
        return undefined;
    try {
        const u = new URL(v);
        const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(u.hostname);
        return u.protocol === 'https:' || (u.protocol === 'http:' && loopback) ? u.href : undefined;
    }
    catch {
        return undefined;
    }
}
function arr(v) {
    return Array.isArray(v) ? v : [];
}
/**
 * Cancellation runs inside the runner's grace (SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s
 * after): a few quick tries, each short, so a slow API cannot eat the whole window.
 */
const urgentRequest = {
    retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 1000 },
    timeoutMs: 2500
};

;// CONCATENATED MODULE: ./src/providers/currents/api.ts


function currentsApi(settings, github, http, credential) {
    return {
        settings,
        credential,
        github,
        http,
        async call(spec, anyBody = false) {
            const res = await http.request(spec);
            if (res.status >= 300) {
                const error = obj(res.body).error;
                return {
                    status: res.status,
                    data: undefined,
                    attempts: res.attempts,
                    error: typeof error === 'string' ? error : undefined
                };
            }
            const body = obj(res.body);
            if (anyBody && !('data' in body))
                return { status: res.status, data: body, attempts: res.attempts };
            if (String(body.status).toUpperCase() !== 'OK' || !('data' in body)) {
                throw new GateError('bad-response', `${spec.what}: the answer is not the documented {status: "OK", data} envelope`);
            }
            return { status: res.status, data: body.data, attempts: res.attempts };
        }
    };
}

;// CONCATENATED MODULE: ./src/providers/currents/cancel.ts
/**
 * Cancelling Currents runs: one by its id, or those of a GitHub workflow run and attempt. With
 * the API key through the API; with only the record key (credentials.ts) through the reporting
 * service ("director"), as Currents' own cancel action does (currents-dev/cancel-run-gh-action,
 * `src/api.ts`).
 */



async function cancelRun(api, runId, opts) {
    if (api.credential.kind === 'record-key') {
        const result = await cancelWithRecordKey(api, { runId }, opts);
        return result === 'cancelled' ? 'cancelled' : 'not-found';
    }
    const { status } = await api.call({
        what: `cancel Currents run ${runId}`,
        method: 'PUT',
        path: `/runs/${encodeURIComponent(runId)}/cancel`,
        // 422: already cancelled or finished (API.md): the goal is reached.
        expect: [404, 422],
        signal: opts?.signal,
        ...(opts?.urgent ? urgentRequest : {})
    });
    return status === 404 ? 'not-found' : status === 422 ? 'already-finished' : 'cancelled';
}
/** What cancelByCi cancels, in words for the log. */
function ciCancelSubject(api) {
    const { settings, github } = api;
    if (api.credential.kind === 'record-key') {
        return `the Currents run of project ${settings.projectId} with ciBuildId ${ciBuildIdsOf(api).join(' or ')} (with the record key)`;
    }
    return `the Currents runs of GitHub run ${github.runId} attempt ${github.runAttempt}`;
}
async function cancelByCi(api, opts) {
    const { settings, github } = api;
    if (api.credential.kind === 'record-key') {
        // The reporters name the run themselves when no ciBuildId is set (with `pw:` in front for
        // Playwright): ask for each name until one names a run.
        for (const ciBuildId of ciBuildIdsOf(api)) {
            const result = await cancelWithRecordKey(api, { ciBuildId }, opts);
            if (result === 'cancelled')
                return result;
        }
        return 'nothing-recorded';
    }
    const body = {
        // Both as JSON strings, as Currents' own action sends them: its server decodes the
        // attempt's integer from a string (API.md; the seed's OpenAPI says integer).
        githubRunId: github.runId,
        githubRunAttempt: String(github.runAttempt)
    };
    if (settings.projectId !== undefined)
        body.projectId = settings.projectId;
    if (settings.ciBuildId !== undefined)
        body.ciBuildId = settings.ciBuildId;
    const what = `cancel the Currents runs of GitHub run ${github.runId} attempt ${github.runAttempt}`;
    const { status, error } = await api.call({
        what,
        method: 'PUT',
        path: '/runs/cancel-ci/github',
        body,
        // 404: no run matched, so nothing to cancel. 422 "Run is cancelled": another job of a
        // parallel run cancelled it first (Currents' own action counts it as a success).
        expect: [404, 422],
        signal: opts?.signal,
        ...(opts?.urgent ? urgentRequest : {})
    }, 
    // 200 is the cancel, whatever the body: Currents' own action checks only the status, and
    // its test doubles answer the fields without the envelope.
    true);
    if (status === 404)
        return 'not-found';
    if (status === 422) {
        if (/cancel/i.test(error ?? ''))
            return 'already-cancelled';
        throw new GateError('conflict', `${what}: HTTP 422: ${error ?? 'no reason given'}`, {
            status
        });
    }
    return 'cancelled';
}
/** The ciBuildIds the record key may cancel: the one set, else both defaults. */
function ciBuildIdsOf(api) {
    const { settings, github } = api;
    return settings.ciBuildId !== undefined ? [settings.ciBuildId] : defaultCiBuildIds(github);
}
/**
 * `POST {director-url}/v1/runs/cancel` `{recordKey, projectId, ciBuildId | runId}`, no
 * Authorization header (the HTTP client for a record key has none and goes to director-url
 * only). `data.runId: null`: nothing was recorded with that name yet.
 */
async function cancelWithRecordKey(api, target, opts) {
    const { settings, http } = api;
    if (api.credential.kind !== 'record-key')
        throw new Error('no record key');
    const which = 'runId' in target ? `run ${target.runId}` : `ciBuildId ${target.ciBuildId}`;
    const what = `cancel the Currents run with ${which} with the record key`;
    const res = await http.request({
        what,
        method: 'POST',
        path: '/v1/runs/cancel',
        body: { recordKey: api.credential.recordKey, projectId: settings.projectId, ...target },
        // Cancelling twice cancels once: a lost answer may be asked again.
        idempotent: true,
        expect: [404],
        signal: opts?.signal,
        ...(opts?.urgent ? urgentRequest : {})
    });
    if (res.status === 404) {
        // The route exists on Currents' cloud director; a 404 is another host or an older
        // self-hosted Currents, not a missing run (that answers runId: null).
        throw new GateError('not-found', `${what}: POST ${api.credential.directorUrl}/v1/runs/cancel answered 404 Not Found: check director-url (Currents' is https://cy.currents.dev); an older self-hosted Currents has no such route, so use api-key there`, { status: 404 });
    }
    const body = obj(res.body);
    const data = 'data' in body ? obj(body.data) : body;
    return typeof data.runId === 'string' && data.runId !== '' ? 'cancelled' : 'nothing-recorded';
}

;// CONCATENATED MODULE: ./src/providers/currents/checkout.ts
/**
 * The gate's own checkout, where there is one: a path taken from another machine's stack is
 * annotated only when the repository has it (a Playwright spec relative to testDir,
 * `web-app/a.spec.ts`, is not the repository's `tests/web-app/a.spec.ts`).
 */


/** A test of repository paths, or undefined when the workspace holds no checkout to ask. */
function checkoutPaths(workspace) {
    if (workspace === undefined || !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(workspace, '.git')))
        return undefined;
    const root = (0,external_node_path_.resolve)(workspace);
    return path => {
        const full = (0,external_node_path_.resolve)(root, path);
        const inside = (0,external_node_path_.relative)(root, full);
        return inside !== '' && !inside.startsWith('..') && !(0,external_node_path_.isAbsolute)(inside) && (0,external_node_fs_.existsSync)(full);
    };
}

;// CONCATENATED MODULE: ./src/providers/currents/dashboard.ts
/**
 * The Currents dashboard's pages, as Currents' own VS Code extension opens them
 * (currents-dev/ide-extension, src/views/runDetail/runDetailPanel.ts at d41811e; kept as
 * __tests__/conformance/fixtures/ide-extension-dashboard-pages.json): a run, a spec's instance,
 * one test of an instance. The REST API answers carry no page URL of their own.
 */
const DASHBOARD = 'https://app.currents.dev';
const segment = encodeURIComponent;
const runPage = (runId) => `${DASHBOARD}/run/${segment(runId)}`;
const instancePage = (instanceId) => `${DASHBOARD}/instance/${segment(instanceId)}`;
const testPage = (instanceId, testId) => `${instancePage(instanceId)}/test/${segment(testId)}`;

;// CONCATENATED MODULE: ./src/providers/currents/run.ts
/**
 * Currents' run JSON read into the normalized snapshot (API.md "Currents"): completionState,
 * status PASSED/FAILED/FAILING, groups[] and specs[] stay in this folder.
 */



const upper = (v) => (typeof v === 'string' ? v.trim().toUpperCase() : '');
function specsOf(run) {
    return arr(run.specs).map(s => {
        const spec = obj(s);
        const results = obj(spec.results);
        const stats = obj(results.stats);
        return {
            spec: str(spec.spec) ?? '(unnamed spec)',
            instanceId: str(spec.instanceId),
            machineId: str(spec.machineId),
            failures: num(stats.failures) ?? 0,
            flaky: num(results.flaky) ?? 0,
            completed: str(spec.completedAt) !== undefined,
            group: str(spec.groupId),
            tests: num(stats.tests) ?? 0,
            skipped: (num(stats.skipped) ?? 0) + (num(stats.pending) ?? 0),
            durationMs: num(stats.wallClockDuration)
        };
    });
}
/** Machines of failed specs, non-empty and each once: what reset needs to rerun failures. */
function failedMachines(raw) {
    const ids = specsOf(obj(raw))
        .filter(s => s.failures > 0 && s.machineId)
        .map(s => s.machineId);
    return [...new Set(ids)];
}
/** Currents' run JSON → the normalized snapshot. */
function normalize(raw, what = 'Currents run') {
    const run = obj(raw);
    // Currents' run ids are strings (hex); a number is some other answer.
    const id = typeof run.runId === 'string' ? wire_id(run.runId) : undefined;
    if (id === undefined)
        throw new GateError('bad-response', run.runId === undefined ? `${what}: the answer has no runId` : `${what}: its runId is no id`);
    const completion = upper(run.completionState);
    const statusWord = upper(run.status);
    // Finished when completionState is anything known but IN_PROGRESS; unknown words mean not yet.
    const finished = ['COMPLETE', 'CANCELED', 'CANCELLED', 'TIMEOUT'].includes(completion);
    const status = !finished
        ? 'running'
        : completion === 'TIMEOUT'
            ? 'timed-out'
            : completion !== 'COMPLETE'
                ? 'cancelled' // a CANCELED run is never a pass, whatever status says
                : statusWord === 'PASSED'
                    ? 'passed'
                    : 'failed';
    const groups = arr(run.groups).map(obj);
    const total = (part, key) => groups.reduce((acc, g) => acc + (num(obj(g[part])[key]) ?? 0), 0);
    // No groups yet: no count is known (0 would say that no test ran).
    const counts = groups.length === 0
        ? {}
        : {
            total: total('tests', 'overall'),
            passed: total('tests', 'passes'),
            failed: total('tests', 'failures'),
            skipped: total('tests', 'skipped') + total('tests', 'pending'),
            flaky: total('tests', 'flaky')
        };
    const url = runPage(id);
    const specs = specsOf(run);
    return {
        id,
        url,
        state: finished ? 'finished' : 'running',
        status,
        result: statusWord,
        counts,
        // The service's own figure (API.md: 59850 ms for a run whose specs span 58914 ms); a
        // Cypress run has none (Currents' docs, "Get Run", Cypress): createdAt → last completedAt.
        durationMs: finished ? (num(run.durationMs) ?? spanOf(run)) : undefined,
        message: completion && completion !== 'COMPLETE' ? `completionState ${completion}` : undefined,
        failures: failedSpecs(specs, url),
        flakyItems: flakySpecs(specs, url),
        // Only a finished run's counts are final: a JUnit file is written of nothing less.
        items: finished ? specs.map(itemOf) : undefined,
        progress: `specs ${total('instances', 'claimed')}/${total('instances', 'overall')} claimed, ${total('instances', 'complete')} complete; ` +
            `tests ${counts.passed ?? 0} passed, ${counts.failed ?? 0} failed, ${counts.flaky ?? 0} flaky`,
        details: groups.slice(0, 20).map(groupRow)
    };
}
/** From the run's creation to its last spec's completion, when both are known. */
function spanOf(run) {
    const created = Date.parse(str(run.createdAt) ?? '');
    const ends = arr(run.specs)
        .map(s => Date.parse(str(obj(s).completedAt) ?? ''))
        .filter(t => Number.isFinite(t));
    if (!Number.isFinite(created) || ends.length === 0)
        return undefined;
    const span = Math.max(...ends) - created;
    return span >= 0 ? span : undefined;
}
/** A spec's page: its instance's, when the run names it; else the run's. */
const specPage = (s, runUrl) => s.instanceId !== undefined ? instancePage(s.instanceId) : runUrl;
/** The failed specs, in the run's order, each a failed item whose tests can be read. */
function failedSpecs(specs, url) {
    return specs
        .filter(s => s.failures > 0)
        .map(s => ({
        id: s.instanceId,
        file: s.spec,
        title: s.spec,
        failures: s.failures,
        detail: [s.machineId ? `machine ${s.machineId}` : '', s.flaky ? `${s.flaky} flaky` : '']
            .filter(Boolean)
            .join(', '),
        url: specPage(s, url)
    }));
}
/** The specs whose stats count flaky tests, in the run's order: where their names are read. */
function flakySpecs(specs, url) {
    return specs
        .filter(s => s.flaky > 0)
        .map(s => ({
        id: s.instanceId,
        file: s.spec,
        title: s.spec,
        failures: s.flaky,
        url: specPage(s, url)
    }));
}
function itemOf(s) {
    const item = {
        file: s.spec,
        tests: s.tests,
        failures: s.failures,
        skipped: s.skipped,
        flaky: s.flaky
    };
    if (s.durationMs !== undefined && s.durationMs >= 0)
        item.durationMs = s.durationMs;
    return item;
}
/** A summary row for one group: its platform and its counts. */
function groupRow(g) {
    const p = obj(g.platform);
    const platform = [str(p.osName), str(p.osVersion), str(p.browserName), str(p.browserVersion)]
        .filter(Boolean)
        .join(' ');
    const t = obj(g.tests);
    return [
        `Group ${str(g.groupId) ?? ''}`,
        `${platform || 'unknown platform'}: ${num(t.passes) ?? 0} passed, ${num(t.failures) ?? 0} failed of ${num(t.overall) ?? 0}`
    ];
}

;// CONCATENATED MODULE: ./src/providers/currents/find.ts
/**
 * Finding the Currents run that other jobs record (GET /runs/find): by ciBuildId, else by
 * branch and tags. The run exists only once its first results are recorded, so a 404 means
 * "not yet" (API.md).
 */



function createFinder(api, project) {
    const { settings, github } = api;
    const byFilter = settings.branch !== undefined || settings.tags.length > 0;
    // With no ciBuildId set, the reporters may have named the run themselves (`pw:` in front):
    // both names are looked for, one find each per poll, until one answers.
    const candidates = settings.ciBuildId !== undefined
        ? [settings.ciBuildId]
        : byFilter
            ? [undefined]
            : defaultCiBuildIds(github);
    const guessed = candidates.length > 1;
    let found;
    const annotate = (run) => found === undefined || !guessed || run.id !== found.runId
        ? run
        : {
            ...run,
            foundBy: `ciBuildId ${found.ciBuildId}`,
            details: [['Found by', `ciBuildId ${found.ciBuildId}`], ...(run.details ?? [])]
        };
    return {
        subject() {
            const ids = candidates.filter(c => c !== undefined);
            const filters = [
                ids.length ? `ciBuildId ${ids.join(' or ')}` : '',
                settings.branch !== undefined ? `branch ${settings.branch}` : '',
                settings.tags.length
                    ? `${settings.tags.length === 1 ? 'tag' : 'tags'} ${settings.tags.join(', ')}`
                    : ''
            ].filter(Boolean);
            return {
                what: `the Currents run of project ${settings.projectId} with ${filters.join(' and ')}`,
                hint: guessed
                    ? `check project-id; set CURRENTS_CI_BUILD_ID in the workflow's env (for every job: the reporters record under it and this gate finds it), or set ci-build-id, branch or tags`
                    : ids.length
                        ? `check project-id, and that the tests are recorded with the same ciBuildId (the recorder's --ci-build-id), or set ci-build-id, branch or tags`
                        : `check project-id, branch and tags against the run in Currents`
            };
        },
        async find(opts) {
            for (const ciBuildId of candidates) {
                const what = `find the Currents run of project ${settings.projectId}${ciBuildId ? ` with ciBuildId ${ciBuildId}` : ''}`;
                const { status, data } = await api.call({
                    what,
                    method: 'GET',
                    path: '/runs/find',
                    query: {
                        projectId: settings.projectId,
                        ciBuildId,
                        branch: settings.branch,
                        'tags[]': settings.tags.length ? [...settings.tags] : undefined
                    },
                    expect: [404],
                    signal: opts?.signal
                });
                if (status === 404)
                    continue;
                const run = normalize(data, what);
                if (ciBuildId !== undefined && guessed) {
                    // Once one name answers, the other is never asked for again.
                    found = { runId: run.id, ciBuildId };
                    candidates.splice(0, candidates.length, ciBuildId);
                }
                return annotate(run);
            }
            await project.check(opts);
            return undefined;
        },
        annotate
    };
}
/**
 * A wrong api-url (…/v1/v1, or /v1 missing) or project-id makes every find answer 404 as if
 * the run were not recorded yet, for the whole wait-timeout. So on the first 404, one look at
 * the project itself: a 404 there ends the wait at once.
 */
function projectCheck(api) {
    const { settings, http } = api;
    let checked = false;
    return {
        async check(opts) {
            if (checked)
                return;
            const path = `/projects/${encodeURIComponent(settings.projectId ?? '')}`;
            try {
                const { status } = await api.call({
                    what: `read Currents project ${settings.projectId}`,
                    method: 'GET',
                    path,
                    expect: [404],
                    signal: opts?.signal
                });
                checked = true;
                if (status !== 404)
                    return;
            }
            catch (e) {
                // Transient (tried again at the next 404) or aborted: the poll loop decides. Any other
                // answer is no proof that the project is missing: keep looking for the run.
                if (isGateError(e, 'transient') || isGateError(e, 'aborted'))
                    throw e;
                checked = true;
                return;
            }
            throw new GateError('not-found', `Currents project ${settings.projectId} was not found: GET ${http.pathOf(path)} answered 404 Not Found, as every find did. Check project-id, and api-url (Currents' is https://api.currents.dev/v1: one /v1 at the end of its path)`, { status: 404 });
        }
    };
}
/**
 * The latest run of the project on a branch: the baseline of a gate (input baseline). Find
 * answers the most recent run that matches (API.md), finished or not.
 */
async function findOnBranch(api, branch, opts) {
    const what = `find the latest Currents run of project ${api.settings.projectId} on branch ${branch}`;
    const { status, data } = await api.call({
        what,
        method: 'GET',
        path: '/runs/find',
        query: { projectId: api.settings.projectId, branch },
        expect: [404],
        signal: opts?.signal
    });
    return status === 404 ? undefined : normalize(data, what);
}

;// CONCATENATED MODULE: ./src/model/run.ts
/**
 * The vocabulary of a run, whatever the service: its status, counts, failed tests, and what a
 * cancel did. Imports nothing: every other room speaks these words.
 */
/** The failed-tests output, the summary and the check run list at most this many tests. */
const MAX_FAILED_TESTS = 100;
/** A failed test's details keep this many lines: enough for Expected/Received and a code frame. */
const MAX_DETAIL_LINES = 20;

;// CONCATENATED MODULE: ./src/providers/error-text.ts
/**
 * A test's error as the services write it, for people: colour codes stripped, the first line
 * apart (the message everywhere), and the rest (Expected/Received, a code frame) bounded.
 */

/** CSI sequences (colours: `\u001b[31m`), OSC sequences (links) and two-byte escapes. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
function stripAnsi(text) {
    return text.replace(ANSI, '');
}
/** A details line past this is cut: a minified bundle's one line would fill the comment. */
const MAX_LINE = 300;
/**
 * What follows the first non-empty line of `text` (and then `more`, a code frame), colour codes
 * stripped, blank lines at either end dropped, at most MAX_DETAIL_LINES lines with a last
 * line saying how many were left out.
 */
function errorDetails(text, more) {
    const lines = stripAnsi(text ?? '')
        .split(/\r?\n/)
        .map(l => l.trimEnd());
    const first = lines.findIndex(l => l.trim() !== '');
    const rest = trimBlank(first < 0 ? [] : lines.slice(first + 1));
    if (more !== undefined)
        rest.push('', ...stripAnsi(more).split(/\r?\n/));
    trimBlank(rest);
    if (rest.length === 0)
        return undefined;
    const kept = rest
        .slice(0, MAX_DETAIL_LINES)
        .map(l => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE - 1)}…` : l));
    if (rest.length > kept.length)
        kept.push(`… ${rest.length - kept.length} more lines`);
    return kept.join('\n');
}
/** Drops the blank lines at either end, in place. */
function trimBlank(lines) {
    while (lines.length > 0 && lines[0].trim() === '')
        lines.shift();
    while (lines.length > 0 && lines.at(-1)?.trim() === '')
        lines.pop();
    return lines;
}

;// CONCATENATED MODULE: ./src/providers/currents/tests.ts
/**
 * The failed tests of one Currents instance (one spec's results, `GET /instances/{id}`), read
 * the way the real service writes it (API.md "Instance", from a recorded real answer): the list
 * and statuses in `results.tests[]`, the error details in the `testResults` map keyed by test id
 * (the ide-extension's types allow them in `tests[]` too, so both are read), ANSI colour codes
 * in every message, and paths as the recording runner saw them.
 */




/** Playwright's word for a test over its timeout is also a failure; Cypress says failed. */
const FAILED = new Set(['failed', 'timedout']);
const posixPath = (p) => p.replace(/\\/g, '/');
/**
 * A path as the repository knows it, or undefined when it cannot be told. GitHub's runners
 * check a repository out at `<work>/<x>/<x>/` (`/home/runner/work/shop/shop/`, in a container
 * job `/__w/shop/shop/`, on Windows `D:\a\shop\shop\`), where x is the recording job's
 * repository name, which may differ from the gate's: an absolute path loses everything up to
 * and including the first folder named twice in a row (`repo`'s own name is looked for first).
 * A Cypress bundle path (`webpack://proj/./a.cy.ts`) and a relative path are relative to the
 * project root already.
 */
function repositoryPath(path, repo) {
    let p = posixPath(path.trim()).replace(/^file:\/\//i, '');
    const bundled = /^webpack:\/\/[^/]*\/(.*)$/i.exec(p);
    if (bundled)
        p = bundled[1];
    const absolute = p.startsWith('/') || /^[a-z]:\//i.test(p);
    if (!absolute)
        return p.replace(/^(\.\/)+/, '') || undefined;
    // Windows paths keep their case loosely: compare without it.
    const lower = p.toLowerCase();
    const own = repo ? lower.indexOf(`/${repo}/${repo}/`.toLowerCase()) : -1;
    if (own >= 0)
        return p.slice(own + repo.length * 2 + 3) || undefined;
    const twice = /\/([^/]+)\/\1\//i.exec(p);
    return twice ? p.slice(twice.index + twice[0].length) || undefined : undefined;
}
/**
 * Cypress names a spec in its stack by the URL that served it:
 * `https://<host>/__cypress/tests?p=cypress/integration/a.spec.js` (Currents' docs, "Get
 * Instance", Cypress): the spec is the `p` parameter.
 */
function framePath(path) {
    const served = /\/__cypress\/tests\?p=([^&#]+)/.exec(path);
    if (!served)
        return path;
    try {
        return decodeURIComponent(served[1]);
    }
    catch {
        return served[1];
    }
}
/** True when a frame's path names the spec: equal to it, or ending with `/` and it. */
function namesSpec(path, spec) {
    const p = posixPath(path).replace(/[?#].*$/, '');
    const s = posixPath(spec).replace(/^(\.\/)+/, '');
    return s !== '' && (p === s || p.endsWith(`/${s}`));
}
/** `at fn (PATH:L:C)`, `at PATH:L:C` (V8) and `fn@PATH:L:C` (Firefox) frames. */
const FRAMES = [
    /\((.+?):(\d+):(\d+)\)\s*$/,
    /^\s*at\s+(?:async\s+)?(.+?):(\d+):(\d+)\s*$/,
    /@(.+?):(\d+):(\d+)\s*$/
];
/**
 * The first frame of a stack whose path ends with the spec's path: Cypress writes
 * `webpack://proj/./cypress/e2e/a.cy.ts:42:7`, Playwright `/abs/path/tests/a.spec.ts:42:7`.
 */
function lineFromStack(stack, spec) {
    for (const raw of stripAnsi(stack).split(/\r?\n/)) {
        for (const frame of FRAMES) {
            const m = frame.exec(raw);
            if (!m)
                continue;
            const path = framePath(m[1]);
            if (namesSpec(path, spec))
                return { path, line: Number(m[2]) };
            break;
        }
    }
    return undefined;
}
/** The first non-empty line, colour codes stripped, bounded. */
function firstLine(text) {
    if (text === undefined)
        return undefined;
    const line = stripAnsi(text)
        .split(/\r?\n/)
        .map(l => l.trim())
        .find(Boolean);
    return line?.slice(0, 1000);
}
/** Every test of the instance, with what is known of it from both places. */
function testsOf(data) {
    const details = obj(data.testResults);
    const seen = new Set();
    const out = [];
    const add = (id, listed) => {
        if (seen.has(id))
            return;
        seen.add(id);
        const d = obj(details[id]);
        const titleParts = arr(listed.title ?? d.title).filter(t => typeof t === 'string');
        const attempts = arr(d.attempts).length > 0 ? arr(d.attempts) : arr(listed.attempts);
        // The last failed attempt's error: a test that failed, retried and failed again shows the
        // error it finally failed with.
        const failedAttempt = attempts
            .map(obj)
            .findLast(a => FAILED.has(String(a.state).toLowerCase()) && a.error);
        const state = String(str(d.state) ?? str(listed.state) ?? str(listed._s) ?? '').toLowerCase();
        const retried = attempts.some(a => FAILED.has(String(obj(a).state).toLowerCase()));
        out.push({
            id,
            title: titleParts.join(' › ') || str(listed.title) || str(d.title) || `(test ${id.slice(0, 40)})`,
            state,
            displayError: str(d.displayError) ?? str(listed.displayError),
            error: obj(failedAttempt?.error ?? d.error ?? listed.error),
            flaky: [d.isFlaky, listed.isFlaky, listed._f].includes(true) || (state === 'passed' && retried)
        });
    };
    for (const t of arr(obj(data.results).tests)) {
        const listed = obj(t);
        const id = str(listed.testId);
        if (id !== undefined)
            add(id, listed);
    }
    for (const id of Object.keys(details))
        add(id, {});
    return out;
}
/** File and line of an error: its codeFrame, else the stack frame that names the spec. */
function locate(error, ctx, specFile) {
    const frame = obj(error.codeFrame);
    const line = num(frame.line);
    if (line !== undefined && line > 0) {
        // Playwright writes `file`; Cypress `absoluteFile` (the recording machine's, often a laptop's:
        // unmappable) and `relativeFile` (from the project root).
        const framed = [str(frame.file), str(frame.absoluteFile), str(frame.relativeFile)];
        const known = framed.filter(f => f !== undefined);
        const file = known.length === 0
            ? specFile
            : known.map(f => repositoryPath(f, ctx.repo)).find(f => f !== undefined);
        if (file !== undefined)
            return { file, line };
    }
    const hit = lineFromStack(str(error.stack) ?? '', ctx.spec);
    if (hit)
        return { file: repositoryPath(hit.path, ctx.repo) ?? specFile, line: hit.line };
    return { file: specFile };
}
/**
 * The spec's path in the repository: from the first absolute path of it in any error of the
 * instance (Playwright's spec path is relative to testDir, not to the repository), else the
 * spec path as the run names it.
 */
function specFileOf(tests, ctx) {
    for (const t of tests) {
        const frame = obj(t.error.codeFrame);
        const framed = [str(frame.file), str(frame.absoluteFile), str(frame.relativeFile)];
        const paths = [
            ...framed.map(f => (f !== undefined && namesSpec(f, ctx.spec) ? f : undefined)),
            lineFromStack(str(t.error.stack) ?? '', ctx.spec)?.path
        ];
        for (const p of paths) {
            const mapped = p === undefined ? undefined : repositoryPath(p, ctx.repo);
            if (mapped !== undefined)
                return mapped;
        }
    }
    return posixPath(ctx.spec).replace(/^(\.\/)+/, '');
}
/**
 * The failed tests of an instance in its order (a flaky test that passed in the end is not
 * one), at most `limit` of them built (an instance may list 200,000: only what can be reported
 * is made into entries). `data` is the answer's `data`.
 */
function instanceFailedTests(data, ctx, limit = Infinity) {
    const read = instanceTests(data, ctx, t => FAILED.has(t.state), limit);
    if (read.found > 0)
        return read;
    const tests = specException(obj(data), ctx);
    return { tests, found: tests.length };
}
/** The tests of an instance that passed only after failing, with the error they failed with. */
function instanceFlakyTests(data, ctx, limit = Infinity) {
    return instanceTests(data, ctx, t => t.flaky && !FAILED.has(t.state), limit);
}
function instanceTests(data, ctx, pick, limit) {
    const tests = testsOf(obj(data));
    const picked = tests.filter(pick);
    if (picked.length === 0)
        return { tests: [], found: 0 };
    const specFile = specFileOf(picked, ctx);
    const built = picked.slice(0, limit).map(t => {
        const where = locate(t.error, ctx, specFile);
        const test = { name: t.title, group: specFile };
        // A path the gate's checkout does not have is no place for an annotation.
        if (ctx.exists?.(where.file) !== false) {
            test.file = where.file;
            if (where.line !== undefined)
                test.line = where.line;
        }
        const text = firstLine(t.displayError) !== undefined ? t.displayError : str(t.error.message);
        const message = firstLine(text);
        if (message !== undefined)
            test.message = message;
        const details = errorDetails(text, str(obj(t.error.codeFrame).frame));
        if (details !== undefined)
            test.details = details;
        const page = ctx.instanceId !== undefined ? testPage(ctx.instanceId, t.id) : ctx.url;
        if (page)
            test.url = page;
        return test;
    });
    return { tests: built, found: picked.length };
}
/**
 * `results.exception`: an error that stopped the whole spec before any test failed on its own
 * (Currents' docs, "Get Instance", Cypress): the spec's failure, named by the spec.
 */
function specException(data, ctx) {
    const raw = obj(data.results).exception;
    const text = typeof raw === 'string' ? raw : (str(obj(raw).message) ?? str(obj(raw).stack));
    const message = firstLine(text);
    if (message === undefined)
        return [];
    const file = posixPath(ctx.spec).replace(/^(\.\/)+/, '');
    const test = { name: file, group: file, message };
    if (ctx.exists?.(file) !== false)
        test.file = file;
    if (ctx.url)
        test.url = ctx.url;
    return [test];
}

;// CONCATENATED MODULE: ./src/providers/currents/clean.ts


/** Text without terminal escapes (removed first) or control characters, on one line. */
function cleanText(text) {
    return stripAnsi(text).replace(CONTROL_RUNS, ' ').replace(/\s+/g, ' ').trim();
}
/** Lines of text (an error's details) without terminal escapes or other control characters. */
function cleanLines(text) {
    return text
        .split(/\r?\n/)
        .map(l => cleanText(l))
        .join('\n');
}
/**
 * A clean repository-relative path, or undefined: never absolute (`/x`, `\x`, `C:`), never
 * out of the checkout (a `..` segment), never a control character.
 */
function cleanPath(path) {
    if (path === undefined || path === '' || hasControl(path))
        return undefined;
    if (/^[/\\]/.test(path) || /^[a-z]:/i.test(path))
        return undefined;
    const parts = path.split(/[/\\]/);
    return parts.includes('..') ? undefined : path;
}
/** A line of a file: a positive safe integer, else none (`1e300`, `2.5`, 20 digits). */
function cleanLine(line) {
    return line !== undefined && Number.isSafeInteger(line) && line > 0 ? line : undefined;
}
function cleanFailedTest(t) {
    const out = { name: cleanText(t.name) || '(unnamed test)' };
    const file = cleanPath(t.file);
    const line = file === undefined ? undefined : cleanLine(t.line);
    if (t.title !== undefined)
        out.title = cleanText(t.title);
    if (file !== undefined)
        out.file = file;
    if (line !== undefined)
        out.line = line;
    if (t.message !== undefined)
        out.message = cleanText(t.message);
    if (t.details !== undefined)
        out.details = cleanLines(t.details);
    if (t.url !== undefined)
        out.url = t.url;
    const group = cleanPath(t.group);
    if (group !== undefined)
        out.group = group;
    return out;
}
function cleanFailure(f) {
    const out = { ...f, title: cleanText(f.title) };
    const file = cleanPath(f.file);
    if (file === undefined)
        delete out.file;
    else
        out.file = file;
    if (f.detail !== undefined)
        out.detail = cleanText(f.detail);
    return out;
}

;// CONCATENATED MODULE: ./src/providers/currents/instances.ts
/**
 * The failed tests of a failed Currents run (SPEC.md "What failed"): a run names only its failed
 * specs; their tests, errors and lines are in each spec's instance (`GET /instances/{id}`).
 * Bounded, so that a 10,000-spec run costs no more than a small one: the first 10 failed specs
 * (50 for a gate with a quarantine file, which must check each failure one by one)
 * in the run's order, 4 reads at a time, all of them within about 10 s (the step's cancel
 * signal ends them sooner). The other failed specs are listed by file.
 */





const INSTANCE_READS = 10;
const INSTANCES_IN_FLIGHT = 4;
const INSTANCES_BUDGET_MS = 10_000;
/** Runs `fn` over `items`, at most `limit` at once; results in the items' order. */
async function pooled(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}
async function readFailedTests(read, run, paths, opts = {}, budgetMs = INSTANCES_BUDGET_MS) {
    const specs = run.failures;
    const chosen = specs.filter(s => s.id !== undefined).slice(0, opts.reads ?? INSTANCE_READS);
    const budget = AbortSignal.timeout(budgetMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, budget]) : budget;
    const reads = await pooled(chosen, INSTANCES_IN_FLIGHT, async (spec) => {
        try {
            const data = await read(spec.id, signal);
            const context = {
                spec: spec.file ?? spec.title,
                ...paths,
                url: spec.url,
                instanceId: spec.id
            };
            // Only what can be reported is built and kept: the answer goes as soon as it is read, so
            // 10 instances of 200,000 failed tests each never sit in memory together.
            const { tests, found } = instanceFailedTests(data, context, MAX_FAILED_TESTS);
            return { tests: tests.map(cleanFailedTest), found };
        }
        catch (error) {
            return { error };
        }
    });
    const out = { tests: [], found: 0, unread: [] };
    const errors = [];
    const readSpecs = new Set();
    chosen.forEach((spec, i) => {
        const r = reads[i];
        if ('error' in r) {
            if (!isGateError(r.error, 'aborted'))
                errors.push(describeError(r.error));
            return;
        }
        // An instance that names no failed test (its failure was in a hook the service did not
        // record as a test) is still listed, by file.
        if (r.found === 0)
            return;
        readSpecs.add(spec);
        out.found += r.found;
        for (const t of r.tests)
            if (out.tests.length < MAX_FAILED_TESTS)
                out.tests.push(t);
    });
    out.unread = specs.filter(s => !readSpecs.has(s)).map(cleanFailure);
    const failedReads = chosen.filter((_, i) => 'error' in reads[i]).length;
    if (failedReads > 0) {
        const why = errors[0] ??
            (opts.signal?.aborted ? 'the step was cancelled' : `the reads took over ${budgetMs / 1000} s`);
        out.problem = `Could not read the tests of ${failedReads} of ${chosen.length} failed specs (${why}); they are listed by file`;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/providers/currents/flaky.ts
/**
 * The flaky tests of a Currents run by name: read from the instances of the specs whose stats
 * count flaky tests. They share the failed tests' bound (instances.ts): at most INSTANCE_READS
 * instances in all, 4 at a time, an instance read for both only once; a run without flaky
 * tests costs nothing.
 */





function sharedReader(read) {
    const reads = new Map();
    return {
        read: (id, signal) => {
            let p = reads.get(id);
            if (p === undefined)
                reads.set(id, (p = read(id, signal)));
            return p;
        },
        has: id => reads.has(id),
        count: () => reads.size
    };
}
async function readFlakyTests(reader, run, paths, opts = {}, budgetMs = INSTANCES_BUDGET_MS) {
    const out = { tests: [], found: 0 };
    const specs = (run.flakyItems ?? []).filter(s => s.id !== undefined);
    // Instances read already (a spec with failed tests too) cost nothing; the others, what is left.
    const chosen = [];
    const skipped = [];
    let room = Math.max(0, INSTANCE_READS - reader.count());
    for (const s of specs) {
        if (reader.has(s.id))
            chosen.push(s);
        else if (room > 0) {
            room--;
            chosen.push(s);
        }
        else
            skipped.push(s);
    }
    const budget = AbortSignal.timeout(budgetMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, budget]) : budget;
    const errors = [];
    for (let i = 0; i < chosen.length; i += INSTANCES_IN_FLIGHT) {
        const batch = chosen.slice(i, i + INSTANCES_IN_FLIGHT);
        const reads = await Promise.allSettled(batch.map(s => reader.read(s.id, signal)));
        reads.forEach((r, j) => {
            if (r.status === 'rejected') {
                if (!isGateError(r.reason, 'aborted'))
                    errors.push(describeError(r.reason));
                return;
            }
            const spec = batch[j];
            const context = {
                spec: spec.file ?? spec.title,
                ...paths,
                url: spec.url,
                instanceId: spec.id
            };
            const room = Math.max(0, MAX_FAILED_TESTS - out.tests.length);
            const { tests, found } = instanceFlakyTests(r.value, context, room);
            out.found += found;
            // Hostile instance data reaches the summary only as clean text, paths and lines (clean.ts).
            for (const t of tests)
                if (out.tests.length < MAX_FAILED_TESTS)
                    out.tests.push(cleanFailedTest(t));
        });
    }
    if (errors.length > 0)
        out.problem = `Could not read the flaky tests of ${errors.length} of ${chosen.length} specs (${errors[0]})`;
    // The specs past the bound still count: "…and N more" says they exist.
    for (const s of skipped)
        out.found += s.failures ?? 0;
    return out;
}

;// CONCATENATED MODULE: ./src/providers/currents/last-run.ts
/** Playwright's `.last-run.json` of a recorded run (find with pwLastRun=true). */


async function lastRun(api, project, ciBuildId, opts) {
    const what = `read the last Playwright run of the Currents run with ciBuildId ${ciBuildId}`;
    // pwLastRun=true makes find answer Playwright's .last-run.json (API.md); 404: no run was
    // recorded with that ciBuildId.
    const { status, data } = await api.call({
        what,
        method: 'GET',
        path: '/runs/find',
        query: { projectId: api.settings.projectId, ciBuildId, pwLastRun: true },
        expect: [404],
        signal: opts?.signal
    });
    if (status === 404) {
        // A wrong project or api-url answers 404 too: taken for "no earlier run", every test would
        // run on every rerun attempt, unnoticed. The same one look as find's.
        await project.check(opts);
        return undefined;
    }
    // Nested beside the run's own fields, or the answer itself: `@currents/cmd` reads
    // `data.pwLastRun` when present, else `data` (currents-dev/currents-reporter,
    // packages/cmd/src/services/api/index.ts).
    const nested = obj(data).pwLastRun;
    return readLastRun(nested !== undefined && nested !== null ? nested : data, what);
}
/** The answer must be a `.last-run.json`: Playwright would run nothing from anything else. */
function readLastRun(data, what = 'Playwright last run') {
    const file = obj(data);
    const failed = file.failedTests;
    const status = file.status;
    if (data !== file ||
        !Array.isArray(failed) ||
        !failed.every(id => typeof id === 'string') ||
        (status !== undefined && typeof status !== 'string')) {
        throw new GateError('bad-response', `${what}: the answer is not Playwright's last run ({status, failedTests: [test ids]})`);
    }
    return { failedTests: failed, file };
}

;// CONCATENATED MODULE: ./src/providers/currents/runs.ts
/** One Currents run by its id: read it, read one of its spec instances, reset, delete. */



/** Currents resets at most 63 machines per call (API.md). */
const RESET_BATCH = 63;
/** The run's answer as the service sent it. */
async function readRawRun(api, runId, opts) {
    const what = `read Currents run ${runId}`;
    const { data } = await api.call({
        what,
        method: 'GET',
        path: `/runs/${encodeURIComponent(runId)}`,
        signal: opts?.signal,
        ...(opts?.urgent ? urgentRequest : {})
    });
    return { raw: data, what };
}
async function getRun(api, runId, opts) {
    const { raw, what } = await readRawRun(api, runId, opts);
    const run = normalize(raw, what);
    // The run we cancel, report and gate on is the one we asked about, never another.
    if (run.id !== runId) {
        throw new GateError('bad-response', `${what}: the answer is about run ${run.id}`);
    }
    return run;
}
/** One spec's tests (GET /instances/{instanceId}): the `data` of the answer. */
async function readInstance(api, instanceId, signal) {
    const { data } = await api.call({
        what: `read Currents instance ${instanceId}`,
        method: 'GET',
        path: `/instances/${encodeURIComponent(instanceId)}`,
        // One spec's tests: kilobytes, where each gzip stream that fetch decodes costs more CPU
        // than the bytes it saves (measured: bench, failed 10,000-spec gate).
        compressed: false,
        signal
    });
    return data;
}
/** Reset the given machines, or when none are given those of the run's failed specs. */
async function resetRun(api, runId, machineIds, opts) {
    let ids = [...machineIds];
    if (ids.length === 0)
        ids = failedMachines((await readRawRun(api, runId, opts)).raw);
    // isBatchedOr8n is optional on the wire (seeds/004): sent only when the input asks for it.
    const batched = api.settings.batchedOrchestration ? { isBatchedOr8n: true } : {};
    for (let i = 0; i < ids.length; i += RESET_BATCH) {
        await api.call({
            what: `reset machines of Currents run ${runId}`,
            method: 'PUT',
            path: `/runs/${encodeURIComponent(runId)}/reset`,
            body: { machineId: ids.slice(i, i + RESET_BATCH), ...batched },
            signal: opts?.signal
        });
    }
    return ids.length;
}
async function deleteRun(api, runId, opts) {
    const what = `delete Currents run ${runId}`;
    const { status, attempts } = await api.call({
        what,
        method: 'DELETE',
        path: `/runs/${encodeURIComponent(runId)}`,
        // A retried DELETE (connection lost, answer cut off) may have deleted the run already: the
        // repeat's 404 then means the goal is reached. Only a first answer of 404 means that there
        // was no such run.
        expect: [404],
        signal: opts?.signal
    });
    if (status === 404 && attempts === 1) {
        throw new GateError('not-found', `${what}: not found (HTTP 404); check run-id`, { status });
    }
}

;// CONCATENATED MODULE: ./src/providers/currents/provider.ts








function createCurrents(settings, github, http, credential) {
    const api = currentsApi(settings, github, http, credential);
    const project = projectCheck(api);
    const finder = createFinder(api, project);
    // The recording runner's workspace is <work>/<repo>/<repo>/ (SPEC.md "What failed"); the
    // gate's checkout, where there is one, says which paths the repository has.
    const paths = {
        repo: github.repository.split('/')[1] || undefined,
        exists: checkoutPaths(github.workspace)
    };
    // Failed and flaky tests share the instances read and their bound (flaky.ts).
    const instances = sharedReader((id, signal) => readInstance(api, id, signal));
    return {
        name: 'currents',
        label: 'Currents',
        describe: runId => `Currents run ${runId}`,
        get: async (runId, opts) => finder.annotate(await getRun(api, runId, opts)),
        failedTests: (run, opts) => readFailedTests(instances.read, run, paths, opts),
        flakyTests: (runs, opts) => readFlakyTests(instances, runs[runs.length - 1], paths, opts),
        findSubject: () => finder.subject(),
        find: opts => finder.find(opts),
        findOnBranch: (branch, opts) => findOnBranch(api, branch, opts),
        lastRun: (ciBuildId, opts) => lastRun(api, project, ciBuildId, opts),
        cancel: (runId, opts) => cancelRun(api, runId, opts),
        cancelByCi: opts => cancelByCi(api, opts),
        ciCancelSubject: () => ciCancelSubject(api),
        reset: (runId, machineIds, opts) => resetRun(api, runId, machineIds, opts),
        remove: (runId, opts) => deleteRun(api, runId, opts)
    };
}

;// CONCATENATED MODULE: ./src/providers/testsigma/errors.ts
/**
 * What a refused or uncertain Testsigma trigger or rerun means for the user (API.md: 500 for a
 * plan already running and for a run already rerun; a POST that may have reached the server is
 * never repeated), in words that say what to check.
 */

/** `rerun`: the run that is rerun, when the POST is a rerun rather than a trigger. */
function explainStartError(e, subject, rerun) {
    if (!isGateError(e))
        return e;
    const extra = {
        status: e.status,
        retryAfterMs: e.retryAfterMs,
        mayHaveReachedServer: e.mayHaveReachedServer,
        cause: e
    };
    if (e.kind === 'conflict') {
        // Testsigma answers 500 both for a plan already running and for a run already rerun.
        const why = rerun === undefined
            ? `Testsigma refuses to start ${subject} while it is still running: wait for that run or stop it first`
            : `Testsigma reruns a run only once (rerun the latest rerun of ${rerun} instead), and not while its test plan is running`;
        return new GateError('conflict', `${e.message} (${why})`, extra);
    }
    if (e.kind === 'not-found') {
        // The plan (or run) is unknown at this URL: a wrong id, or an api-url of another service.
        const check = rerun === undefined ? 'test-plan-id' : 'run-id';
        return new GateError('not-found', `${e.message}: check ${check} and api-url (Testsigma's is https://app.testsigma.com/api/v1)`, extra);
    }
    if (e.kind === 'transient' && e.mayHaveReachedServer)
        return mayHaveStarted(e, subject);
    return e;
}
function mayHaveStarted(e, subject) {
    return new GateError(e.kind, `${e.message}. A run of ${subject} may have started: check the test plan's runs in Testsigma before running this job again`, { status: e.status, retryAfterMs: e.retryAfterMs, mayHaveReachedServer: true, cause: e });
}

;// CONCATENATED MODULE: ./src/providers/testsigma/api.ts



/**
 * Start a run (a trigger or a rerun) and read the new run from the answer with `read`. An
 * error before the answer is explained for people; an answer that names no run may mean that
 * a run started all the same.
 */
async function postRun(http, start, read, opts) {
    let answer;
    try {
        const res = await http.request({
            what: start.what,
            method: 'POST',
            path: '/execution_results',
            body: start.body,
            signal: opts?.signal,
            sleepSignal: opts?.sleepSignal,
            deadline: opts?.deadline
        });
        answer = res.body;
    }
    catch (e) {
        throw explainStartError(e, start.subject, start.rerunOf);
    }
    try {
        return read(answer);
    }
    catch (e) {
        // Accepted, but the new run cannot be named: it may well be running.
        throw isGateError(e) ? mayHaveStarted(e, start.subject) : e;
    }
}
/** The trigger's body: the plan, and each optional field only when its input is set. */
function triggerBody(settings) {
    const body = { executionId: settings.testPlanId };
    if (settings.environmentId !== undefined)
        body.environmentId = settings.environmentId;
    if (settings.buildNumber !== undefined)
        body.buildNo = settings.buildNumber;
    if (Object.keys(settings.runtimeData).length > 0)
        body.runtimeData = settings.runtimeData;
    if (settings.executionConfig !== undefined)
        body.executionConfig = settings.executionConfig;
    if (Object.keys(settings.uploadVersions).length > 0)
        body.uploadVersions = settings.uploadVersions;
    return body;
}
/** A rerun's body: the new run reruns `runId` of `plan` (of the picked items, when given). */
function rerunBody(plan, runId, type, items) {
    const body = {
        executionId: plan,
        executionResultId: wireId(runId),
        isReRun: true,
        reRunType: type
    };
    if (items.length > 0)
        body.testCaseResultRequests = items.map(testCaseResultRequest);
    return body;
}
/** The iterations of a data-driven test case, in Testsigma's words (seeds/001, iterationReRunType). */
const ITERATION_RERUN_TYPE = { all: 'ALL', failed: 'FAILED', passed: 'PASSED' };
/** `{id}`, plus iterationReRunType and, for picked iterations, iterationResultIds. */
function testCaseResultRequest(item) {
    const { id, iterations } = item;
    if (iterations === undefined)
        return { id };
    if (typeof iterations === 'string') {
        return { id, iterationReRunType: ITERATION_RERUN_TYPE[iterations] };
    }
    return { id, iterationReRunType: 'USER_PICKED', iterationResultIds: [...iterations] };
}
async function api_getRun(http, runId, what, opts) {
    const res = await http.request({
        what,
        method: 'GET',
        path: `/execution_results/${runId}`,
        signal: opts?.signal,
        sleepSignal: opts?.sleepSignal,
        deadline: opts?.deadline,
        ...(opts?.urgent ? urgentRequest : {})
    });
    return res.body;
}
async function stopRun(http, runId, opts) {
    // The docs omit the id from the URL; the open-source server routes by path: send both.
    const res = await http.request({
        what: `stop Testsigma run ${runId}`,
        method: 'PUT',
        path: `/execution_results/${runId}`,
        body: { id: wireId(runId), result: 'STOPPED', canStopAll: true },
        // 500 here means nothing is running any more (API.md): not an error, not retried.
        expect: [404, 500],
        signal: opts?.signal,
        ...(opts?.urgent ? urgentRequest : {})
    });
    if (res.status === 404)
        return 'not-found';
    if (res.status === 500)
        return 'already-finished';
    return 'cancelled';
}
async function readReport(http, runId, opts) {
    const what = `download the JUnit report of Testsigma run ${runId}`;
    const res = await http.request({
        what,
        method: 'GET',
        path: `/reports/junit/${runId}`,
        accept: 'xml',
        signal: opts?.signal
    });
    const text = String(res.body);
    // Before the report exists the server answers 200 with a plain sentence instead of XML
    // (API.md), and a cut connection leaves half a report: both are worth another try.
    if (!/^\s*(<\?xml|<testsuites?[\s>])/.test(text)) {
        throw new GateError('transient', `${what}: the answer is not a JUnit XML report (it starts with "${text.trim().slice(0, 80)}")`);
    }
    if (!/<\/testsuites?>\s*$/.test(text)) {
        throw new GateError('transient', `${what}: the report is cut off (no closing </testsuite> tag)`);
    }
    return text;
}

;// CONCATENATED MODULE: ./src/providers/testsigma/junit-shape.ts
/**
 * The shape of a Testsigma JUnit report, checked in one linear pass before any parsing: the
 * synchronous XML parser would block the event loop (and a signal) for as long as a report
 * built to be expensive asks (1.5 M attributes on one element: 19 s and 2.2 GB, issue 20).
 */

const junit_shape_MiB = 1024 * 1024;
/**
 * What no real JUnit report comes near. fast-xml-parser's validator and parser run in one
 * synchronous call and cost about 5 µs an attribute and 20 µs an element on a CI runner, and
 * far more on one element with many attributes or one huge text (1.5 M attributes: 19 s and
 * 2.2 GB; a 19 MiB text: 17 s and 1.1 GB). A report past these limits is refused before either
 * runs, so any report under the 20 MiB cap is read or refused in a few seconds and well under
 * 300 MB, and a signal is heard soon after (bench/hostile.ts measures it).
 */
const JUNIT_LIMITS = {
    /** Elements and attributes together: 200,000 is ~30,000 failed test cases (a test case, its
     * failure and a few attributes each); a real plan has a few thousand. About 2 s to parse. */
    nodes: 200_000,
    /** A real element has a handful (name, classname, time, message). */
    attributes: 1000,
    /** One text, CDATA section or attribute value: a failure's stack trace is kilobytes. */
    textBytes: 1 * junit_shape_MiB,
    /** Entity and character references in all (`&quot;` in messages): the parser's slowest text,
     * about 1 s a MiB of them. */
    references: 200_000,
    /** fast-xml-parser's own nesting limit (maxNestedTags); a report nests 3 or 4 deep. */
    depth: 100,
    /** A DOCTYPE (no JUnit writer makes one) whose entities the parser would still read. */
    doctypeBytes: 64 * 1024
};
const junit_shape_count = (n) => n.toLocaleString('en-US');
/**
 * One linear pass over the report (indexOf and a character loop, no regular expression that
 * could backtrack), refusing a shape beyond JUNIT_LIMITS. It reads tags, quotes, comments,
 * CDATA and the DOCTYPE the way the validator does; what it cannot read it leaves to the
 * validator, which then says where the report is broken.
 */
function junitShape(report, what, limits = JUNIT_LIMITS) {
    const refuse = (why) => {
        throw new GateError('bad-response', `${what} is not read: ${why}, beyond any real report`);
    };
    const text = (bytes) => {
        if (bytes > limits.textBytes)
            refuse(`it has a text or attribute value over ${limits.textBytes / junit_shape_MiB} MiB`);
    };
    let nodes = 0;
    const node = () => {
        if (++nodes > limits.nodes)
            refuse(`it has over ${junit_shape_count(limits.nodes)} elements and attributes`);
    };
    let references = 0;
    for (let at = report.indexOf('&'); at >= 0; at = report.indexOf('&', at + 1))
        if (++references > limits.references)
            refuse(`it has over ${junit_shape_count(limits.references)} entity references`);
    const n = report.length;
    let depth = 0;
    let i = 0;
    for (;;) {
        const lt = report.indexOf('<', i);
        text((lt < 0 ? n : lt) - i);
        if (lt < 0)
            return;
        if (report.startsWith('<!--', lt)) {
            const end = report.indexOf('-->', lt + 4);
            if (end < 0)
                return;
            i = end + 3;
        }
        else if (report.startsWith('<![CDATA[', lt)) {
            const end = report.indexOf(']]>', lt + 9);
            text((end < 0 ? n : end) - lt - 9);
            if (end < 0)
                return;
            i = end + 3;
        }
        else if (report.startsWith('<!', lt)) {
            const close = report.indexOf('>', lt);
            const open = report.indexOf('[', lt);
            const subset = open >= 0 && (close < 0 || open < close);
            const end = subset ? report.indexOf(']', open) : close;
            const stop = end < 0 ? n : subset ? report.indexOf('>', end) : end;
            if ((stop < 0 ? n : stop) - lt > limits.doctypeBytes)
                refuse(`its DOCTYPE is over ${limits.doctypeBytes / 1024} KiB`);
            if (end < 0 || stop < 0)
                return;
            i = stop + 1;
        }
        else if (report.startsWith('</', lt)) {
            const end = report.indexOf('>', lt);
            if (end < 0)
                return;
            depth--;
            i = end + 1;
        }
        else {
            // An element, or a processing instruction (`<?xml …?>`, whose pseudo-attributes the
            // validator reads too).
            const element = report.charCodeAt(lt + 1) !== 0x3f;
            if (element)
                node();
            // The first word is the name, not an attribute.
            let attributes = -1;
            let inWord = false;
            let end = -1;
            for (let j = lt + 1; j < n; j++) {
                const c = report.charCodeAt(j);
                if (c === 0x22 || c === 0x27) {
                    const close = report.indexOf(c === 0x22 ? '"' : "'", j + 1);
                    text((close < 0 ? n : close) - j - 1);
                    if (close < 0)
                        return;
                    j = close;
                    inWord = false;
                }
                else if (c === 0x3e) {
                    end = j;
                    break;
                }
                else if (c === 0x20 ||
                    c === 0x09 ||
                    c === 0x0a ||
                    c === 0x0d ||
                    c === 0x3d ||
                    c === 0x2f) {
                    inWord = false;
                }
                else if (!inWord) {
                    inWord = true;
                    if (++attributes > limits.attributes)
                        refuse(`it has an element with over ${junit_shape_count(limits.attributes)} attributes`);
                    if (attributes > 0)
                        node();
                }
            }
            if (end < 0)
                return;
            if (element && report.charCodeAt(end - 1) !== 0x2f && ++depth > limits.depth)
                refuse(`its elements nest over ${limits.depth} deep`);
            i = end + 1;
        }
    }
}

;// CONCATENATED MODULE: ./src/providers/testsigma/junit.ts
/**
 * The failed tests of a JUnit XML report (SPEC.md "What failed"): each `<testcase>` with a
 * `<failure>` or `<error>`. The report comes off the network, so it is read as hostile: parsed
 * by fast-xml-parser (maintained, no native code), loaded only when a report is parsed, with no
 * DTD entity ever expanded (an "entity bomb" stays the text it was) and only XML's five
 * built-in entities and character references decoded. Size is bounded before it gets here: the
 * HTTP client refuses bodies over 20 MiB. Shape is bounded first (junit-shape.ts): the parser is
 * synchronous, so its time is time no signal is heard.
 */






let xml;
/** Loaded on the first report: a passing run, or a Currents step, never pays for it. */
const loadXml = () => (xml ??= __webpack_require__.e(/* import() */ 642).then(__webpack_require__.bind(__webpack_require__, 6642)));
const BUILT_IN = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** A legal XML 1.0 character (a reference to anything else is left as written). */
const isXmlChar = (c) => c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff);
/** One pass over the text: what a reference decodes to is never read again, so nothing nests. */
function decodeXmlText(text) {
    if (!text.includes('&'))
        return text;
    return text.replace(/&(?:#x([0-9a-f]{1,6})|#([0-9]{1,7})|([a-z]{2,4}));/gi, (ref, hex, dec, name) => {
        if (name !== undefined)
            return BUILT_IN[name] ?? ref;
        const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
        return isXmlChar(code) ? String.fromCodePoint(code) : ref;
    });
}
/**
 * fast-xml-parser hands a DOCTYPE's entities to its decoder (addInputEntities); this decoder
 * drops them, so `&lol9;` stays `&lol9;` instead of growing into a billion laughs.
 */
const builtInOnly = {
    setExternalEntities: () => { },
    addInputEntities: () => { },
    reset: () => { },
    setXmlVersion: () => { },
    decode: decodeXmlText
};
const LISTS = new Set(['testsuite', 'testcase', 'failure', 'error', 'property']);
/**
 * The parse is one synchronous call: a signal that came during it is handled on the next turn
 * of the event loop, which this waits for, so a cancelled step stops here rather than going on.
 */
async function heard(what, signal) {
    if (!signal)
        return;
    await new Promise(resolve => setImmediate(resolve));
    if (signal.aborted)
        throw abortedError(what, signal);
}
/** The failed tests of a report; `what` names the report in errors. */
async function junitFailedTests(report, what, url, signal) {
    const suites = await junitSuites(report, what, signal);
    const out = { tests: [], found: 0, unread: [] };
    const visit = (suite) => {
        const suiteName = str(suite.name);
        const suiteUrl = reportsUrl(suite) ?? url;
        for (const c of arr(suite.testcase)) {
            const tc = obj(c);
            const failure = [...arr(tc.failure), ...arr(tc.error)][0];
            if (failure === undefined)
                continue;
            out.found++;
            if (out.tests.length >= MAX_FAILED_TESTS)
                continue;
            const caseName = str(tc.name) ?? str(tc.classname) ?? '(unnamed test case)';
            const test = suiteName
                ? { name: `${suiteName} › ${caseName}`, title: caseName }
                : { name: caseName };
            const message = junit_messageOf(failure);
            if (message !== undefined)
                test.message = message;
            const details = detailsOf(failure);
            if (details !== undefined)
                test.details = details;
            const link = urlOf(failure) ?? suiteUrl;
            if (link)
                test.url = link;
            out.tests.push(test);
        }
        // Nesting is bounded by the parser (maxNestedTags, 100 levels).
        for (const inner of arr(suite.testsuite))
            visit(obj(inner));
    };
    for (const s of suites)
        visit(obj(s));
    return out;
}
/** The report's top `<testsuite>` elements, parsed as the module's comment says. */
async function junitSuites(report, what, signal) {
    const { XMLParser, XMLValidator } = await loadXml();
    await heard(what, signal);
    junitShape(report, what);
    // The parser is lenient (it takes `<a></b>`); the validator says where a report is broken.
    const valid = XMLValidator.validate(report);
    await heard(what, signal);
    if (valid !== true) {
        const { msg, line, col } = valid.err;
        throw new GateError('bad-response', `${what} is not well-formed XML (line ${line}, column ${col}: ${msg})`);
    }
    const parser = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        textNodeName: '#text',
        parseTagValue: false,
        parseAttributeValue: false,
        processEntities: { enabled: true },
        entityDecoder: builtInOnly,
        isArray: name => LISTS.has(name)
    });
    let root;
    try {
        root = obj(parser.parse(report));
    }
    catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new GateError('bad-response', `${what} could not be parsed: ${why}`);
    }
    await heard(what, signal);
    const top = obj(root.testsuites);
    const suites = 'testsuites' in root ? arr(top.testsuite) : arr(root.testsuite);
    if (!('testsuites' in root) && !('testsuite' in root)) {
        throw new GateError('bad-response', `${what} has no <testsuites> or <testsuite> element`);
    }
    return suites;
}
/** Every test case of a report, by name, and whether it failed: what a rerun's report tells. */
async function junitCases(report, what, signal) {
    const out = [];
    const visit = (suite) => {
        const suiteName = str(suite.name);
        for (const c of arr(suite.testcase)) {
            const tc = obj(c);
            const title = str(tc.name) ?? str(tc.classname) ?? '(unnamed test case)';
            const failure = [...arr(tc.failure), ...arr(tc.error)][0];
            const name = suiteName ? `${suiteName} › ${title}` : title;
            const message = failure === undefined ? undefined : junit_messageOf(failure);
            out.push({ name, title, failed: failure !== undefined, message });
        }
        for (const inner of arr(suite.testsuite))
            visit(obj(inner));
    };
    for (const s of await junitSuites(report, what, signal))
        visit(obj(s));
    return out;
}
/** A `<failure>` or `<error>` as the parser gives it: its attributes and its text. */
function partsOf(failure) {
    return typeof failure === 'string' ? { '#text': failure } : obj(failure);
}
/**
 * The failure's `message` attribute, else what its text quotes after `message:`, as
 * Testsigma's server writes it (no attribute; `Test failed with message:"Element not
 * found".please visit below URL for more details.` and the URL on the next line), else the
 * first line of its text.
 */
function junit_messageOf(failure) {
    const f = partsOf(failure);
    const attribute = str(f.message);
    // The quote is at the start of Testsigma's text; a lazy match over a long one is quadratic.
    const text = str(f['#text'])?.slice(0, 64 * 1024);
    const quoted = attribute === undefined
        ? /message:\s*"([\s\S]*?)"\s*\.?\s*please visit/i.exec(text ?? '')
        : null;
    const line = (attribute ?? quoted?.[1] ?? text)
        ?.split(/\r?\n/)
        .map(l => l.trim())
        .find(Boolean);
    return line === undefined ? undefined : line.slice(0, 1000);
}
/** The failure's text past its message line: what a developer reads next. */
function detailsOf(failure) {
    const f = partsOf(failure);
    const text = str(f['#text']);
    if (text === undefined)
        return undefined;
    // With a message attribute the whole text is the rest; without, its first line is the message.
    if (str(f.message) !== undefined)
        return errorDetails(`-\n${text}`);
    // Testsigma's server follows its message only with boilerplate and the page the test already
    // links to: the details are the quoted message's further lines, if any.
    const quoted = /message:\s*"([\s\S]*?)"\s*\.?\s*please visit/i.exec(text);
    return errorDetails(quoted ? quoted[1] : text);
}
/**
 * The test case's own page: Testsigma's failure text ends with "please visit below URL for more
 * details." and that URL on the next line (its open-source server's JUnit writer).
 */
function urlOf(failure) {
    const text = str(partsOf(failure)['#text']);
    const link = /https?:\/\/[^\s"<>'`]+/.exec(text ?? '')?.[0];
    return safeUrl(link);
}
/** The suite's `Testsigma reports URL` property: the run's page, as the server names it. */
function reportsUrl(suite) {
    for (const p of arr(obj(suite.properties).property)) {
        const prop = obj(p);
        if (str(prop.name)?.toLowerCase() === 'testsigma reports url')
            return safeUrl(prop.value);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/providers/testsigma/flaky.ts
/**
 * Flaky tests of a plan run with `rerun-failed`: a test case that failed in one run and passed
 * in a later rerun of the failed tests, from the runs' JUnit reports. Matched by the test case's
 * own name: the suite's name may differ between a run and its rerun.
 */


/** `reports` in the order the runs ran: the first run, then each rerun. */
async function rerunFlakyTests(reports, signal) {
    const failedBefore = new Map();
    const flaky = new Map();
    for (const r of reports) {
        for (const c of await junitCases(r.report, r.what, signal)) {
            if (c.failed) {
                flaky.delete(c.title);
                failedBefore.set(c.title, c.message);
            }
            else if (failedBefore.has(c.title) && !flaky.has(c.title)) {
                const test = { name: c.name, title: c.title };
                const message = failedBefore.get(c.title);
                if (message !== undefined)
                    test.message = message;
                if (r.url)
                    test.url = r.url;
                flaky.set(c.title, test);
            }
        }
    }
    const tests = [...flaky.values()];
    return { tests: tests.slice(0, MAX_FAILED_TESTS), found: tests.length };
}

;// CONCATENATED MODULE: ./src/providers/testsigma/run.ts
/**
 * How a Testsigma run answer (GET /execution_results/{id}) reads as a run snapshot. Wire words
 * stay here: status STATUS_*, result SUCCESS/FAILURE/..., executionId, childResult,
 * consolidated*.
 */



/** Statuses before STATUS_COMPLETED; any other word also means "keep waiting". */
const QUEUED_STATUSES = new Set(['STATUS_CREATED', 'STATUS_QUEUED', 'STATUS_PRE_FLIGHT']);
const COMPLETED = 'STATUS_COMPLETED';
/** The docs' prose says PASSED/FAILED where the wire says SUCCESS/FAILURE: accept both. */
const PASSED_RESULTS = new Set(['SUCCESS', 'PASSED']);
/** The test plan (executionId) a run answer names, if any. */
function planOfRun(raw) {
    return num(obj(raw).executionId);
}
/** Testsigma's run JSON → the normalized snapshot. */
function run_normalize(raw, what = 'Testsigma run', origin) {
    const r = obj(raw);
    const id = wire_id(r.id);
    if (id === undefined || !/^\d+$/.test(id))
        throw new GateError('bad-response', `${what}: the answer has no run id`);
    const hasChild = r.childResult !== null && r.childResult !== undefined;
    const statusWord = run_upper(hasChild ? (r.consolidatedStatus ?? r.status) : r.status);
    const resultWord = run_upper(hasChild ? (r.consolidatedResult ?? r.result) : (r.result ?? r.consolidatedResult));
    // Finished only on STATUS_COMPLETED, and when the plan reruns by itself, only once the
    // consolidated status of the automatic rerun says so too (API.md).
    const finished = run_upper(r.status) === COMPLETED && (!hasChild || statusWord === COMPLETED);
    const state = finished ? 'finished' : QUEUED_STATUSES.has(statusWord) ? 'queued' : 'running';
    const counts = countsOf(r, state);
    const status = finished
        ? finishedStatus(resultWord)
        : state === 'queued'
            ? 'queued'
            : 'running';
    // No answer in Testsigma's docs carries app_url; the server names the run's page itself in
    // its JUnit report (property "Testsigma reports URL"): /ui/td/runs/{id} on its origin.
    const url = safeUrl(r.app_url) ??
        safeUrl(r.appUrl) ??
        (origin ? safeUrl(`${origin}/ui/td/runs/${encodeURIComponent(id)}`) : undefined);
    const childId = hasChild ? (wire_id(obj(r.childResult).id) ?? wire_id(r.childResult)) : undefined;
    const plan = num(r.executionId);
    return {
        id,
        url,
        state,
        status,
        result: resultWord,
        counts,
        // The service's own figure, and only once final.
        durationMs: finished ? (num(r.consolidatedDuration) ?? num(r.duration)) : undefined,
        message: str(r.message),
        // A stopped run is not a failure: its verdict says it was cancelled or timed out.
        failures: status === 'failed'
            ? [
                {
                    title: `Test plan ${plan ?? '?'} run ${id}: ${resultWord || 'no result'}`,
                    failures: counts.failed,
                    detail: str(r.message),
                    url
                }
            ]
            : [],
        progress: progressOf(r, statusWord, state, counts, childId),
        details: run_detailsOf(plan, wire_id(r.reRunParentId), childId)
    };
}
/**
 * A run not started yet answers zeros for every count: not known yet, so left empty (a total
 * is known once the plan's tests are queued). Any count may be null or absent (API.md). The
 * newer `consolidatedPlan*Count` fields count after the plan's own automatic rerun: a test
 * that failed, then passed in the rerun, is flaky, not failed. A finished run's `runningCount`
 * (a stopped run's cut-off tests) belongs with the skipped ones: the counts add up to total.
 */
function countsOf(r, state) {
    if (state === 'queued')
        return { total: num(r.totalCount) || undefined };
    const metric = obj(r.testPlanResultMetric);
    const consolidated = (k) => num(r[`consolidatedPlan${k}Count`]) ?? num(metric[`consolidatedPlan${k}Count`]);
    const hasConsolidated = consolidated('Total') !== undefined;
    const own = (k) => num(r[`${k.charAt(0).toLowerCase()}${k.slice(1)}Count`]);
    const count = (k) => (hasConsolidated ? consolidated(k) : own(k));
    const failed = hasConsolidated
        ? consolidated('Failed')
        : sum(own('Failed'), own('Aborted'), own('PreRequisiteFailed'));
    const counts = {
        total: count('Total'),
        passed: count('Passed'),
        failed,
        skipped: sum(count('NotExecuted'), count('Stopped'), state === 'finished' ? count('Running') : undefined)
    };
    const firstFailed = own('Failed');
    if (hasConsolidated && firstFailed !== undefined && failed !== undefined) {
        counts.flaky = Math.max(0, firstFailed - failed);
    }
    return counts;
}
/** One line for the log while waiting: where the run is, its counts, its automatic rerun. */
function progressOf(r, statusWord, state, counts, childId) {
    const where = statusWord
        .replace(/^STATUS_/, '')
        .toLowerCase()
        .replace(/_/g, ' ') || 'unknown status';
    const figures = state === 'queued'
        ? counts.total !== undefined
            ? `${plural(counts.total, 'test')} to run`
            : ''
        : `${counts.passed ?? 0} passed, ${counts.failed ?? 0} failed, ${num(r.runningCount) ?? 0} running, ${num(r.queuedCount) ?? 0} queued of ${counts.total ?? 0}`;
    return [where, figures, childId !== undefined ? `automatic rerun ${childId}` : '']
        .filter(Boolean)
        .join('; ');
}
/** The summary's rows about the plan, the run it reruns and its automatic rerun. */
function run_detailsOf(plan, parent, childId) {
    const details = [];
    if (plan !== undefined)
        details.push(['Test plan', String(plan)]);
    if (parent !== undefined)
        details.push(['Rerun of', `run ${parent}`]);
    if (childId !== undefined)
        details.push(['Automatic rerun', `run ${childId}`]);
    return details;
}
function finishedStatus(result) {
    if (PASSED_RESULTS.has(result))
        return 'passed';
    if (result === 'STOPPED')
        return 'cancelled';
    // FAILURE, FAILED, ABORTED, NOT_EXECUTED, and any word we don't know: never a pass.
    return 'failed';
}
function run_upper(v) {
    return typeof v === 'string' ? v.trim().toUpperCase() : '';
}
function sum(...values) {
    const known = values.filter((v) => v !== undefined);
    return known.length === 0 ? undefined : known.reduce((a, b) => a + b, 0);
}

;// CONCATENATED MODULE: ./src/providers/testsigma/provider.ts





/** `origin`: the API's, where the server's own run pages are (/ui/td/runs/{id}). */
const textOf = (report) => typeof report === 'string' ? Promise.resolve(report) : report();
function createTestsigma(settings, http, origin) {
    /** The test plan (executionId) of runs we have seen, for reruns. */
    const planOf = new Map();
    const snapshot = (raw, what) => {
        const run = run_normalize(raw, what, origin);
        const plan = planOfRun(raw);
        if (plan !== undefined)
            planOf.set(run.id, plan);
        return run;
    };
    const planId = async (runId, opts) => {
        const known = settings.testPlanId ?? planOf.get(runId);
        if (known !== undefined)
            return known;
        await provider.get(runId, opts);
        const plan = planOf.get(runId);
        if (plan === undefined)
            throw new GateError('bad-response', `Testsigma run ${runId} has no executionId (test plan id); pass test-plan-id`);
        return plan;
    };
    const provider = {
        name: 'testsigma',
        label: 'Testsigma',
        describe: (runId) => `Testsigma run ${runId}`,
        startSubject: () => ({
            what: `test plan ${settings.testPlanId}`,
            where: "the test plan's runs in Testsigma before running this job again"
        }),
        async start(opts) {
            const plan = settings.testPlanId;
            const what = `trigger test plan ${plan}`;
            const start = { what, body: triggerBody(settings), subject: `test plan ${plan}` };
            return postRun(http, start, answer => snapshot(answer, what), opts);
        },
        async rerun(runId, type, items = [], opts) {
            const plan = await planId(runId, opts);
            const what = `rerun (${type}) of Testsigma run ${runId}`;
            const body = rerunBody(plan, runId, type, items);
            const start = { what, body, subject: `run ${runId}`, rerunOf: `run ${runId}` };
            return postRun(http, start, answer => snapshot(answer, what), opts);
        },
        async get(runId, opts) {
            const what = `read Testsigma run ${runId}`;
            const run = snapshot(await api_getRun(http, runId, what, opts), what);
            // The run we stop, report and gate on is the one we asked about, never another.
            if (run.id !== runId) {
                throw new GateError('bad-response', `${what}: the answer is about run ${run.id}`);
            }
            return run;
        },
        cancel: (runId, opts) => stopRun(http, runId, opts),
        readReport: (runId, opts) => readReport(http, runId, opts),
        async flakyTests(runs, opts) {
            // Only a rerun can turn a failure into a pass: one run alone costs no request.
            if (runs.length < 2)
                return { tests: [], found: 0 };
            const reports = [];
            for (const [i, run] of runs.entries()) {
                const last = i === runs.length - 1;
                const report = last && opts?.report !== undefined
                    ? await textOf(opts.report)
                    : await readReport(http, run.id, opts);
                reports.push({ report, what: `The JUnit report of Testsigma run ${run.id}`, url: run.url });
            }
            return rerunFlakyTests(reports, opts?.signal);
        },
        async failedTests(run, opts) {
            const report = opts?.report !== undefined
                ? await textOf(opts.report)
                : await readReport(http, run.id, opts);
            return junitFailedTests(report, `The JUnit report of Testsigma run ${run.id}`, run.url, opts?.signal);
        }
    };
    return provider;
}

;// CONCATENATED MODULE: ./src/providers/index.ts


function createProvider(settings, http) {
    return settings.provider === 'testsigma'
        ? createTestsigma(settings.testsigma, http, new URL(settings.apiUrl).origin)
        : createCurrents(settings.currents, settings.github, http, settings.credential);
}

;// CONCATENATED MODULE: ./src/report/text.ts
/**
 * Making untrusted text (API messages, spec paths, test titles) inert: in the log, where a line
 * starting with `::` (after the runner trims leading spaces) or `##[` would be a workflow
 * command, and in markdown, where it could break the summary's tables or inject HTML.
 */

/** Control characters, including CR/LF, and the Unicode line/paragraph separators. */
const CONTROL = CONTROL_RUNS;
/** One log line that cannot act as a workflow command. */
function safeLine(text) {
    // The runner's legacy parser finds `##[` anywhere in a line (actions/runner
    // ActionCommand.TryParse), so break it up wherever it is, with a zero-width space.
    const line = text.replace(CONTROL, ' ').replace(/##\[/g, '##\u200b[');
    return /^\s*::/.test(line) ? `> ${line}` : line;
}
/** Text for a markdown table cell or paragraph: one line, every markup character an entity. */
function md(text, max = 500) {
    if (text === undefined || text === '')
        return '';
    let s = String(text).replace(CONTROL, ' ').trim();
    if (s.length > max)
        s = `${s.slice(0, max - 1)}…`;
    return s.replace(/[\\`*_[\]<>|&#!~]/g, c => `&#${c.charCodeAt(0)};`);
}
/** A markdown link, or the escaped label alone when the URL is not a plain http(s) URL. */
function mdLink(label, url) {
    if (url === undefined || !/^https?:\/\/[^\s<>"'`]+$/i.test(url))
        return md(label);
    // encodeURIComponent leaves ( ) alone: a ) would end the link and a | split the table cell.
    const safe = url.replace(/[()|]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return `[${md(label)}](${safe})`;
}
/**
 * Text with the API key removed, as sent and as md() escaped it (a key with _ or * in it): the
 * summary and the check run are not masked like the log, should an API echo the key.
 */
function text_withoutKey(text, key) {
    if (!key)
        return text;
    return [key, md(key, Infinity)].reduce((s, k) => s.split(k).join('***'), text);
}
/**
 * Multi-line text for a `<pre>` in a markdown HTML block: markup characters as entities, as
 * md() writes them (no tag can open or close, and should a renderer read the block as markdown
 * after all, no link or table either), control characters dropped, and no blank line, which
 * would end the HTML block and let the rest be read as markdown.
 */
function preText(text, max = 4000) {
    const s = text.length > max ? `${text.slice(0, max - 1)}…` : text;
    return (s
        .split(/\r?\n/)
        .map(l => l.replace(CONTROL, ' ').trimEnd())
        .filter(l => l.trim() !== '')
        .map(l => l.replace(/[\\`*_[\]<>|&#!~]/g, c => `&#${c.charCodeAt(0)};`))
        // A line of the file that reads like a workflow command would be one if it reached a log.
        .map(l => l.replace(/^(\s*):/, '$1&#58;'))
        .join('\n'));
}
/** A folded block with the rest of a test's error; '' when there is none. */
function detailsBlock(summary, details) {
    const pre = details === undefined ? '' : preText(details);
    if (pre === '')
        return '';
    return `<details><summary>${md(summary, 200)}</summary><pre>\n${pre}\n</pre></details>`;
}

;// CONCATENATED MODULE: ./src/report/failed-tests.ts
/**
 * The failed tests of a gate's run wherever a reviewer looks (SPEC.md "What failed"): a job
 * summary section, the `failed-tests` output, and the entries that annotations (the step's and
 * the check run's, in github/) are made of. Failed items whose tests were not read (Currents specs past the
 * first 10) follow the tests, by file.
 */




/** An item (a spec file) whose tests were not read, as an entry of the list. */
function itemEntry(f) {
    const entry = { name: f.file ?? f.title };
    if (f.file !== undefined)
        entry.file = f.file;
    entry.message =
        f.failures !== undefined
            ? `${plural(f.failures, 'failed test')}; not read one by one`
            : 'failed';
    if (f.url !== undefined)
        entry.url = f.url;
    return entry;
}
/** Tests first, then the items not read, at most MAX_FAILED_TESTS in all. */
function failedEntries(failed) {
    if (!failed)
        return [];
    const room = Math.max(0, MAX_FAILED_TESTS - failed.tests.length);
    return [...failed.tests, ...failed.unread.slice(0, room).map(itemEntry)];
}
/** A test as the `failed-tests` and `flaky-tests` outputs list it: what a script needs. */
function testEntry({ name, file, line, message, url }) {
    return { name, file, line, message, url };
}
/**
 * The `failed-tests` output: the list of {name, file?, line?, message?, url?, known?}; `[]` when the
 * run has none; undefined when no run is known, or when its failed tests are not (the run did
 * not pass and they were not read: a `status` read, a cancelled run, an unreadable report).
 */
function failedTestsList(outcome) {
    const run = outcome.run;
    if (!run)
        return undefined;
    if (!outcome.failed)
        return run.state === 'finished' && run.status === 'passed' ? [] : undefined;
    // With a baseline, each failure that was compared says whether it fails there too.
    const t = outcome.triage?.baseline !== undefined ? outcome.triage : undefined;
    const known = (test) => t?.known.includes(test) ? true : t?.fresh.includes(test) ? false : undefined;
    return failedEntries(outcome.failed).map(test => ({ ...testEntry(test), known: known(test) }));
}
/**
 * GitHub shows at most 10 error annotations per step; the verdict's own line is one of them,
 * so failed tests get the other 9 (and the CLI logs as many), and the summary lists the rest.
 */
const MAX_FAILURE_LINES = 9;
/** Whether a step shows its failed tests one by one: a gate (run, rerun) on a failed run. */
function showsFailedTests(settings, outcome, status) {
    return (isGate(settings.command) &&
        settings.annotations &&
        outcome.run?.state === 'finished' &&
        outcome.run.status === 'failed' &&
        status === 'failed');
}
/** The CLI's log of what failed: one line per failed test, as the action's annotations. */
function failedTestLines(outcome) {
    const failed = outcome.failed;
    const lines = failed && failed.tests.length > 0
        ? failedEntries(failed).map(t => {
            const where = t.file ? ` (${t.file}${t.line !== undefined ? `:${t.line}` : ''})` : '';
            return `failed: ${t.name}${where}${t.message ? `: ${t.message}` : ''}`;
        })
        : (outcome.run?.failures ?? []).map(f => {
            const count = f.failures ? ` (${plural(f.failures, 'failed test')})` : '';
            return `failed: ${f.file ?? f.title}${count}${f.detail ? `: ${f.detail}` : ''}`;
        });
    const total = failed && failed.tests.length > 0 ? failed.found + failed.unread.length : lines.length;
    const shown = lines.slice(0, MAX_FAILURE_LINES);
    if (total > shown.length)
        shown.push(`…and ${total - shown.length} more (see --summary or --json)`);
    return shown;
}
/**
 * The `quarantined-tests` output: the failures that the quarantine let pass, each with its
 * entry's reason, until and owner; `[]` when none; empty when no quarantine was asked, or the
 * run's failures were not triaged.
 */
function quarantinedTestsList(outcome) {
    const t = outcome.triage;
    if (!t)
        return outcome.run?.state === 'finished' && outcome.run.status === 'passed' ? [] : undefined;
    return t.quarantined.map(({ test, entry }) => ({
        name: test.name,
        file: test.file,
        line: test.line,
        message: test.message,
        reason: entry.reason,
        until: entry.until,
        owner: entry.owner
    }));
}
/**
 * The summary's "Failed tests" section (markdown lines, each block followed by an empty line),
 * grouped when the tests have groups.
 */
function failedTestsSection(failed) {
    if (failed.found === 0 && failed.unread.length === 0)
        return [];
    const out = [`#### Failed tests (${failed.found})`, ''];
    const unread = failed.unread.length;
    const withLines = failed.tests.some(t => t.line !== undefined);
    const header = withLines
        ? ['| Test | Line | Message |', '|---|---:|---|']
        : ['| Test | Message |', '|---|---|'];
    const row = (t) => withLines
        ? `| ${mdLink(t.name, t.url)} | ${t.line ?? ''} | ${md(t.message)} |`
        : `| ${mdLink(t.name, t.url)} | ${md(t.message)} |`;
    let group;
    let open = false;
    for (const t of failed.tests) {
        if (!open || t.group !== group) {
            if (open)
                out.push('');
            if (t.group !== undefined)
                out.push(`**${md(t.group)}**`, '');
            out.push(...header);
            group = t.group;
            open = true;
        }
        out.push(row(t));
    }
    if (open)
        out.push('');
    out.push(...detailsBlocks(failed.tests));
    const more = failed.found - failed.tests.length;
    if (more > 0)
        out.push(`…and ${more} more, not listed.`, '');
    if (unread > 0) {
        const which = failed.tests.length > 0 ? plural(unread, 'more failed file') : plural(unread, 'failed file');
        out.push(`The tests of ${which} were not read one by one: see the files below.`, '');
    }
    return out;
}
/** The rest of each error, folded, for the first DETAILED_TESTS tests that have one. */
const DETAILED_TESTS = 20;
function detailsBlocks(tests) {
    const blocks = tests
        .filter(t => t.details !== undefined)
        .slice(0, DETAILED_TESTS)
        .map(t => detailsBlock(`${t.name}: the whole error`, t.details))
        .filter(Boolean);
    return blocks.flatMap(b => [b, '']);
}

;// CONCATENATED MODULE: ./src/report/flaky-tests.ts


/** `file:line`, or the file alone, or ''. */
function whereOf(t) {
    if (t.file === undefined)
        return '';
    return t.line !== undefined ? `${t.file}:${t.line}` : t.file;
}
/** Like failed-tests; undefined when the flaky tests were not read (no run, or not finished). */
function flakyTestsList(outcome) {
    const flaky = outcome.flaky;
    if (!flaky)
        return undefined;
    return flaky.tests.map(testEntry);
}
/** The summary's section (markdown lines, ending with an empty line); none when there are none. */
function flakyTestsSection(flaky) {
    if (!flaky || flaky.found === 0)
        return [];
    const out = [
        `#### Flaky tests (${flaky.found})`,
        '',
        'Passed only after failing; they did not fail the run.',
        '',
        '| Test | File | First failed with |',
        '|---|---|---|',
        ...flaky.tests.map(t => `| ${mdLink(t.name, t.url)} | ${md(whereOf(t))} | ${md(t.message)} |`),
        ''
    ];
    const more = flaky.found - flaky.tests.length;
    if (more > 0)
        out.push(`…and ${more} more, not read one by one.`, '');
    return out;
}

;// CONCATENATED MODULE: ./src/report/verdict.ts



const COMMANDS_WITHOUT_GATE = new Set([
    'status',
    'cancel',
    'cancel-hook',
    'reset',
    'delete',
    'last-failed'
]);
function verdict_finalStatus(outcome) {
    const stop = outcome.stop;
    // Cancelled after the run had ended (e.g. while its report downloaded): the run's own result.
    const ended = stop?.outcome === 'already-finished' && outcome.run?.state === 'finished';
    if (stop?.reason === 'signal' && !ended)
        return 'cancelled';
    if (outcome.stop?.reason === 'timeout')
        return 'timed-out';
    return outcome.run?.status ?? '';
}
/**
 * The counts of the step's result. After reruns of the failed tests (rerun-failed) the last
 * rerun holds only the tests it reran, so the plan's figures are: the total of the first run,
 * failed and skipped of the last rerun, and the rest passed. While that rerun is unfinished its
 * counts are partial, and shown as they are.
 */
function outcomeCounts(outcome) {
    const run = outcome.run;
    if (!run)
        return {};
    const first = outcome.history[0];
    const total = first?.counts.total;
    const failed = run.counts.failed;
    if (outcome.reruns === 0 || first === run || run.state !== 'finished')
        return run.counts;
    if (total === undefined || failed === undefined)
        return run.counts;
    const skipped = run.counts.skipped ?? 0;
    return {
        total,
        passed: Math.max(0, total - failed - skipped),
        failed,
        skipped,
        flaky: run.counts.flaky
    };
}
/** "12 tests, 10 passed, 2 failed": known counts only; failed, skipped and flaky when some. */
function countsText(c) {
    const parts = [
        c.total !== undefined ? plural(c.total, 'test') : '',
        c.passed !== undefined ? `${c.passed} passed` : '',
        c.failed ? `${c.failed} failed` : '',
        c.skipped ? `${c.skipped} skipped` : '',
        c.flaky ? `${c.flaky} flaky` : ''
    ].filter(Boolean);
    return parts.join(', ');
}
function verdict(settings, given, error) {
    if (error !== undefined && !isGateError(error, 'aborted')) {
        // The step fails, so its status may not say passed (e.g. a run that passed whose JUnit
        // report could not be saved): outputs, summary and exit code agree.
        const status = verdict_finalStatus(given);
        return {
            status: status === 'passed' ? 'failed' : status,
            exitCode: 1,
            line: describeError(error)
        };
    }
    // A signal that cut a command short before it could record a stop still cancels the step.
    const outcome = error !== undefined && given.stop === undefined
        ? { ...given, stop: { reason: 'signal', outcome: 'not-attempted', at: given.startedAt } }
        : given;
    const status = verdict_finalStatus(outcome);
    if (COMMANDS_WITHOUT_GATE.has(settings.command) && outcome.stop === undefined) {
        return { status, exitCode: 0, line: outcome.done ?? 'Done' };
    }
    const run = outcome.run;
    const own = outcome.done && !run ? outcome.done : runLine(settings, outcome, run, outcome.stop);
    const t = status === 'failed' && !outcome.stop ? outcome.triage : undefined;
    const line = t ? `${own}; ${triageText(t, settings.gate.failOn)}` : own;
    if (outcome.stop?.reason === 'signal')
        return { status, exitCode: 1, line };
    if (t && !failuresGate(t, settings.gate.failOn))
        return { status, exitCode: 0, line, allowed: true };
    if (status === 'passed' || !settings.wait || !settings.failOnFailure)
        return { status, exitCode: 0, line };
    return { status, exitCode: 1, line };
}
/**
 * What the gate made of the failures, for the verdict line: "the gate passes: 2 quarantined"
 * or "3 failed: 1 new, 2 also failing on main".
 */
function triageText(t, failOn) {
    if (t.unchecked !== undefined)
        return `the gate fails: ${t.unchecked}`;
    const parts = [
        t.fresh.length ? `${t.fresh.length} new` : '',
        t.known.length ? `${t.known.length} also failing on ${t.baseline}` : '',
        t.quarantined.length ? `${t.quarantined.length} quarantined` : ''
    ].filter(Boolean);
    const all = t.fresh.length + t.known.length + t.quarantined.length;
    const split = `${plural(all, 'failure')}: ${parts.join(', ')}`;
    if (!failuresGate(t, failOn))
        return `the gate passes (${split})`;
    return split;
}
function runLine(settings, outcome, run, stop) {
    const label = settings.provider === 'testsigma' ? 'Testsigma' : 'Currents';
    const id = run?.id ?? outcome.runId;
    const name = id !== undefined ? `${label} run ${id}` : `the ${label} run`;
    const counts = countsText(outcomeCounts(outcome));
    const reruns = outcome.reruns > 0 ? ` after ${plural(outcome.reruns, 'rerun')}` : '';
    const figures = counts ? `: ${counts}${reruns}` : reruns;
    // The status phrase says "was cancelled" beside the result word (resultWord() elsewhere).
    const own = run
        ? `${name} ${statusPhrase(run, run.status)}${run.result ? ` (${run.result})` : ''}${figures}`
        : '';
    if (!stop)
        return own || `No result is known for ${name}`;
    const timeout = `wait-timeout (${formatDuration(settings.waitTimeoutMs)}) passed`;
    const signal = stop.reason === 'signal';
    const why = cancelledWhy(settings.host);
    const whyLower = why.charAt(0).toLowerCase() + why.slice(1);
    if (stop.note)
        return `${signal ? why : timeout}: ${stop.note}`;
    switch (stop.outcome) {
        case 'cancelled':
            return `${capitalize(name)} was ${signal ? `cancelled because ${whyLower}` : `stopped because ${timeout}`}${figures}`;
        case 'already-finished':
            return `${own || capitalize(name)}; it had already finished when ${signal ? whyLower : timeout}`;
        case 'not-found':
            return `${signal ? why : timeout}, and ${name} was not found to stop`;
        case 'not-attempted':
            if (signal && id === undefined)
                return `${why} before ${name} was known`;
            if (signal)
                return `${why}; ${name} was not stopped`;
            return `${timeout}; ${name} is left running (cancel-on-timeout: false)${figures}`;
        case 'failed':
            return `${signal ? why : timeout}, but stopping ${name} failed (${stop.error ?? 'unknown error'}); ${stop.then ?? stopLater(settings.host)}`;
    }
}
/**
 * The service's result word as shown to people. A run cancelled or timed out may still carry
 * the word of the tests that had run (a Currents run cancelled while its tests passed): it
 * never shows alone then.
 */
function resultWord(run, status = run.status) {
    const ended = status === 'cancelled' ? 'cancelled' : status === 'timed-out' ? 'timed out' : '';
    if (!ended || !run.result || /CANCEL|STOP|TIME|ABORT/i.test(run.result))
        return run.result;
    return `${run.result}, but the run was ${ended}`;
}
function capitalize(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
}

;// CONCATENATED MODULE: ./src/report/outputs.ts



const OUTPUT_NAMES = (/* unused pure expression or super */ null && ([
    'run-id',
    'run-url',
    'status',
    'result',
    'total',
    'passed',
    'failed',
    'skipped',
    'flaky',
    'duration-ms',
    'reruns',
    'check-run-id',
    'junit-path',
    'extra-pw-flags',
    'failed-tests',
    'quarantined-tests',
    'flaky-tests',
    'pr-comment-url'
]));
/** `status`: the verdict's, when it differs from the run's (an error after a passed run). */
function typedOutputs(outcome, checkRunId, status = verdict_finalStatus(outcome), commentUrl) {
    const run = outcome.run;
    const counts = outcomeCounts(outcome);
    return {
        'run-id': run?.id ?? outcome.runId ?? null,
        'run-url': run?.url ?? null,
        status: status || null,
        result: run?.result || null,
        total: counts.total ?? null,
        passed: counts.passed ?? null,
        failed: counts.failed ?? null,
        skipped: counts.skipped ?? null,
        flaky: counts.flaky ?? null,
        'duration-ms': run?.durationMs ?? null,
        reruns: outcome.reruns,
        'check-run-id': checkRunId ?? null,
        'junit-path': outcome.junitPath ?? null,
        'extra-pw-flags': outcome.extraPwFlags ?? '',
        'failed-tests': failedTestsList(outcome) ?? null,
        'quarantined-tests': quarantinedTestsList(outcome) ?? null,
        'flaky-tests': flakyTestsList(outcome) ?? null,
        'pr-comment-url': commentUrl ?? null
    };
}
/** The action's outputs: strings, as GitHub's are; '' when unknown, lists as JSON text. */
function computeOutputs(outcome, checkRunId, status = finalStatus(outcome), commentUrl) {
    const typed = typedOutputs(outcome, checkRunId, status, commentUrl);
    const text = (v) => v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return Object.fromEntries(Object.entries(typed).map(([name, v]) => [name, text(v)]));
}

;// CONCATENATED MODULE: ./src/report/triage-section.ts

const MAX_ROWS = 100;
function triageSection(t, quarantineFile) {
    const out = [];
    const total = t.fresh.length + t.known.length + t.quarantined.length;
    if (t.unchecked !== undefined) {
        out.push(`**No failure is quarantined or known while ${md(t.unchecked)}.**`, '');
    }
    else if (total > 0) {
        const parts = [
            `${t.fresh.length} new`,
            t.baseline !== undefined ? `${t.known.length} also failing on ${code(t.baseline)}` : '',
            quarantineFile !== undefined ? `${t.quarantined.length} quarantined` : ''
        ].filter(Boolean);
        out.push(`**${total} failed: ${parts.join(', ')}.**`, '');
    }
    if (t.baselineProblem !== undefined)
        out.push(`⚠️ ${md(t.baselineProblem)}: every failure counts as new.`, '');
    if (t.known.length > 0) {
        out.push(`#### Also failing on ${code(t.baseline ?? '')} (${t.known.length})`, '');
        for (const k of t.known.slice(0, MAX_ROWS))
            out.push(`- ${mdLink(k.name, k.url)}${k.file ? ` (${md(k.file)})` : ''}`);
        out.push('');
    }
    if (t.quarantined.length > 0) {
        out.push(`#### Quarantined (${t.quarantined.length})`, '');
        out.push('| Test | Reason | Owner | Until |', '|---|---|---|---|');
        for (const { test, entry } of t.quarantined.slice(0, MAX_ROWS))
            out.push(`| ${mdLink(test.name, test.url)} | ${md(entry.reason)} | ${md(entry.owner)} | ${entry.until} |`);
        out.push('');
    }
    for (const { test, entry } of t.expired.slice(0, MAX_ROWS))
        out.push(`⚠️ The quarantine of ${md(test.name)} (${md(quarantineFile ?? '')} line ${entry.line}) expired on ${entry.until}: fix the test or extend the entry.`, '');
    return out;
}
/** A branch name as inline code, with no backtick of its own to end it early. */
function code(text) {
    return `\`${text.replace(/`/g, "'").slice(0, 250)}\``;
}

;// CONCATENATED MODULE: ./src/report/next-step.ts



function nextStep(settings, outcome, v) {
    const run = outcome.run;
    if (!run || !isGate(settings.command))
        return undefined;
    const steps = [];
    if (v.status === 'failed')
        steps.push(rerunHint(settings, outcome.reruns));
    if (v.status === 'timed-out')
        steps.push(`the run took longer than \`wait-timeout\` (${formatDuration(settings.waitTimeoutMs)}): raise it if the run needs more`);
    if (v.status !== 'failed' && v.status !== 'timed-out')
        return undefined;
    if (outcome.junitPath)
        steps.push('keep the JUnit report for your test view: upload it with `actions/upload-artifact` (`if: always()`)');
    steps.push(run.url ? `every detail is on ${mdLink("the run's page", run.url)}` : '');
    return `**Next:** ${steps.filter(Boolean).join('; ')}.`;
}
function rerunHint(settings, reruns) {
    if (settings.provider === 'currents')
        return "rerun only what failed with GitHub's **Re-run failed jobs** and a `command: last-failed` step before `playwright test` (Playwright)";
    return reruns > 0
        ? `the tests failed again in ${reruns === 1 ? 'the rerun' : `all ${reruns} reruns`}: they fail for real`
        : 'rerun only the failed tests with `rerun-failed: 1` (or `command: rerun` on this run)';
}

;// CONCATENATED MODULE: ./src/report/summary.ts








const MAX_FAILURE_ROWS = 100;
const ICON = {
    passed: '✅',
    failed: '❌',
    cancelled: '⏹️',
    'timed-out': '⏱️',
    queued: '⏳',
    running: '⏳'
};
function statusIcon(v) {
    return v.status ? ICON[v.status] : v.exitCode === 0 ? '✅' : '❌';
}
/**
 * The summary as written: with the API key removed, should an API have echoed it into a message,
 * since the summary file and a check run's output are not masked like the log.
 */
function summaryFor(settings, outcome, v, checkUrl) {
    return text_withoutKey(renderSummary(settings, outcome, v, checkUrl), settings.apiKey);
}
function renderSummary(settings, outcome, v, checkUrl) {
    const out = [];
    const run = outcome.run;
    const provider = settings.provider === 'testsigma' ? 'Testsigma' : 'Currents';
    // An armed hook has no result: in a matrix, a line per job would bury the summaries that
    // matter, so "armed" goes to the log only.
    if (settings.command === 'cancel-hook' && v.exitCode === 0 && !outcome.stop)
        return '';
    const icon = statusIcon(v);
    const title = run
        ? `${provider} run ${run.id}: ${v.status ? v.status.replace('-', ' ') : 'unknown'}`
        : `${provider} ${settings.command}`;
    out.push(`### ${icon} ${md(title)}`, '');
    out.push(md(v.line, 2000), '');
    const links = [
        run?.url ? mdLink('Open the run', run.url) : '',
        checkUrl ? mdLink('Check run', checkUrl) : ''
    ].filter(Boolean);
    if (links.length)
        out.push(links.join(' · '), '');
    if (run) {
        out.push(...countsTable(outcomeCounts(outcome), run, outcome.reruns), '');
        const details = [['Result', resultWord(run, v.status)]];
        if (run.message)
            details.push(['Message', run.message]);
        details.push(...(run.details ?? []));
        out.push('| | |', '|---|---|', ...details.map(([k, val]) => `| ${md(k)} | ${md(val)} |`), '');
    }
    if (outcome.history.length > 1)
        out.push(...historyTable(outcome.history), '');
    if (outcome.stop)
        out.push(stopLine(settings, outcome), '');
    const failed = outcome.failed;
    if (failed)
        out.push(...failedTestsSection(failed));
    if (outcome.triage)
        out.push(...triageSection(outcome.triage, settings.gate.quarantine));
    // Once the tests are known, the failed items add only the ones whose tests were not read.
    const itemsToo = !failed || failed.tests.length === 0 || failed.unread.length > 0;
    if (run && run.failures.length > 0 && itemsToo)
        out.push(...failureTable(run), '');
    out.push(...flakyTestsSection(outcome.flaky));
    if (outcome.junitPath)
        out.push(`JUnit report saved to \`${outcome.junitPath.replace(/`/g, "'")}\`.`, '');
    const next = nextStep(settings, outcome, v);
    if (next)
        out.push(next, '');
    return out.join('\n');
}
function countsTable(c, run, reruns) {
    const n = (v) => (v === undefined ? '–' : String(v));
    const duration = run.durationMs === undefined ? '–' : formatElapsed(run.durationMs);
    return [
        '| Total | Passed | Failed | Skipped | Flaky | Duration | Reruns |',
        '|---:|---:|---:|---:|---:|---:|---:|',
        `| ${n(c.total)} | ${n(c.passed)} | ${n(c.failed)} | ${n(c.skipped)} | ${n(c.flaky)} | ${duration} | ${reruns} |`
    ];
}
function historyTable(history) {
    return [
        '#### Runs',
        '',
        '| # | Run | Status | Result | Passed | Failed | Total |',
        '|---:|---|---|---|---:|---:|---:|',
        ...history.map((r, i) => `| ${i + 1} | ${mdLink(r.id, r.url)} | ${r.status} | ${md(resultWord(r))} | ${r.counts.passed ?? '–'} | ${r.counts.failed ?? '–'} | ${r.counts.total ?? '–'} |`)
    ];
}
function stopLine(settings, outcome) {
    const stop = outcome.stop;
    const at = new Date(stop.at)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
    const why = stop.reason === 'signal'
        ? cancelledWhy(settings.host)
        : `wait-timeout (${formatDuration(settings.waitTimeoutMs)}) passed`;
    const what = {
        cancelled: 'the run was stopped',
        'already-finished': 'the run had already finished',
        'not-found': 'the run was not found to stop',
        // Without a run (a find that never found one) there was nothing to stop.
        'not-attempted': !outcome.run
            ? stop.reason === 'timeout'
                ? 'no run was found'
                : 'no run was known to stop'
            : stop.reason === 'timeout'
                ? 'the run was left running (cancel-on-timeout: false)'
                : 'the run was not stopped',
        failed: `stopping the run failed (${stop.error ?? ''}); ${stop.then ?? stopLater(settings.host)}`
    };
    const note = stop.note ? ` ${md(stop.note.charAt(0).toUpperCase() + stop.note.slice(1))}.` : '';
    return `**${why}** at ${at}: ${md(what[stop.outcome])}.${note}`;
}
function failureTable(run) {
    const rows = run.failures.slice(0, MAX_FAILURE_ROWS);
    const lines = [
        `#### Failed (${run.failures.length})`,
        '',
        '| Item | Failures | Detail |',
        '|---|---:|---|',
        ...rows.map(f => `| ${f.url ? mdLink(f.file ?? f.title, f.url) : md(f.file ?? f.title)} | ${f.failures ?? ''} | ${md(f.detail)} |`)
    ];
    if (run.failures.length > rows.length)
        lines.push('', `…and ${run.failures.length - rows.length} more, not listed.`);
    return lines;
}

;// CONCATENATED MODULE: ./src/settings/quarantine.ts
/**
 * The quarantine file (input `quarantine`): a YAML list in the repository of tests that may
 * fail without failing the gate. Read and checked before any request, so that a mistake in it
 * is named with its line; the YAML parser is loaded only when the input is set.
 */



const quarantine_INPUT = 'quarantine';
const MAX_ENTRIES = 1000;
const MAX_BYTES = 1024 * 1024;
const KEYS = new Set(['test', 'file', 'reason', 'until', 'owner']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Reads the file at `path` (already resolved against the workspace). */
async function readQuarantine(path, shown = path) {
    const fail = (why) => badInput(quarantine_INPUT, `${shown}: ${why}`);
    let size;
    try {
        const s = await (0,promises_.stat)(path);
        if (!s.isFile())
            throw fail('is not a file; give the path of the YAML file in the repository');
        size = s.size;
    }
    catch (e) {
        if (e.code === 'ENOENT')
            throw fail('does not exist; give the path of the YAML file in the repository (check out the repository before this step)');
        throw e instanceof Error && e.name === 'GateError' ? e : fail(`cannot be read (${String(e)})`);
    }
    if (size > MAX_BYTES)
        throw fail(`is larger than 1 MiB; keep at most ${MAX_ENTRIES} entries`);
    return parseQuarantine(await (0,promises_.readFile)(path, 'utf8'), shown);
}
/** The entries of a quarantine file's text; `shown` names the file in messages. */
async function parseQuarantine(text, shown) {
    const { LineCounter, parseDocument, isMap, isSeq, isScalar } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    const lines = new LineCounter();
    // Only plain values are read: an alias or a tag (`!!binary`) is not text, and is refused.
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    const lineOf = (offset) => lines.linePos(offset ?? 0).line;
    const startOf = (node) => node?.range?.[0];
    const fail = (line, why) => badInput(quarantine_INPUT, `${shown} line ${line}: ${why}`);
    const first = doc.errors[0];
    if (first)
        throw fail(lineOf(first.pos[0]), `is not valid YAML (${first.message.split('\n')[0]})`);
    const root = doc.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === '')))
        return [];
    if (!isSeq(root))
        throw fail(lineOf(startOf(root)), 'the file must be a list of entries, each starting with "- test:"');
    if (root.items.length > MAX_ENTRIES)
        throw fail(lineOf(startOf(root)), `has ${root.items.length} entries; keep at most ${MAX_ENTRIES}`);
    return root.items.map((item, i) => {
        const line = lineOf(startOf(item));
        if (!isMap(item))
            throw fail(line, `entry ${i + 1} is not a mapping of test, reason and until`);
        const fields = {};
        for (const pair of item.items) {
            const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
            const at = lineOf(startOf(pair.key));
            if (!KEYS.has(key))
                throw fail(at, `unknown key '${key.slice(0, 40)}'; an entry has test, file, reason, until and owner`);
            const value = isScalar(pair.value) ? pair.value.value : undefined;
            if (typeof value !== 'string' && typeof value !== 'number')
                throw fail(at, `${key} must be text`);
            fields[key] = String(value).trim();
        }
        for (const key of ['test', 'reason', 'until'])
            if (!fields[key])
                throw fail(line, `entry ${i + 1} has no ${key}; ${HINT[key]}`);
        if (!validDate(fields.until))
            throw fail(line, `until '${fields.until.slice(0, 40)}' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-15`);
        const entry = {
            test: fields.test,
            reason: fields.reason,
            until: fields.until,
            line
        };
        if (fields.file)
            entry.file = fields.file;
        if (fields.owner)
            entry.owner = fields.owner;
        return entry;
    });
}
const HINT = {
    test: "add test: the failed test's name as the job summary shows it",
    reason: 'add reason: why the test may fail for now (an issue link helps)',
    until: 'add until: the last day the entry applies, as YYYY-MM-DD'
};
function validDate(text) {
    const m = DATE.exec(text);
    if (!m)
        return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === text;
}
/** The quarantine file's entries when the input is set: relative to the workspace. */
async function loadQuarantine(settings) {
    const path = settings.gate.quarantine;
    if (path === undefined)
        return undefined;
    return readQuarantine((0,external_node_path_.resolve)(settings.github.workspace ?? process.cwd(), path), path);
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/cli/inputs.ts
// Generated from action.yml by scripts/inputs-table.mjs (npm run build): do not edit.
const INPUTS = [
    {
        name: 'provider',
        description: 'The test service: testsigma or currents.',
        default: '',
        required: true
    },
    {
        name: 'api-key',
        description: "The provider's API key (pass it from a secret). Masked at once; sent only to api-url. Currents: env CURRENTS_API_KEY when empty; cancel-hook may use record-key instead.",
        default: '',
        required: false
    },
    {
        name: 'record-key',
        description: "currents cancel-hook (and a gate's post step): cancel with the record key the test jobs hold, instead of an API key (the API key is used when both are given). Env CURRENTS_RECORD_KEY when empty. Masked at once; sent only to director-url. Needs project-id and a ciBuildId (input, env or the default).",
        default: '',
        required: false
    },
    {
        name: 'director-url',
        description: 'currents: the reporting service that takes the record key (POST /v1/runs/cancel). Must be https, except on a loopback host.',
        default: 'https://cy.currents.dev',
        required: false
    },
    {
        name: 'api-url',
        description: "The provider's API base URL. Defaults to https://app.testsigma.com/api/v1 or https://api.currents.dev/v1. Must be https, except on a loopback host.",
        default: '',
        required: false
    },
    {
        name: 'run-id',
        description: "An existing run: a Testsigma test plan result id (a positive integer) or a Currents run id. Needed by status, rerun, reset, delete and Testsigma cancel (Currents cancel without it cancels this workflow run's runs); run then waits for it.",
        default: '',
        required: false
    },
    {
        name: 'wait',
        description: 'run/rerun: poll until the run is finished. With false, the step ends once the run is started or found; the post step stops that run if the job is later cancelled.',
        default: 'true',
        required: false
    },
    {
        name: 'wait-timeout',
        description: 'How long to wait in all (finding the run included), e.g. 30m or 1h30m. Then the run is cancelled (see cancel-on-timeout) and the step fails with status timed-out.',
        default: '60m',
        required: false
    },
    {
        name: 'cancel-on-timeout',
        description: 'Cancel the remote run when wait-timeout passes.',
        default: 'true',
        required: false
    },
    {
        name: 'poll-interval',
        description: 'First delay between polls; later delays grow toward max-poll-interval. Durations: 500ms, 5s, 2m, 1h, 1h30m; a bare number means seconds.',
        default: '5s',
        required: false
    },
    {
        name: 'max-poll-interval',
        description: "Upper bound of the delay between polls (a server's Retry-After may exceed it).",
        default: '30s',
        required: false
    },
    {
        name: 'fail-on-failure',
        description: 'Fail the step unless the status is passed. With false the outputs still tell the result.',
        default: 'true',
        required: false
    },
    {
        name: 'summary',
        description: 'Write the job summary.',
        default: 'true',
        required: false
    },
    {
        name: 'annotations',
        description: 'Error annotations for failed tests or specs (spec file annotations for Currents).',
        default: 'true',
        required: false
    },
    {
        name: 'test-plan-id',
        description: 'testsigma run: the Test Plan id (executionId), a positive integer. Not needed for rerun, which reruns the plan of run-id.',
        default: '',
        required: false
    },
    {
        name: 'environment-id',
        description: 'testsigma: the environmentId to run the plan in, a positive integer.',
        default: '',
        required: false
    },
    {
        name: 'execution-config-id',
        description: 'testsigma: id of a saved Execution Config (executionConfig.id). At most one of execution-config-id and execution-config-name.',
        default: '',
        required: false
    },
    {
        name: 'execution-config-name',
        description: 'testsigma: name of a saved Execution Config (executionConfig.name). At most one of execution-config-id and execution-config-name.',
        default: '',
        required: false
    },
    {
        name: 'upload-versions',
        description: 'testsigma: uploadVersions, one DEVICE_ID=UPLOAD_VERSION_ID per line.',
        default: '',
        required: false
    },
    {
        name: 'build-number',
        description: 'testsigma: buildNo recorded with the run.',
        default: '',
        required: false
    },
    {
        name: 'runtime-data',
        description: 'testsigma: runtimeData, one NAME=VALUE per line (test data parameters for this run).',
        default: '',
        required: false
    },
    {
        name: 'junit-path',
        description: "Gates: after the run, save a JUnit XML report of it to this path, creating missing folders (checked before the run starts). testsigma: the service's report (after reruns, the last rerun's). currents: written by the gate, a testsuite per spec with its failed and flaky tests by name.",
        default: '',
        required: false
    },
    {
        name: 'rerun-failed',
        description: "testsigma run: after a failed run, rerun only its failed tests up to N times (0 to 10); the last rerun's result decides.",
        default: '0',
        required: false
    },
    {
        name: 'rerun-type',
        description: 'testsigma rerun: ALL_TESTS, ONLY_FAILED_TESTS, ALL_ITERATIONS, ONLY_FAILED_ITERATIONS or USER_PICKED.',
        default: 'ONLY_FAILED_TESTS',
        required: false
    },
    {
        name: 'test-case-result-ids',
        description: 'testsigma rerun with USER_PICKED: entries, comma or newline separated, each ID, or ID:ALL, ID:FAILED, ID:PASSED (the iterations of a data-driven test case to rerun), or ID:USER_PICKED:IT IT ... (iteration result ids, space separated).',
        default: '',
        required: false
    },
    {
        name: 'project-id',
        description: 'currents: the project id. Required for run (finding by build id), cancel-hook and last-failed. Env CURRENTS_PROJECT_ID when empty.',
        default: '',
        required: false
    },
    {
        name: 'ci-build-id',
        description: "currents run: the ciBuildId of the run to find. When empty (and branch and tags too): env CURRENTS_CI_BUILD_ID, else <owner>/<repo>-<run id>-<run attempt> (the value Currents recommends for every parallel job of one attempt) or pw:<owner>/<repo>-<run id>-<run attempt> (the one Currents' reporters make themselves): both are looked for. last-failed: the previous attempt's run, by the same rule with <run attempt - 1>.",
        default: '',
        required: false
    },
    {
        name: 'branch',
        description: 'currents find filter: an exact branch name, or a prefix ending in *.',
        default: '',
        required: false
    },
    {
        name: 'tags',
        description: 'currents find filter: tags the run must have, comma or newline separated.',
        default: '',
        required: false
    },
    {
        name: 'machine-ids',
        description: "currents reset: 1 to 63 machine ids, comma or newline separated. Default: the machines of the run's failed specs.",
        default: '',
        required: false
    },
    {
        name: 'pw-output-dir',
        description: "currents last-failed: Playwright's output folder (its outputDir, relative to the workspace), where .last-run.json is written.",
        default: 'test-results',
        required: false
    },
    {
        name: 'batched-orchestration',
        description: 'currents reset: the run uses batched orchestration; every reset call then sends isBatchedOr8n: true (never sent otherwise).',
        default: 'false',
        required: false
    },
    {
        name: 'quarantine',
        description: 'Gates: a YAML file in the repository (e.g. .github/test-quarantine.yml) listing tests that may fail without failing the gate, each with test, file?, reason, until (YYYY-MM-DD, UTC, inclusive) and owner?. Quarantined failures are still reported, as warnings.',
        default: '',
        required: false
    },
    {
        name: 'baseline',
        description: 'currents gates: a branch (e.g. main) whose latest finished run tells known failures (failing there too) from new ones.',
        default: '',
        required: false
    },
    {
        name: 'baseline-run-id',
        description: 'Gates: a run of the same provider to compare with; its failures are the known ones.',
        default: '',
        required: false
    },
    {
        name: 'fail-on',
        description: 'Gates: any (every failure not quarantined fails the gate) or new (only failures that are not known in the baseline; needs baseline or baseline-run-id).',
        default: 'any',
        required: false
    }
];

;// CONCATENATED MODULE: ./src/cli/args.ts
/**
 * The command line: `test-run-gate <command> [--<input> <value> | --<input>=<value> ...]`.
 * The flags are action.yml's inputs (src/cli/inputs.ts, generated from it), parsed by
 * node:util's parseArgs; a boolean input given bare means true.
 */



/** Commands of the CLI: the action's, but for cancel-hook (a GitHub post step's job). */
const CLI_COMMANDS = COMMANDS.filter(c => c !== 'cancel-hook');
/**
 * Inputs the CLI has no flag for: `summary` is the CLI's own `--summary <file>`.
 * (action.yml's command, job-status, github-token, check-name and pr-comment never reach the table.)
 */
const NOT_FLAGS = new Set(['summary']);
const FLAG_INPUTS = INPUTS.filter(i => !NOT_FLAGS.has(i.name));
const BOOLEAN_WORD = /^(true|false|yes|no|on|off|1|0)$/i;
const BOOLEANS = new Set(FLAG_INPUTS.filter(i => i.default === 'true' || i.default === 'false').map(i => i.name));
class UsageError extends Error {
}
/** A bare boolean flag means true: `--wait` is `--wait=true`, `--wait false` stays as it is. */
function withBareBooleans(argv) {
    const out = [];
    for (let i = 0; i < argv.length; i++) {
        const name = /^--([a-z][a-z0-9-]*)$/.exec(argv[i])?.[1];
        if (name === undefined || !BOOLEANS.has(name)) {
            out.push(argv[i]);
        }
        else if (i + 1 < argv.length && BOOLEAN_WORD.test(argv[i + 1])) {
            out.push(`--${name}=${argv[++i]}`);
        }
        else {
            out.push(`--${name}=true`);
        }
    }
    return out;
}
function parseCli(argv) {
    const options = Object.fromEntries(FLAG_INPUTS.map(i => [i.name, { type: 'string' }]));
    let parsed;
    try {
        parsed = (0,external_node_util_.parseArgs)({
            args: withBareBooleans(argv),
            options: {
                ...options,
                json: { type: 'boolean' },
                summary: { type: 'string' },
                debug: { type: 'boolean' },
                help: { type: 'boolean', short: 'h' },
                version: { type: 'boolean' }
            },
            allowPositionals: true,
            strict: true
        });
    }
    catch (e) {
        throw new UsageError(usageMessage(e));
    }
    const { json, summary, debug, help, version, ...rest } = parsed.values;
    const [command, ...extra] = parsed.positionals;
    if (extra.length > 0) {
        throw new UsageError(`unexpected argument '${extra[0]}'; flags take the form --name value`);
    }
    if (command !== undefined && !CLI_COMMANDS.includes(command)) {
        throw new UsageError(`unknown command '${command}'; use one of: ${CLI_COMMANDS.join(', ')}`);
    }
    const inputs = {};
    for (const [name, value] of Object.entries(rest)) {
        if (typeof value === 'string')
            inputs[name] = value;
    }
    return {
        command,
        inputs,
        json: json === true,
        summaryFile: typeof summary === 'string' ? summary : undefined,
        debug: debug === true,
        help: help === true,
        version: version === true
    };
}
/** parseArgs' messages, shortened to the flag and the fix. */
function usageMessage(e) {
    const code = e.code;
    const text = e instanceof Error ? e.message : String(e);
    const flag = /'(-{1,2}[^'\s]+)/.exec(text)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
        return `unknown flag ${flag ?? ''}; see test-run-gate --help`.replace('  ', ' ');
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
        return `${flag ?? 'a flag'} needs a value: ${flag ?? '--name'} <value>`;
    return text.split('\n')[0];
}

;// CONCATENATED MODULE: ./src/cli/help.ts
/** `test-run-gate --help`: the commands, then every flag with its default, from action.yml. */

const WIDTH = 100;
function wrap(text, indent) {
    const words = text.replace(/\s+/g, ' ').trim().split(' ');
    const lines = [];
    let line = '';
    for (const word of words) {
        if (line && indent + line.length + 1 + word.length > WIDTH) {
            lines.push(line);
            line = word;
        }
        else
            line = line ? `${line} ${word}` : word;
    }
    if (line)
        lines.push(line);
    return lines.map(l => ' '.repeat(indent) + l).join('\n');
}
/**
 * The flags whose action.yml description speaks of GitHub (secrets, the step, the post step,
 * defaults made from the GitHub run), in the words of a shell.
 */
const CLI_DESCRIPTIONS = {
    'api-key': "The provider's API key; sent only to api-url, never printed. Better: the env TESTSIGMA_API_KEY or CURRENTS_API_KEY (a flag shows in process lists).",
    'run-id': 'An existing run: a Testsigma test plan result id (a positive integer) or a Currents run id. Needed by status, cancel, rerun, reset and delete; run then waits for it.',
    wait: 'run/rerun: poll until the run is finished. With false, the command ends once the run is started or found, and the run goes on.',
    'wait-timeout': 'How long to wait in all (finding the run included), e.g. 30m or 1h30m. Then the run is cancelled (see cancel-on-timeout) and the command fails with status timed-out.',
    'fail-on-failure': 'Exit 1 unless the status is passed. With false the exit is 0 and --json still tells the result.',
    annotations: 'Log one line per failed test (at most 9, then how many more).',
    'project-id': 'currents: the project id. Required for run (finding by --ci-build-id) and last-failed.',
    'record-key': "currents: the record key the test jobs record with (env CURRENTS_RECORD_KEY). Only the GitHub Action's cancellation hook cancels with it; the CLI's commands need the API key.",
    'ci-build-id': 'currents run: the ciBuildId of the run to find (or --branch / --tags). last-failed: the ciBuildId of the earlier run whose failed tests to rerun. There is no default outside GitHub Actions.'
};
function helpText() {
    const flags = FLAG_INPUTS.map(i => {
        const value = i.default === 'true' || i.default === 'false' ? '' : ' <value>';
        const def = i.default !== '' ? ` (default: ${i.default})` : i.required ? ' (required)' : '';
        return `  --${i.name}${value}${def}\n${wrap(CLI_DESCRIPTIONS[i.name] ?? i.description, 6)}`;
    });
    return [
        'Usage: test-run-gate <command> [--<flag> <value> | --<flag>=<value> ...]',
        '',
        'Trigger or find a Testsigma or Currents test run, wait for it, and exit with its verdict:',
        '0 passed or done, 1 failed, cancelled, timed out or any error, 2 bad usage or input,',
        '130 / 143 after SIGINT / SIGTERM (the remote run is stopped first; a second signal quits).',
        '',
        `Commands: ${CLI_COMMANDS.join(', ')}`,
        '',
        'Flags (a bare boolean flag means true):',
        ...flags,
        '',
        'Output:',
        '  --json            one JSON object with every output on stdout at the end',
        '  --summary <file>  write the markdown summary to a file',
        '  --debug           log every HTTP request (never the key)',
        '  --help, --version',
        ''
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/cli/log.ts

function cliLog(io, debug) {
    const line = (prefix, text) => io.err(`${prefix}${safeLine(text)}\n`);
    return {
        info: text => line('', text),
        warn: text => line('warning: ', text),
        error: text => line('error: ', text),
        debug: text => {
            if (debug)
                line('debug: ', text);
        }
    };
}

;// CONCATENATED MODULE: ./src/cli/main.ts
/**
 * The CLI edge (SPEC.md "Outside GitHub: the CLI"): the same settings, providers, waiting and
 * reports as the action, with plain log lines on stderr, the result on stdout, and exit codes
 * for shell-scripted CI systems. Nothing of the GitHub runner: no workflow commands, no runner
 * files, no GITHUB_* context, even when run inside GitHub Actions.
 */




















/** No post step runs after the CLI: nothing is handed on. */
const NO_STATE = { save: () => { }, get: () => '' };
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };
/**
 * An input error names the flag, as the user typed it (the key: the env variable it came
 * from); the command is a word, not a flag.
 */
function flagMessage(message, keyFrom = '--api-key') {
    return message
        .replace(/^Input 'command': /, 'command ')
        .replace(/^Input '([a-z-]+)'/, (_, name) => name === 'api-key' ? keyFrom : `--${name}`);
}
function jsonLine(outcome, status, error) {
    return `${JSON.stringify({ ...typedOutputs(outcome, undefined, status), error })}\n`;
}
async function runCli(argv, env, io = { out: s => process.stdout.write(s), err: s => process.stderr.write(s) }) {
    // Known before parsing, so that bad usage answers a script in JSON too.
    const json = argv.includes('--json');
    const badUsage = (kind, message) => {
        io.err(`test-run-gate: ${message}\n`);
        if (json)
            io.out(jsonLine(newOutcome(Date.now()), '', { kind, message }));
        return 2;
    };
    let args;
    try {
        args = parseCli(argv);
    }
    catch (e) {
        if (!(e instanceof UsageError))
            throw e;
        return badUsage('usage', e.message);
    }
    if (args.help) {
        io.out(helpText());
        return 0;
    }
    if (args.version) {
        io.out(`${package_namespaceObject.rE}\n`);
        return 0;
    }
    const log = cliLog(io, args.debug);
    if (args.command === undefined) {
        return badUsage('usage', 'a command is required, e.g. test-run-gate run --provider testsigma ...; see --help');
    }
    const provider = (args.inputs.provider ?? '').trim().toLowerCase();
    const envName = `${provider.toUpperCase()}_API_KEY`;
    const fromEnv = env[envName];
    if (args.inputs['api-key'] !== undefined) {
        log.warn(`--api-key shows in process lists and shell history; set ${provider ? provider.toUpperCase() : 'TESTSIGMA or CURRENTS'}_API_KEY instead`);
    }
    const inputs = {
        ...args.inputs,
        command: args.command,
        'api-key': args.inputs['api-key'] ?? fromEnv ?? ''
    };
    let settings;
    let quarantine;
    try {
        // No GITHUB_* context: the CLI is the gate outside GitHub, wherever it runs. Currents' own
        // env convention (CURRENTS_PROJECT_ID, ...) holds in every CI system.
        const currentsEnv = Object.fromEntries(Object.values(CURRENTS_ENV).map(name => [name, env[name]]));
        settings = readSettings(name => (inputs[name] ?? '').trim(), currentsEnv, 'cli');
        checkReportPaths(settings, args.summaryFile);
        quarantine = await loadQuarantine(settings);
    }
    catch (e) {
        const keyFrom = args.inputs['api-key'] === undefined && fromEnv ? envName : '--api-key';
        return badUsage(isGateError(e) ? e.kind : 'internal', flagMessage(describeError(e), keyFrom));
    }
    const controller = new AbortController();
    let signalled;
    const stop = (signal, why) => {
        if (signalled) {
            log.info(`${why} again: quitting without waiting`);
            process.exit(SIGNAL_EXIT[signalled] ?? 1);
        }
        signalled = signal;
        log.info(`${why}: stopping the run (send it again to quit at once)`);
        controller.abort(new SignalReceived(signal));
    };
    const detach = onTermination(signal => stop(signal, `Received ${signal}`));
    // An npx killed alone passes nothing on: its child must notice by itself (SPEC.md).
    const unwatch = onParentGone(parent => stop('SIGTERM', `The parent process (${parent}) is gone, as after SIGTERM`));
    const outcome = newOutcome(systemClock.now());
    const error = await execute({
        settings,
        provider: createProvider(settings, createHttp(settings, line => log.debug(line))),
        state: NO_STATE,
        log,
        signal: controller.signal,
        clock: systemClock,
        quarantine
    }, outcome);
    detach();
    unwatch();
    const v = verdict(settings, outcome, error);
    const line = flagMessage(v.line);
    if (args.summaryFile !== undefined) {
        try {
            (0,external_node_fs_.writeFileSync)(args.summaryFile, summaryFor(settings, outcome, v));
        }
        catch (e) {
            log.warn(`Could not write the summary to ${args.summaryFile}: ${describeError(e)}`);
        }
    }
    if (showsFailedTests(settings, outcome, v.status))
        for (const failed of failedTestLines(outcome))
            log.info(failed);
    // Each line once: an error on stderr; a result on stdout, or on stderr beside --json's object.
    const failedWith = error !== undefined && !isGateError(error, 'aborted')
        ? { kind: isGateError(error) ? error.kind : 'internal', message: line }
        : null;
    if (failedWith)
        log.error(line);
    else if (json)
        (v.exitCode === 1 ? log.error : log.info)(line);
    if (json)
        io.out(jsonLine(outcome, v.status, failedWith));
    else if (!failedWith)
        io.out(`${line}\n`);
    if (signalled)
        return SIGNAL_EXIT[signalled] ?? 1;
    if (isGateError(error, 'bad-input'))
        return 2;
    return v.exitCode;
}


/***/ })

};
