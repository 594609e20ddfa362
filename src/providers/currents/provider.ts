/**
 * Currents runs (API.md "Currents"), Cypress/Playwright runs recorded by other jobs, behind
 * the Provider seam: the envelope in api.ts, one module per kind of call, how a run reads in
 * run.ts, its failed tests in instances.ts.
 */
import type { HttpClient } from '../../http/http.js'
import type { Credential, CurrentsSettings, GithubContext } from '../../settings/settings.js'
import type { Provider } from '../provider.js'
import { currentsApi } from './api.js'
import { cancelByCi, cancelRun, ciCancelSubject } from './cancel.js'
import { checkoutPaths } from './checkout.js'
import { createFinder, findOnBranch, projectCheck } from './find.js'
import { readFailedTests } from './instances.js'
import { readFlakyTests, sharedReader } from './flaky.js'
import { lastRun } from './last-run.js'
import { deleteRun, getRun, readInstance, resetRun } from './runs.js'

export function createCurrents(
  settings: CurrentsSettings,
  github: GithubContext,
  http: HttpClient,
  credential: Credential
): Provider {
  const api = currentsApi(settings, github, http, credential)
  const project = projectCheck(api)
  const finder = createFinder(api, project)
  // The recording runner's workspace is <work>/<repo>/<repo>/ (SPEC.md "What failed"); the
  // gate's checkout, where there is one, says which paths the repository has.
  const paths = {
    repo: github.repository.split('/')[1] || undefined,
    exists: checkoutPaths(github.workspace)
  }
  // Failed and flaky tests share the instances read and their bound (flaky.ts).
  const instances = sharedReader((id, signal) => readInstance(api, id, signal))
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
  }
}
