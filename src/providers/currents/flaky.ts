/**
 * The flaky tests of a Currents run by name: read from the instances of the specs whose stats
 * count flaky tests. They share the failed tests' bound (instances.ts): at most INSTANCE_READS
 * instances in all, 4 at a time, an instance read for both only once; a run without flaky
 * tests costs nothing.
 */
import { describeError, isGateError } from '../../model/errors.js'
import {
  type FlakyTests,
  MAX_FAILED_TESTS,
  type RunFailure,
  type RunSnapshot
} from '../../model/run.js'
import type { CallOptions } from '../provider.js'
import {
  INSTANCES_BUDGET_MS,
  INSTANCES_IN_FLIGHT,
  INSTANCE_READS,
  type InstanceReader,
  type RepoPaths
} from './instances.js'
import { cleanFailedTest } from './clean.js'
import { instanceFlakyTests } from './tests.js'

/** An InstanceReader that reads each instance once, and says how many it has read. */
export interface SharedReader {
  read: InstanceReader
  has(instanceId: string): boolean
  count(): number
}

export function sharedReader(read: InstanceReader): SharedReader {
  const reads = new Map<string, Promise<unknown>>()
  return {
    read: (id, signal) => {
      let p = reads.get(id)
      if (p === undefined) reads.set(id, (p = read(id, signal)))
      return p
    },
    has: id => reads.has(id),
    count: () => reads.size
  }
}

export async function readFlakyTests(
  reader: SharedReader,
  run: RunSnapshot,
  paths: RepoPaths,
  opts: CallOptions = {},
  budgetMs = INSTANCES_BUDGET_MS
): Promise<FlakyTests> {
  const out: FlakyTests = { tests: [], found: 0 }
  const specs = (run.flakyItems ?? []).filter(s => s.id !== undefined)
  // Instances read already (a spec with failed tests too) cost nothing; the others, what is left.
  const chosen: RunFailure[] = []
  const skipped: RunFailure[] = []
  let room = Math.max(0, INSTANCE_READS - reader.count())
  for (const s of specs) {
    if (reader.has(s.id as string)) chosen.push(s)
    else if (room > 0) {
      room--
      chosen.push(s)
    } else skipped.push(s)
  }
  const budget = AbortSignal.timeout(budgetMs)
  const signal = opts.signal ? AbortSignal.any([opts.signal, budget]) : budget
  const errors: string[] = []
  for (let i = 0; i < chosen.length; i += INSTANCES_IN_FLIGHT) {
    const batch = chosen.slice(i, i + INSTANCES_IN_FLIGHT)
    const reads = await Promise.allSettled(batch.map(s => reader.read(s.id as string, signal)))
    reads.forEach((r, j) => {
      if (r.status === 'rejected') {
        if (!isGateError(r.reason, 'aborted')) errors.push(describeError(r.reason))
        return
      }
      const spec = batch[j]
      const context = {
        spec: spec.file ?? spec.title,
        ...paths,
        url: spec.url,
        instanceId: spec.id
      }
      const room = Math.max(0, MAX_FAILED_TESTS - out.tests.length)
      const { tests, found } = instanceFlakyTests(r.value, context, room)
      out.found += found
      // Hostile instance data reaches the summary only as clean text, paths and lines (clean.ts).
      for (const t of tests)
        if (out.tests.length < MAX_FAILED_TESTS) out.tests.push(cleanFailedTest(t))
    })
  }
  if (errors.length > 0)
    out.problem = `Could not read the flaky tests of ${errors.length} of ${chosen.length} specs (${errors[0]})`
  // The specs past the bound still count: "…and N more" says they exist.
  for (const s of skipped) out.found += s.failures ?? 0
  return out
}
