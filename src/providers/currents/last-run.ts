/** Playwright's `.last-run.json` of a recorded run (find with pwLastRun=true). */
import { GateError } from '../../model/errors.js'
import type { LastRun } from '../../model/run.js'
import type { CallOptions } from '../provider.js'
import { obj } from '../wire.js'
import type { CurrentsApi } from './api.js'
import type { ProjectCheck } from './find.js'

export async function lastRun(
  api: CurrentsApi,
  project: ProjectCheck,
  ciBuildId: string,
  opts?: CallOptions
): Promise<LastRun | undefined> {
  const what = `read the last Playwright run of the Currents run with ciBuildId ${ciBuildId}`
  // pwLastRun=true makes find answer Playwright's .last-run.json (API.md); 404: no run was
  // recorded with that ciBuildId.
  const { status, data } = await api.call({
    what,
    method: 'GET',
    path: '/runs/find',
    query: { projectId: api.settings.projectId, ciBuildId, pwLastRun: true },
    expect: [404],
    signal: opts?.signal
  })
  if (status === 404) {
    // A wrong project or api-url answers 404 too: taken for "no earlier run", every test would
    // run on every rerun attempt, unnoticed. The same one look as find's.
    await project.check(opts)
    return undefined
  }
  // Nested beside the run's own fields, or the answer itself: `@currents/cmd` reads
  // `data.pwLastRun` when present, else `data` (currents-dev/currents-reporter,
  // packages/cmd/src/services/api/index.ts).
  const nested = obj(data).pwLastRun
  return readLastRun(nested !== undefined && nested !== null ? nested : data, what)
}

/** The answer must be a `.last-run.json`: Playwright would run nothing from anything else. */
export function readLastRun(data: unknown, what = 'Playwright last run'): LastRun {
  const file = obj(data)
  const failed = file.failedTests
  const status = file.status
  if (
    data !== file ||
    !Array.isArray(failed) ||
    !failed.every(id => typeof id === 'string') ||
    (status !== undefined && typeof status !== 'string')
  ) {
    throw new GateError(
      'bad-response',
      `${what}: the answer is not Playwright's last run ({status, failedTests: [test ids]})`
    )
  }
  return { failedTests: failed as string[], file }
}
