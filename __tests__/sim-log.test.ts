/** `npm run sim` logs each request once served: service, method, path, status and time. */
import { describe, expect, it } from '@jest/globals'
import { type ServedRequest, servedLine, startSimulator } from '../sim/index.js'

describe('the simulator request log', () => {
  it('reports each request once it is answered, as one line', async () => {
    const served: ServedRequest[] = []
    let first: (r: ServedRequest) => void = () => {}
    const answered = new Promise<ServedRequest>(resolve => (first = resolve))
    const sim = await startSimulator({
      onServed: r => {
        served.push(r)
        first(r)
      }
    })
    try {
      const res = await fetch(`${sim.currentsUrl}/runs/find?projectId=nope&ciBuildId=b1`, {
        headers: { authorization: `Bearer ${sim.apiKey}` }
      })
      await res.arrayBuffer()
      await answered
    } finally {
      await sim.close()
    }
    expect(served).toHaveLength(1)
    expect(servedLine(served[0])).toMatch(
      /^currents GET \/runs\/find\?projectId=nope&ciBuildId=b1 -> 404 in \d+ ms$/
    )
  })
})
