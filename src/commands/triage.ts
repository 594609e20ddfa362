/**
 * A gate that tells failures apart (SPEC.md "Quarantine and known failures"): the baseline's
 * failed tests are read the way the run's were, then each failure of the run is quarantined,
 * known or new. Reading the baseline is best effort: what can't be read is one warning, and
 * then every failure counts as new.
 */
import { describeError } from '../model/errors.js'
import type { Outcome } from '../model/outcome.js'
import type { RunSnapshot } from '../model/run.js'
import { plural } from '../model/words.js'
import { type Baseline, triage, utcDay } from '../model/triage.js'
import type { Context } from './context.js'

/** Currents instance reads for a gate with a quarantine file (SPEC.md: 50 instead of 10). */
export const QUARANTINE_READS = 50

/** Whether the gate asks anything of its failures beyond reading them. */
export function triaging(ctx: Context): boolean {
  const { baseline, baselineRunId } = ctx.settings.gate
  return ctx.quarantine !== undefined || baseline !== undefined || baselineRunId !== undefined
}

export async function triageFailures(ctx: Context, outcome: Outcome, run: RunSnapshot) {
  const baseline = await readBaseline(ctx, run)
  if (baseline?.problem !== undefined)
    ctx.log.warn(`${baseline.problem}: every failure of this run counts as new`)
  const t = triage(outcome.failed, ctx.quarantine ?? [], utcDay(ctx.clock.now()), {
    countedFailures: run.counts.failed,
    baseline
  })
  outcome.triage = t
  for (const { test, entry } of t.expired)
    ctx.log.warn(
      `The quarantine of "${test.name}" (${ctx.settings.gate.quarantine} line ${entry.line}) expired on ${entry.until}: fix the test or extend the entry`
    )
  for (const entry of t.unused)
    ctx.log.debug(
      `Quarantine entry at line ${entry.line} ("${entry.test}") matched no failure of this run`
    )
  if (t.unchecked !== undefined && ctx.quarantine !== undefined)
    ctx.log.warn(`No failure is quarantined while ${t.unchecked}`)
  const parts = [
    t.quarantined.length ? `${t.quarantined.length} quarantined` : '',
    t.known.length ? `${t.known.length} also failing in ${t.baseline}` : '',
    t.fresh.length ? `${t.fresh.length} new` : ''
  ].filter(Boolean)
  if (parts.length) ctx.log.info(`Failed tests: ${parts.join(', ')}`)
}

/** The baseline's failed tests, or why they could not be read; undefined without one. */
async function readBaseline(ctx: Context, run: RunSnapshot): Promise<Baseline | undefined> {
  const { settings, provider } = ctx
  const { baseline: branch, baselineRunId } = settings.gate
  if (branch === undefined && baselineRunId === undefined) return undefined
  const name = branch ?? `run ${baselineRunId}`
  const opts = { signal: ctx.signal }
  try {
    let base: RunSnapshot | undefined
    if (baselineRunId !== undefined) base = await provider.get(baselineRunId, opts)
    else base = await provider.findOnBranch?.(branch as string, opts)
    if (base === undefined)
      return { name, problem: `No ${provider.label} run was found on ${name}` }
    const label = provider.describe(base.id)
    // The newest run of the branch may be this very run (a push to the baseline branch).
    if (base.id === run.id) return { name, problem: `The baseline on ${name} is this run itself` }
    if (base.state !== 'finished')
      return { name, problem: `The baseline ${label} on ${name} has not finished` }
    if (base.status === 'passed') return { name, failed: { tests: [], found: 0, unread: [] } }
    if (base.status !== 'failed')
      return { name, problem: `The baseline ${label} on ${name} did not finish (${base.status})` }
    const failed = await provider.failedTests?.(base, { ...opts, reads: readsFor(ctx) })
    if (!failed) return { name, problem: `The failed tests of ${label} cannot be read` }
    ctx.log.info(
      `Baseline: ${label}${branch !== undefined ? ` on ${branch}` : ''}, ${plural(failed.found, 'failed test')}`
    )
    return { name, failed }
  } catch (e) {
    // Cancelled meanwhile too: the run had finished, and its failures count as new.
    return { name, problem: `The baseline on ${name} could not be read (${describeError(e)})` }
  }
}

/** With a quarantine file every failure must be checked one by one: more reads are allowed. */
export function readsFor(ctx: Context): number | undefined {
  return ctx.quarantine !== undefined ? QUARANTINE_READS : undefined
}
