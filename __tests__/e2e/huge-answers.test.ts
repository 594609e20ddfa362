/**
 * Memory outside the provider client (issue 20): the GitHub API answering endless whitespace,
 * plain or as a gzip stream of 4 GiB, is read only up to the cap of the bounded fetch that
 * Octokit sends through; the check run is one warning and the gate is unchanged. Peak memory
 * figures come from the bench (`npm run bench`), not from here.
 */
import { describe, expect, it } from '@jest/globals'
import { runAction, simInputs } from './runner.js'
import { withSim } from './fault-matrix.js'

const KEY = 'huge-KEY-5150'
const GiB = 1024 ** 3
const MiB = 1024 ** 2

describe('a GitHub API that answers without end', () => {
  it.concurrent.each([
    ['2 GiB of whitespace', false, 2 * GiB],
    ['a gzip stream of 4 GiB', true, 4 * GiB]
  ])('%s: read up to the cap, one warning, the gate unchanged', (_name, gzip, bytes) =>
    withSim({ apiKey: KEY, githubToken: 'gh-token' }, async sim => {
      sim.testsigma.addPlan(1, { durationMs: 300 })
      const flood = sim.faults.add({
        service: 'github',
        method: 'POST',
        kind: 'flood',
        bytes,
        gzip,
        times: Infinity
      })
      const { main } = await runAction({
        inputs: simInputs(sim, 'testsigma', KEY, { 'test-plan-id': '1', 'check-name': 'e2e' }),
        env: { GITHUB_API_URL: sim.githubUrl },
        post: false
      })
      expect(main.code).toBe(0)
      expect(main.outputs.status).toBe('passed')
      expect(main.stdout).toMatch(/::warning::Check run 'e2e': .*over \d+ bytes/)
      expect(flood.applied).toBeGreaterThan(0)
      // Plain whitespace goes at the pace it is read: the client stopped near its cap.
      if (!gzip) expect(flood.flooded).toBeLessThan(64 * MiB)
    })
  )
})
