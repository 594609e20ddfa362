/** A forward proxy on 127.0.0.1 for tests: CONNECT tunnels and absolute-form requests, recorded. */
import { createServer, request as httpRequest } from 'node:http'
import { type Socket, connect } from 'node:net'

export interface ForwardProxy {
  url: string
  /** Targets seen, e.g. 'CONNECT 127.0.0.1:4000' or 'GET http://127.0.0.1:4000/x'. */
  seen: string[]
  /** Answer every request with this status instead of forwarding it. */
  refuseWith?: number
  close(): Promise<void>
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const sockets = new Set<Socket>()
  const proxy: ForwardProxy = { url: '', seen: [], close: async () => undefined }
  const server = createServer((req, res) => {
    proxy.seen.push(`${req.method} ${req.url}`)
    if (proxy.refuseWith) return void res.writeHead(proxy.refuseWith).end('refused by proxy')
    const target = new URL(req.url ?? '')
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers
      },
      up => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      }
    )
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  server.on('connect', (req, client: Socket, head) => {
    proxy.seen.push(`CONNECT ${req.url}`)
    if (proxy.refuseWith) return void client.end(`HTTP/1.1 ${proxy.refuseWith} Refused\r\n\r\n`)
    const [host, port] = String(req.url).split(':')
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
    sockets.add(upstream)
  })
  server.on('connection', s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const address = server.address()
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  proxy.close = () =>
    new Promise<void>(r => {
      for (const s of sockets) s.destroy()
      server.close(() => r())
    })
  return proxy
}
