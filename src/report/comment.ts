/**
 * The pull request comment's markdown (github/pr-comment.ts writes it): short enough to read on
 * a phone, every field escaped as the summary's are, at most MAX_COMMENT characters whatever
 * the run. Made of sections in order; a section is a function of what is known and of the room
 * left, so a new one (quarantined tests, known failures) is one more entry in SECTIONS.
 */
import type { Outcome } from '../model/outcome.js'
import type { FailedTest } from '../model/run.js'
import type { Settings } from '../settings/settings.js'
import { failedEntries, itemEntry } from './failed-tests.js'
import { whereOf } from './flaky-tests.js'
import { nextStep } from './next-step.js'
import { statusIcon } from './summary.js'
import { detailsBlock, md, mdLink, withoutKey } from './text.js'
import { triageSection } from './triage-section.js'
import { type Verdict, resultWord } from './verdict.js'

/** GitHub refuses a comment body over 65,536 characters; this leaves room to spare. */
export const MAX_COMMENT = 60_000
/** Failed tests shown one by one; the rest are counted, with a link to the job summary. */
export const COMMENT_TESTS = 20

export interface CommentLinks {
  /** Where the job summary is: the workflow run's attempt page. */
  summary?: string
  check?: string
  /** The pull request head's tree, `https://github.com/o/r/blob/<sha>`, for file:line links. */
  blob?: string
}

export interface CommentInput {
  settings: Settings
  outcome: Outcome
  verdict: Verdict
  links: CommentLinks
}

/** Lines of one section (each block followed by an empty line), within `room` characters. */
export type CommentSection = (c: CommentInput, room: number) => string[]

/** The hidden line that finds the comment again: the gate's identity, inert in HTML. */
export function commentMarker(identity: string): string {
  return `<!-- test-run-gate: ${encodeURIComponent(identity)} -->`
}

const SECTIONS: readonly CommentSection[] = [
  headline,
  failedSection,
  triageCommentSection,
  flakySection,
  linksSection
]

export function renderComment(c: CommentInput, identity: string): string {
  const out = [commentMarker(identity), '']
  const next = nextStep(c.settings, c.outcome, c.verdict)
  const tail = next ? [next, ''] : []
  let room = MAX_COMMENT - 500 - tail.join('\n').length
  for (const section of SECTIONS) {
    const lines = section(c, room)
    room -= lines.join('\n').length + 1
    out.push(...lines)
  }
  out.push(...tail)
  return withoutKey(bounded(out.join('\n')), c.settings.apiKey)
}

function headline({ settings, outcome, verdict: v }: CommentInput): string[] {
  const provider = settings.provider === 'testsigma' ? 'Testsigma' : 'Currents'
  const run = outcome.run
  const title = run
    ? `${provider} run ${run.id}: ${v.status ? v.status.replace('-', ' ') : 'unknown'}`
    : `${provider} ${settings.command}`
  // The verdict line carries the counts and the result word already.
  const out = [`### ${statusIcon(v)} ${md(title)}`, '', md(v.line, 2000), '']
  const word = run ? resultWord(run, v.status) : ''
  if (run && word !== run.result) out.push(`Result: ${md(word)}`, '')
  return out
}

function failedSection(c: CommentInput, room: number): string[] {
  const { outcome } = c
  const failed = outcome.failed
  const entries = failed ? failedEntries(failed) : (outcome.run?.failures ?? []).map(itemEntry)
  const total = failed ? failed.found + failed.unread.length : entries.length
  if (total === 0) return []
  return testList(c, `Failed tests (${total})`, entries, total, room * 0.8)
}

/** Quarantined and known failures (SPEC.md "Quarantine and known failures"), as the summary shows them. */
function triageCommentSection({ settings, outcome }: CommentInput, room: number): string[] {
  if (!outcome.triage) return []
  const lines = triageSection(outcome.triage, settings.gate.quarantine)
  const out: string[] = []
  let used = 0
  for (const line of lines) {
    if (used + line.length + 1 > room) break
    out.push(line)
    used += line.length + 1
  }
  return out
}

function flakySection(c: CommentInput, room: number): string[] {
  const flaky = c.outcome.flaky
  if (!flaky || flaky.found === 0) return []
  const title = `Flaky tests (${flaky.found}): passed only after failing`
  return testList(c, title, flaky.tests, flaky.found, room)
}

/** A heading, then one short block per test while they fit, then "…and N more". */
function testList(
  c: CommentInput,
  title: string,
  tests: readonly FailedTest[],
  total: number,
  room: number
): string[] {
  const out = [`#### ${md(title)}`, '']
  let used = out.join('\n').length + 300
  let shown = 0
  for (const t of tests.slice(0, COMMENT_TESTS)) {
    const block = testBlock(c, t)
    if (used + block.length > room) break
    out.push(block, '')
    used += block.length + 2
    shown++
  }
  const more = total - shown
  if (more > 0) {
    const where = c.links.summary ? ` in the ${mdLink('job summary', c.links.summary)}` : ''
    out.push(`…and ${more} more${where}.`, '')
  }
  return out
}

function testBlock(c: CommentInput, t: FailedTest): string {
  const where = whereOf(t)
  const link =
    where && c.links.blob && t.file !== undefined
      ? mdLink(
          where,
          `${c.links.blob}/${encodeURI(t.file.toWellFormed())}${t.line !== undefined ? `#L${t.line}` : ''}`
        )
      : md(where)
  const lines = [`**${mdLink(t.name, t.url)}**${link ? ` · ${link}` : ''}`]
  if (t.message) lines.push(md(t.message, 1000))
  const details = detailsBlock('The whole error', t.details)
  if (details) lines.push(details)
  // Two spaces end a markdown line without ending the paragraph.
  return lines.map((l, i) => (i < lines.length - 1 && !l.startsWith('<') ? `${l}  ` : l)).join('\n')
}

function linksSection({ outcome, links }: CommentInput): string[] {
  const all = [
    outcome.run?.url ? mdLink('Open the run', outcome.run.url) : '',
    links.summary ? mdLink('Job summary', links.summary) : '',
    links.check ? mdLink('Check run', links.check) : ''
  ].filter(Boolean)
  return all.length ? [all.join(' · '), ''] : []
}

/** The body cut at a block boundary when a section overran (none should). */
function bounded(body: string): string {
  if (body.length <= MAX_COMMENT) return body
  const cut = body.lastIndexOf('\n\n', MAX_COMMENT - 100)
  return `${body.slice(0, cut)}\n\n…cut to fit GitHub's comment size; see the job summary.\n`
}

/**
 * The gate's identity, the same on every run, attempt and rerun of the workflow: its check
 * name, else its provider and test plan, or project (and ciBuildId when it is an input: the
 * default one changes with every attempt).
 */
export function commentIdentity(settings: Settings): string {
  if (settings.checkName) return `check:${settings.checkName}`
  if (settings.provider === 'testsigma')
    return `testsigma:plan:${settings.testsigma.testPlanId ?? `run ${settings.runId ?? ''}`}`
  const c = settings.currents
  return [
    'currents',
    c.projectId !== undefined ? `project:${c.projectId}` : `run:${settings.runId ?? ''}`,
    c.ciBuildId !== undefined ? `build:${c.ciBuildId}` : ''
  ]
    .filter(Boolean)
    .join(':')
}
