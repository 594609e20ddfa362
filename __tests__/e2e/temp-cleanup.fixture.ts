/**
 * Not a test file of the suite (testMatch wants *.test.ts): temp-cleanup.test.ts runs it in a
 * child jest with a TMPDIR of its own, then checks that the child left that TMPDIR empty. It
 * uses the harness, the simulator and the forward proxy the way the e2e tests do and removes
 * nothing itself: the removal is the setup file's (__tests__/setup-after-env.ts).
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname } from 'node:path'
import { type Simulator, startSimulator } from '../../sim/index.js'
import { type ForwardProxy, startForwardProxy } from './forward-proxy.js'
import { runAction, simInputs } from './runner.js'

const KEY = 'cleanup-SECRET-key'
let sim: Simulator
let proxy: ForwardProxy
beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY })
  proxy = await startForwardProxy()
})
afterAll(async () => {
  await proxy.close()
  await sim.close()
})

it('a gate through a proxy writes its outputs and JUnit report in a workspace in TMPDIR', async () => {
  sim.testsigma.addPlan(701, { outcomes: ['SUCCESS'], durationMs: 100 })
  const { main, post, workspace } = await runAction({
    inputs: simInputs(sim, 'testsigma', KEY, { 'test-plan-id': '701', 'junit-path': 'r.xml' }),
    env: { HTTP_PROXY: proxy.url }
  })
  expect(main.code).toBe(0)
  expect(post?.code).toBe(0)
  expect(proxy.seen.length).toBeGreaterThan(0)
  expect(dirname(workspace)).toBe(tmpdir())
  expect(existsSync(main.outputs['junit-path'])).toBe(true)
})

it('a step that fails on its inputs gets a workspace in TMPDIR too', async () => {
  const { main, workspace } = await runAction({ inputs: { provider: 'nope' }, post: false })
  expect(main.code).toBe(1)
  expect(dirname(workspace)).toBe(tmpdir())
})
