/**
 * The failed tests of a failed Currents run (SPEC.md "What failed"): a run names only its failed
 * specs; their tests, errors and lines are in each spec's instance (`GET /instances/{id}`).
 * Bounded, so that a 10,000-spec run costs no more than a small one: the first 10 failed specs
 * (50 for a gate with a quarantine file, which must check each failure one by one)
 * in the run's order, 4 reads at a time, all of them within about 10 s (the step's cancel
 * signal ends them sooner). The other failed specs are listed by file.
 */
import { describeError, isGateError } from '../../model/errors.js'
import { instanceFailedTests } from './tests.js'
import { type CallOptions } from '../provider.js'
import { cleanFailedTest, cleanFailure } from './clean.js'
import {
  type FailedTest,
  type FailedTests,
  MAX_FAILED_TESTS,
  type RunFailure,
  type RunSnapshot
} from '../../model/run.js'

export const INSTANCE_READS = 10
export const INSTANCES_IN_FLIGHT = 4
export const INSTANCES_BUDGET_MS = 10_000

/** Reads one instance's `data` (the HTTP client's retry rules apply). */
export type InstanceReader = (instanceId: string, signal: AbortSignal) => Promise<unknown>

type Read = { tests: FailedTest[]; found: number } | { error: unknown }

/** Runs `fn` over `items`, at most `limit` at once; results in the items' order. */
async function pooled<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/** What tells repository paths: the repository's name, and its checkout where there is one. */
export interface RepoPaths {
  repo?: string
  exists?: (path: string) => boolean
}

export async function readFailedTests(
  read: InstanceReader,
  run: RunSnapshot,
  paths: RepoPaths,
  opts: CallOptions & { reads?: number } = {},
  budgetMs = INSTANCES_BUDGET_MS
): Promise<FailedTests> {
  const specs = run.failures
  const chosen = specs.filter(s => s.id !== undefined).slice(0, opts.reads ?? INSTANCE_READS)
  const budget = AbortSignal.timeout(budgetMs)
  const signal = opts.signal ? AbortSignal.any([opts.signal, budget]) : budget
  const reads = await pooled(chosen, INSTANCES_IN_FLIGHT, async (spec): Promise<Read> => {
    try {
      const data = await read(spec.id as string, signal)
      const context = {
        spec: spec.file ?? spec.title,
        ...paths,
        url: spec.url,
        instanceId: spec.id
      }
      // Only what can be reported is built and kept: the answer goes as soon as it is read, so
      // 10 instances of 200,000 failed tests each never sit in memory together.
      const { tests, found } = instanceFailedTests(data, context, MAX_FAILED_TESTS)
      return { tests: tests.map(cleanFailedTest), found }
    } catch (error) {
      return { error }
    }
  })
  const out: FailedTests = { tests: [], found: 0, unread: [] }
  const errors: string[] = []
  const readSpecs = new Set<RunFailure>()
  chosen.forEach((spec, i) => {
    const r = reads[i]
    if ('error' in r) {
      if (!isGateError(r.error, 'aborted')) errors.push(describeError(r.error))
      return
    }
    // An instance that names no failed test (its failure was in a hook the service did not
    // record as a test) is still listed, by file.
    if (r.found === 0) return
    readSpecs.add(spec)
    out.found += r.found
    for (const t of r.tests) if (out.tests.length < MAX_FAILED_TESTS) out.tests.push(t)
  })
  out.unread = specs.filter(s => !readSpecs.has(s)).map(cleanFailure)
  const failedReads = chosen.filter((_, i) => 'error' in reads[i]).length
  if (failedReads > 0) {
    const why =
      errors[0] ??
      (opts.signal?.aborted ? 'the step was cancelled' : `the reads took over ${budgetMs / 1000} s`)
    out.problem = `Could not read the tests of ${failedReads} of ${chosen.length} failed specs (${why}); they are listed by file`
  }
  return out
}
