/**
 * One HTTP server on 127.0.0.1 that plays Testsigma, Currents and the GitHub checks API
 * (see /work/shared/API.md), records every request, and injects faults. Used in-process by
 * the jest tests and by `npm run sim` / demo / bench.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { CurrentsSim } from './currents/service.js'
import { FaultSim } from './faults.js'
import type { FaultRule } from './faults.js'
import { GithubSim } from './github.js'
import type { Handler, RecordedRequest, Service, SimResponse } from './http.js'
import { json } from './http.js'
import { TestsigmaSim } from './testsigma/service.js'
import { PREFIXES, type Wire, acceptsGzip, answerFault, readRequest, send } from './wire.js'

export type { RecordedRequest, Service, SimResponse } from './http.js'
export type { FaultAction, FaultKind, FaultMatch, FaultRule, FaultSpec } from './faults.js'
export { CurrentsSim } from './currents/service.js'
export { FaultSim } from './faults.js'
export { FORK_TOKEN, GithubSim } from './github.js'
export { TestsigmaSim } from './testsigma/service.js'

export interface SimulatorOptions {
  /** Testsigma and Currents API key (Authorization: Bearer). Default 'sim-key'. */
  apiKey?: string
  /** GitHub token (Authorization: token or Bearer). Default 'gh-token'. */
  githubToken?: string
  /** A Currents key that may read but not write (403 on PUT/DELETE). */
  currentsReadOnlyKey?: string
  /** Currents' record key, taken by the director. Default 'sim-record-key'. */
  currentsRecordKey?: string
  /** Port on 127.0.0.1; default 0 (a free one). */
  port?: number
  /** Called once each request is done with: answered (its status), or cut off (no status). */
  onServed?: (served: ServedRequest) => void
}

/** A request as `npm run sim` logs it. */
export interface ServedRequest {
  request: RecordedRequest
  /** Undefined when no answer went out whole (a fault cut it, or the simulator closed). */
  status?: number
  ms: number
}

/** One log line: "currents GET /runs/find?projectId=demo -> 404 in 3 ms". */
export function servedLine({ request: r, status, ms }: ServedRequest): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(r.query)) for (const one of [v].flat()) q.append(k, one)
  const query = q.size ? `?${q.toString()}` : ''
  return `${r.service} ${r.method} ${r.path}${query} -> ${status ?? 'no answer'} in ${ms} ms`
}

export type RequestPredicate = (r: RecordedRequest) => boolean

export interface Simulator {
  /** 'http://127.0.0.1:PORT' */
  url: string
  /** url + '/testsigma/api/v1' (the action's api-url for Testsigma) */
  testsigmaUrl: string
  /** url + '/currents/v1' */
  currentsUrl: string
  /** url + '/github' (GITHUB_API_URL) */
  githubUrl: string
  /** url + '/director': Currents' reporting service (the action's director-url) */
  directorUrl: string
  apiKey: string
  githubToken: string
  /** Every request received, in order (faulted ones too). */
  requests: RecordedRequest[]
  testsigma: TestsigmaSim
  currents: CurrentsSim
  github: GithubSim
  faults: FaultSim
  /** Resolves with the first recorded request (already received or future) that matches. */
  waitForRequest(predicate: RequestPredicate, timeoutMs?: number): Promise<RecordedRequest>
  /** Recorded requests of one service, optionally one method and path (string or RegExp). */
  requestsTo(service: Service, method?: string, path?: string | RegExp): RecordedRequest[]
  /** Closes the server and every open socket, clears timers, rejects pending waits. */
  close(): Promise<void>
}

interface Waiter {
  predicate: RequestPredicate
  resolve: (r: RecordedRequest) => void
  reject: (e: Error) => void
  timer: NodeJS.Timeout
}

/** The base URLs of the services of a simulator at `url` ('http://127.0.0.1:PORT'). */
export function simUrls(
  url: string
): Pick<Simulator, 'testsigmaUrl' | 'currentsUrl' | 'githubUrl' | 'directorUrl'> {
  return {
    testsigmaUrl: `${url}${PREFIXES[0][0]}`,
    currentsUrl: `${url}${PREFIXES[1][0]}`,
    githubUrl: `${url}${PREFIXES[2][0]}`,
    directorUrl: `${url}${PREFIXES[3][0]}`
  }
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const apiKey = opts.apiKey ?? 'sim-key'
  const githubToken = opts.githubToken ?? 'gh-token'
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const waiters = new Set<Waiter>()
  const requests: RecordedRequest[] = []
  let closed = false
  let url = ''

  const testsigma = new TestsigmaSim(apiKey, () => url)
  const currents = new CurrentsSim(apiKey, opts.currentsReadOnlyKey, opts.currentsRecordKey)
  const github = new GithubSim(githubToken, () => `${url}/github`)
  const faults = new FaultSim()
  const handlers: Record<Service, Handler> = {
    testsigma: testsigma.handle,
    currents: currents.handle,
    director: currents.handleDirector,
    github: github.handle,
    other: r => json(404, { error: `Not Found: ${r.path}` })
  }

  const runHandler = (rec: RecordedRequest): SimResponse => {
    try {
      return handlers[rec.service](rec)
    } catch (e) {
      return json(500, { error: `simulator bug: ${e instanceof Error ? e.stack : String(e)}` })
    }
  }

  const wire: Wire = {
    handle: runHandler,
    closed: () => closed,
    timers,
    barriers: new Map<FaultRule, Array<() => void>>()
  }

  const record = (rec: RecordedRequest): void => {
    requests.push(rec)
    for (const w of waiters) {
      if (!w.predicate(rec)) continue
      waiters.delete(w)
      clearTimeout(w.timer)
      w.resolve(rec)
    }
  }

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rec = await readRequest(req)
    record(rec)
    if (opts.onServed) {
      const served = opts.onServed
      res.once('close', () =>
        served({
          request: rec,
          status: res.writableFinished ? res.statusCode : undefined,
          ms: Date.now() - rec.at
        })
      )
    }
    if (closed) {
      res.socket?.destroy()
      return
    }
    const rule = faults.pick(rec)
    if (rule) return answerFault(wire, rule, rec, res)
    return send(wire, res, runHandler(rec), acceptsGzip(rec.headers['accept-encoding']))
  }

  const server = createServer({ keepAliveTimeout: 1000 })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch(() => res.socket?.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  url = `http://127.0.0.1:${address.port}`

  return {
    url,
    ...simUrls(url),
    apiKey,
    githubToken,
    requests,
    testsigma,
    currents,
    github,
    faults,
    waitForRequest(predicate, timeoutMs = 5000) {
      const found = requests.find(predicate)
      if (found) return Promise.resolve(found)
      if (closed) return Promise.reject(new Error('simulator closed'))
      return new Promise((resolve, reject) => {
        const w: Waiter = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(w)
            reject(new Error(`no matching request within ${timeoutMs} ms`))
          }, timeoutMs)
        }
        waiters.add(w)
      })
    },
    requestsTo(service, method, path) {
      return requests.filter(
        r =>
          r.service === service &&
          (method === undefined || r.method === method.toUpperCase()) &&
          (path === undefined || (typeof path === 'string' ? r.path === path : path.test(r.path)))
      )
    },
    async close() {
      if (closed) return
      closed = true
      for (const t of timers) clearTimeout(t)
      timers.clear()
      for (const w of waiters) {
        clearTimeout(w.timer)
        w.reject(new Error('simulator closed'))
      }
      waiters.clear()
      const done = new Promise<void>(resolve => server.close(() => resolve()))
      for (const s of sockets) s.destroy()
      server.closeAllConnections()
      await done
    }
  }
}
