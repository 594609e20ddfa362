/**
 * Finding the Currents run that other jobs record (GET /runs/find): by ciBuildId, else by
 * branch and tags. The run exists only once its first results are recorded, so a 404 means
 * "not yet" (API.md).
 */
import { GateError, isGateError } from '../../model/errors.js'
import type { RunSnapshot } from '../../model/run.js'
import { defaultCiBuildIds } from '../../settings/settings.js'
import type { CallOptions } from '../provider.js'
import type { CurrentsApi } from './api.js'
import { normalize } from './run.js'

export interface Finder {
  /** What is looked for, in words for the log, and what to check when it is never found. */
  subject(): { what: string; hint: string }
  /** The run, or undefined while it is not recorded. */
  find(opts?: CallOptions): Promise<RunSnapshot | undefined>
  /** The run read again by its id, still saying how it was found. */
  annotate(run: RunSnapshot): RunSnapshot
}

export function createFinder(api: CurrentsApi, project: ProjectCheck): Finder {
  const { settings, github } = api
  const byFilter = settings.branch !== undefined || settings.tags.length > 0
  // With no ciBuildId set, the reporters may have named the run themselves (`pw:` in front):
  // both names are looked for, one find each per poll, until one answers.
  const candidates: Array<string | undefined> =
    settings.ciBuildId !== undefined
      ? [settings.ciBuildId]
      : byFilter
        ? [undefined]
        : defaultCiBuildIds(github)
  const guessed = candidates.length > 1
  let found: { runId: string; ciBuildId: string } | undefined

  const annotate = (run: RunSnapshot): RunSnapshot =>
    found === undefined || !guessed || run.id !== found.runId
      ? run
      : {
          ...run,
          foundBy: `ciBuildId ${found.ciBuildId}`,
          details: [['Found by', `ciBuildId ${found.ciBuildId}`], ...(run.details ?? [])]
        }

  return {
    subject() {
      const ids = candidates.filter(c => c !== undefined)
      const filters = [
        ids.length ? `ciBuildId ${ids.join(' or ')}` : '',
        settings.branch !== undefined ? `branch ${settings.branch}` : '',
        settings.tags.length
          ? `${settings.tags.length === 1 ? 'tag' : 'tags'} ${settings.tags.join(', ')}`
          : ''
      ].filter(Boolean)
      return {
        what: `the Currents run of project ${settings.projectId} with ${filters.join(' and ')}`,
        hint: guessed
          ? `check project-id; set CURRENTS_CI_BUILD_ID in the workflow's env (for every job: the reporters record under it and this gate finds it), or set ci-build-id, branch or tags`
          : ids.length
            ? `check project-id, and that the tests are recorded with the same ciBuildId (the recorder's --ci-build-id), or set ci-build-id, branch or tags`
            : `check project-id, branch and tags against the run in Currents`
      }
    },

    async find(opts) {
      for (const ciBuildId of candidates) {
        const what = `find the Currents run of project ${settings.projectId}${ciBuildId ? ` with ciBuildId ${ciBuildId}` : ''}`
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
        })
        if (status === 404) continue
        const run = normalize(data, what)
        if (ciBuildId !== undefined && guessed) {
          // Once one name answers, the other is never asked for again.
          found = { runId: run.id, ciBuildId }
          candidates.splice(0, candidates.length, ciBuildId)
        }
        return annotate(run)
      }
      await project.check(opts)
      return undefined
    },

    annotate
  }
}

export interface ProjectCheck {
  /** Ends the wait with a not-found error when the project does not exist (once at most). */
  check(opts?: CallOptions): Promise<void>
}

/**
 * A wrong api-url (…/v1/v1, or /v1 missing) or project-id makes every find answer 404 as if
 * the run were not recorded yet, for the whole wait-timeout. So on the first 404, one look at
 * the project itself: a 404 there ends the wait at once.
 */
export function projectCheck(api: CurrentsApi): ProjectCheck {
  const { settings, http } = api
  let checked = false
  return {
    async check(opts) {
      if (checked) return
      const path = `/projects/${encodeURIComponent(settings.projectId ?? '')}`
      try {
        const { status } = await api.call({
          what: `read Currents project ${settings.projectId}`,
          method: 'GET',
          path,
          expect: [404],
          signal: opts?.signal
        })
        checked = true
        if (status !== 404) return
      } catch (e) {
        // Transient (tried again at the next 404) or aborted: the poll loop decides. Any other
        // answer is no proof that the project is missing: keep looking for the run.
        if (isGateError(e, 'transient') || isGateError(e, 'aborted')) throw e
        checked = true
        return
      }
      throw new GateError(
        'not-found',
        `Currents project ${settings.projectId} was not found: GET ${http.pathOf(path)} answered 404 Not Found, as every find did. Check project-id, and api-url (Currents' is https://api.currents.dev/v1: one /v1 at the end of its path)`,
        { status: 404 }
      )
    }
  }
}

/**
 * The latest run of the project on a branch: the baseline of a gate (input baseline). Find
 * answers the most recent run that matches (API.md), finished or not.
 */
export async function findOnBranch(
  api: CurrentsApi,
  branch: string,
  opts?: CallOptions
): Promise<RunSnapshot | undefined> {
  const what = `find the latest Currents run of project ${api.settings.projectId} on branch ${branch}`
  const { status, data } = await api.call({
    what,
    method: 'GET',
    path: '/runs/find',
    query: { projectId: api.settings.projectId, branch },
    expect: [404],
    signal: opts?.signal
  })
  return status === 404 ? undefined : normalize(data, what)
}
