/**
 * Cancelling a Currents run as Currents' own action does (issue 19): cancel-ci/github with both
 * GitHub ids as strings, a repeated cancel taken as done, and `cancel-hook` with the record key
 * the test jobs hold (no API key), through the reporting service; Currents' env convention
 * (CURRENTS_PROJECT_ID, CURRENTS_CI_BUILD_ID, CURRENTS_RECORD_KEY, CURRENTS_API_KEY) for empty
 * inputs.
 */
import { describe, expect, it } from '@jest/globals'
import {
  API_KEY,
  DEFAULT_BUILD_ID,
  GITHUB_RUN,
  GITHUB_RUN_BODY,
  useCurrentsSim,
  verdictLines
} from './currents-helpers.js'
import { commandLines, runAction } from './runner.js'

const e2e = useCurrentsSim()
const RECORD_KEY = 'sim-record-key'

/** A cancel-hook step that holds only the record key (its API key input empty). */
const hookWithRecordKey = (more: Record<string, string> = {}) =>
  e2e.inputs({
    command: 'cancel-hook',
    'api-key': '',
    'record-key': RECORD_KEY,
    'director-url': e2e.sim.directorUrl,
    ...more
  })

const endlessRun = (projectId: string, ciBuildId = DEFAULT_BUILD_ID) =>
  e2e.sim.currents.addRun({ projectId, ciBuildId, durationMs: Infinity, ...GITHUB_RUN })

const warnings = (stdout: string) => commandLines(stdout).filter(l => l.startsWith('::warning::'))
const notices = (stdout: string) => commandLines(stdout).filter(l => l.startsWith('::notice::'))

describe('Currents cancel-hook: cancel-ci/github as Currents sends it', () => {
  it('sends the GitHub run id and attempt as JSON strings', async () => {
    const projectId = e2e.project()
    const runId = endlessRun(projectId)
    const { post } = await runAction({
      inputs: e2e.inputs({ command: 'cancel-hook', 'project-id': projectId }),
      jobStatus: 'cancelled'
    })
    const [cancel] = e2e.requests('PUT', '/runs/cancel-ci/github')
    expect(cancel.text).toContain('"githubRunAttempt":"1"')
    expect(cancel.body).toEqual({ ...GITHUB_RUN_BODY, projectId })
    expect(post?.stdout).toContain('Post: cancelled the Currents runs of GitHub run 4242 attempt 1')
    expect(e2e.sim.currents.view(runId)?.completionState).toBe('CANCELED')
  })

  it('takes 422 "Run is cancelled" (another job cancelled it first) as already cancelled, with no warning', async () => {
    const projectId = e2e.project()
    endlessRun(projectId)
    const hook = () =>
      runAction({
        inputs: e2e.inputs({ command: 'cancel-hook', 'project-id': projectId }),
        jobStatus: 'cancelled'
      })
    const first = await hook()
    const second = await hook()
    expect(first.post?.stdout).toContain('Post: cancelled')
    expect(second.post?.code).toBe(0)
    expect(second.post?.stdout).toContain(
      'Post: the Currents runs of GitHub run 4242 attempt 1 was already cancelled'
    )
    expect(warnings(second.post?.stdout ?? '')).toEqual([])
  })

  it('a cancel that fails in post is a warning naming the runs and what to do', async () => {
    const projectId = e2e.project()
    e2e.sim.faults.add({
      service: 'currents',
      method: 'PUT',
      path: '/runs/cancel-ci/github',
      kind: 'status',
      status: 403,
      times: 10
    })
    const { post } = await runAction({
      inputs: e2e.inputs({ command: 'cancel-hook', 'project-id': projectId }),
      jobStatus: 'cancelled'
    })
    expect(post?.code).toBe(0)
    expect(warnings(post?.stdout ?? '')).toEqual([
      expect.stringMatching(
        /^::warning::Post: could not cancel the Currents runs of GitHub run 4242 attempt 1: .*403.*cancel it in the Currents app$/
      )
    ])
  })
})

describe('Currents cancel-hook with the record key (no API key)', () => {
  it('cancels through director-url with {recordKey, projectId, ciBuildId}, no Authorization header, nothing to api-url', async () => {
    const projectId = e2e.project()
    const runId = endlessRun(projectId)
    const { main, post } = await runAction({
      inputs: hookWithRecordKey({ 'project-id': projectId }),
      jobStatus: 'cancelled'
    })
    expect(main.code).toBe(0)
    expect(main.stdout).toContain(`::add-mask::${RECORD_KEY}`)
    expect(post?.code).toBe(0)
    expect(e2e.requests().filter(r => r.service === 'currents')).toEqual([])
    const sent = e2e.requests().filter(r => r.service === 'director')
    expect(sent.map(r => [r.method, r.path])).toEqual([['POST', '/v1/runs/cancel']])
    expect(sent[0].body).toEqual({ recordKey: RECORD_KEY, projectId, ciBuildId: DEFAULT_BUILD_ID })
    expect(sent[0].headers.authorization).toBeUndefined()
    expect(e2e.sim.currents.getRun(runId)?.canceled?.via).toBe('director')
    expect(post?.stdout).toContain(`Post: cancelled the Currents run of project ${projectId}`)
  })

  it('reads the key, project and ciBuildId from the workflow env, and finds the reporter-named pw: run', async () => {
    const projectId = e2e.project()
    const runId = endlessRun(projectId, `pw:${DEFAULT_BUILD_ID}`)
    const { main, post } = await runAction({
      inputs: e2e.inputs({
        command: 'cancel-hook',
        'api-key': '',
        'director-url': e2e.sim.directorUrl
      }),
      env: { CURRENTS_RECORD_KEY: RECORD_KEY, CURRENTS_PROJECT_ID: projectId },
      jobStatus: 'cancelled'
    })
    expect(main.code).toBe(0)
    expect(main.stdout).toContain(`::add-mask::${RECORD_KEY}`)
    expect(post?.code).toBe(0)
    expect(e2e.requests('POST', '/v1/runs/cancel').map(r => r.body)).toEqual([
      { recordKey: RECORD_KEY, projectId, ciBuildId: DEFAULT_BUILD_ID },
      { recordKey: RECORD_KEY, projectId, ciBuildId: `pw:${DEFAULT_BUILD_ID}` }
    ])
    expect(e2e.sim.currents.view(runId)?.completionState).toBe('CANCELED')
  })

  it('sends CURRENTS_CI_BUILD_ID when the workflow sets it', async () => {
    const projectId = e2e.project()
    const runId = endlessRun(projectId, 'e2e-web-7')
    await runAction({
      inputs: hookWithRecordKey({ 'project-id': projectId }),
      env: { CURRENTS_CI_BUILD_ID: 'e2e-web-7' },
      jobStatus: 'cancelled'
    })
    expect(e2e.requests('POST', '/v1/runs/cancel').map(r => r.body)).toEqual([
      { recordKey: RECORD_KEY, projectId, ciBuildId: 'e2e-web-7' }
    ])
    expect(e2e.sim.currents.view(runId)?.completionState).toBe('CANCELED')
  })

  it('nothing recorded yet (runId null) is a notice, and the job is not failed', async () => {
    const projectId = e2e.project()
    const { post } = await runAction({
      inputs: hookWithRecordKey({ 'project-id': projectId }),
      jobStatus: 'cancelled'
    })
    expect(post?.code).toBe(0)
    expect(warnings(post?.stdout ?? '')).toEqual([])
    expect(notices(post?.stdout ?? '')).toEqual([
      expect.stringMatching(/^::notice::Post: nothing to cancel: no run was recorded as /)
    ])
  })

  it('a 404 from director-url (wrong URL, older self-hosted Currents) is a warning naming director-url', async () => {
    const projectId = e2e.project()
    endlessRun(projectId)
    const { post } = await runAction({
      inputs: hookWithRecordKey({
        'project-id': projectId,
        'director-url': `${e2e.sim.url}/nowhere`
      }),
      jobStatus: 'cancelled'
    })
    expect(post?.code).toBe(0)
    expect(warnings(post?.stdout ?? '')).toEqual([
      expect.stringMatching(/404 Not Found: check director-url .*use api-key there/)
    ])
  })

  it('with both keys, uses the API key (cancel-ci/github) and sends the record key nowhere', async () => {
    const projectId = e2e.project()
    endlessRun(projectId)
    const { post } = await runAction({
      inputs: hookWithRecordKey({ 'project-id': projectId, 'api-key': API_KEY }),
      jobStatus: 'cancelled'
    })
    expect(post?.code).toBe(0)
    expect(e2e.requests().map(r => [r.service, r.method, r.path])).toEqual([
      ['currents', 'PUT', '/runs/cancel-ci/github']
    ])
    expect(e2e.requests()[0].text).not.toContain(RECORD_KEY)
  })

  it('a gate still needs the API key: bad input naming api-key, before any request', async () => {
    const projectId = e2e.project()
    const { main } = await runAction({
      inputs: hookWithRecordKey({ command: 'run', 'project-id': projectId }),
      post: false
    })
    expect(main.code).toBe(1)
    expect(verdictLines(main.stdout)).toEqual([
      expect.stringMatching(/^::error::Input 'api-key': is required/)
    ])
    expect(e2e.requests()).toEqual([])
  })
})

describe("Currents' env convention for empty inputs", () => {
  it('a gate finds its run with CURRENTS_API_KEY, CURRENTS_PROJECT_ID and CURRENTS_CI_BUILD_ID alone', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({ projectId, ciBuildId: 'nightly-9', durationMs: 0 })
    const { main } = await runAction({
      inputs: e2e.inputs({ 'api-key': '' }),
      env: {
        CURRENTS_API_KEY: API_KEY,
        CURRENTS_PROJECT_ID: projectId,
        CURRENTS_CI_BUILD_ID: 'nightly-9'
      },
      post: false
    })
    expect(main.code).toBe(0)
    expect(main.stdout).toContain(`::add-mask::${API_KEY}`)
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'passed' })
    expect(e2e.requests('GET', '/runs/find')[0].query).toMatchObject({
      projectId,
      ciBuildId: 'nightly-9'
    })
  })

  it('the inputs win over the env', async () => {
    const projectId = e2e.project()
    const runId = e2e.sim.currents.addRun({ projectId, ciBuildId: 'given', durationMs: 0 })
    const { main } = await runAction({
      inputs: e2e.inputs({ 'project-id': projectId, 'ci-build-id': 'given' }),
      env: { CURRENTS_PROJECT_ID: 'elsewhere', CURRENTS_CI_BUILD_ID: 'other' },
      post: false
    })
    expect(main.outputs).toMatchObject({ 'run-id': runId, status: 'passed' })
  })
})
