/**
 * The Testsigma run model: a run's state is a function of the time elapsed since its trigger
 * (no timers), unless it was ended explicitly (complete(), stop). Rendering follows the wire
 * vocabulary of API.md and the seed pages.
 */

export type TestsigmaOutcome = 'SUCCESS' | 'FAILURE' | 'ABORTED' | 'NOT_EXECUTED' | 'STOPPED'

export type TestsigmaStatus =
  | 'STATUS_CREATED'
  | 'STATUS_QUEUED'
  | 'STATUS_PRE_FLIGHT'
  | 'STATUS_IN_PROGRESS'
  | 'STATUS_COMPLETED'

export interface TestsigmaPlanOptions {
  /** Result of the 1st, 2nd, ... run of the plan (triggers and reruns); the last repeats. */
  outcomes?: TestsigmaOutcome[]
  /** Trigger to STATUS_COMPLETED (default 300); Infinity: until complete(). */
  durationMs?: number
  /** Test cases per run (default 5, or the number of testCaseNames). */
  testCount?: number
  /**
   * Failed (or aborted) test cases of a failing run (default 2); a list: of the 1st, 2nd, ...
   * run, the last repeats (a rerun that fixes some of the failures).
   */
  failedCount?: number | number[]
  /** The plan's own rerun setting: a FAILURE run gets a child run (true = 1 level deep). */
  autoRerun?: boolean | number
  /** Gap between a failed run's end and its automatic child's start (default 0). */
  autoRerunDelayMs?: number
  /** Test case names (hostile names end up in the JUnit XML). */
  testCaseNames?: string[]
  /** The plan's name in its JUnit report (default `Plan <id>`). */
  planName?: string
  /** The environment's name in the JUnit report (default `Staging`). */
  environmentName?: string
  /** The JUnit report of every completed run of the plan, as is (hostile reports). */
  junitReport?: string
}

export interface TestCaseResult {
  /** Test case result id (unique over the simulator), usable in USER_PICKED reruns. */
  id: number
  name: string
  /** Result the test case has once it has run. */
  result: TestsigmaOutcome
}

export interface TestsigmaRun {
  id: number
  planId: number
  /** The full POST body that created the run ({} for an automatic rerun). */
  trigger: Record<string, unknown>
  /** From the trigger body, or inherited from the parent for a rerun. */
  buildNo: unknown
  environmentId: unknown
  triggeredAt: number
  durationMs: number
  outcome: TestsigmaOutcome
  /** Set when the run was ended explicitly (complete() or a stop request). */
  endedAt?: number
  stoppedByUser: boolean
  /** Bodies of the stop requests that reached this run. */
  stopRequests: unknown[]
  reRunParentId: number | null
  reRunType: string | null
  /** The run's one rerun (automatic or requested). */
  childId: number | null
  /** Depth in a chain of automatic reruns (0 for a triggered or requested run). */
  autoDepth: number
  /** Test cases that fail when the run fails (the plan's failedCount for this run). */
  failedCount: number
  testCases: TestCaseResult[]
  /** Fields forced into the rendered JSON (setRunField). */
  overrides: Record<string, unknown>
}

export function endAt(run: TestsigmaRun): number {
  return run.endedAt ?? run.triggeredAt + run.durationMs
}

export function isCompleted(run: TestsigmaRun, now: number): boolean {
  return now >= endAt(run)
}

function scale(run: TestsigmaRun): number {
  return Number.isFinite(run.durationMs) ? run.durationMs : 1000
}

export function statusAt(run: TestsigmaRun, now: number): TestsigmaStatus {
  if (isCompleted(run, now)) return 'STATUS_COMPLETED'
  const f = (now - run.triggeredAt) / scale(run)
  if (f < 0.1) return 'STATUS_CREATED'
  if (f < 0.2) return 'STATUS_QUEUED'
  if (f < 0.3) return 'STATUS_PRE_FLIGHT'
  return 'STATUS_IN_PROGRESS'
}

/** Test cases finished by the natural timeline at `t` (ignores an explicit end). */
function doneAt(run: TestsigmaRun, t: number): number {
  const total = run.testCases.length
  const e = t - run.triggeredAt - 0.3 * scale(run)
  if (e < 0 || total === 0) return 0
  const n = Number.isFinite(run.durationMs)
    ? Math.floor((total * e) / (0.7 * run.durationMs))
    : Math.floor(e / 200)
  return Math.max(0, Math.min(total - 1, n))
}

/** Test cases that have a result at `now` (the others are queued, running or stopped). */
export function casesDone(run: TestsigmaRun, now: number): number {
  if (isCompleted(run, now) && !run.stoppedByUser) return run.testCases.length
  return doneAt(run, Math.min(now, endAt(run)))
}

/** Gives the test cases the results that make up `outcome`. */
export function assignResults(run: TestsigmaRun, outcome: TestsigmaOutcome, failed: number) {
  const total = run.testCases.length
  const k = Math.min(total, Math.max(1, failed))
  run.testCases.forEach((tc, i) => {
    if (outcome === 'FAILURE') tc.result = i < k ? 'FAILURE' : 'SUCCESS'
    else if (outcome === 'ABORTED') tc.result = i < k ? 'ABORTED' : 'SUCCESS'
    else if (outcome === 'STOPPED') tc.result = i < Math.floor(total / 2) ? 'SUCCESS' : 'STOPPED'
    else tc.result = outcome
  })
}

export interface TestsigmaCounts {
  totalCount: number
  passedCount: number
  failedCount: number
  abortedCount: number
  stoppedCount: number
  notExecutedCount: number
  preRequisiteFailedCount: number
  queuedCount: number
  runningCount: number
}

const COUNT_OF: Record<TestsigmaOutcome, keyof TestsigmaCounts> = {
  SUCCESS: 'passedCount',
  FAILURE: 'failedCount',
  ABORTED: 'abortedCount',
  NOT_EXECUTED: 'notExecutedCount',
  STOPPED: 'stoppedCount'
}

export function countsAt(run: TestsigmaRun, now: number): TestsigmaCounts {
  const c: TestsigmaCounts = {
    totalCount: 0,
    passedCount: 0,
    failedCount: 0,
    abortedCount: 0,
    stoppedCount: 0,
    notExecutedCount: 0,
    preRequisiteFailedCount: 0,
    queuedCount: 0,
    runningCount: 0
  }
  const status = statusAt(run, now)
  if (status === 'STATUS_CREATED') return c
  const total = run.testCases.length
  c.totalCount = total
  const completed = status === 'STATUS_COMPLETED'
  const done = casesDone(run, now)
  for (const tc of run.testCases.slice(0, done)) c[COUNT_OF[tc.result]]++
  if (completed) c.stoppedCount += total - done
  else {
    c.runningCount = status === 'STATUS_IN_PROGRESS' && done < total ? 1 : 0
    c.queuedCount = total - done - c.runningCount
  }
  return c
}

/** The run's result word: QUEUED until it completes. */
export function resultAt(run: TestsigmaRun, now: number): string {
  if (!isCompleted(run, now)) return 'QUEUED'
  return run.stoppedByUser ? 'STOPPED' : run.outcome
}

const MESSAGES: Record<string, string> = {
  STATUS_CREATED: 'Test Plan execution is initiated and waiting to be queued',
  STATUS_QUEUED: 'Test Plan execution is queued and waiting for an agent',
  STATUS_PRE_FLIGHT: 'Test Plan execution is being prepared',
  STATUS_IN_PROGRESS: 'Test Plan execution is in progress',
  SUCCESS: 'Test Plan executed successfully',
  FAILURE: 'Test Plan execution failed: some test cases failed',
  ABORTED: 'Test Plan execution was aborted',
  NOT_EXECUTED: 'Test Plan was not executed',
  STOPPED: 'User stopped the Test Plan'
}

export function messageAt(run: TestsigmaRun, now: number): string {
  const status = statusAt(run, now)
  return MESSAGES[status === 'STATUS_COMPLETED' ? resultAt(run, now) : status]
}

export type RunLookup = (id: number) => TestsigmaRun | undefined

/** The run as GET /execution_results/{id} answers it. */
export function renderRun(run: TestsigmaRun, now: number, lookup: RunLookup, autoRerun: boolean) {
  const status = statusAt(run, now)
  const completed = status === 'STATUS_COMPLETED'
  const result = resultAt(run, now)
  const duration = completed ? endAt(run) - run.triggeredAt : null
  const child = run.childId === null ? undefined : lookup(run.childId)
  const childJson = child ? renderRun(child, now, lookup, autoRerun) : null
  const counts = countsAt(run, now)
  const body: Record<string, unknown> = {
    id: run.id,
    execution: null,
    executionId: run.planId,
    startTime: run.triggeredAt,
    endTime: completed ? endAt(run) : null,
    duration,
    result,
    status,
    message: messageAt(run, now),
    executedBy: 1,
    buildNo: run.buildNo ?? null,
    environmentId: run.environmentId ?? null,
    ...counts,
    isVisuallyPassed: null,
    environment: null,
    childResult: childJson,
    reRunParentId: run.reRunParentId,
    reRunType: run.reRunType,
    triggeredType: 'API',
    totalRunningCount: counts.runningCount,
    executionDetails: {
      page_timeout: 30,
      element_timeout: 30,
      recovery_action: 'Run_Next_Testcase',
      on_aborted_action: 'Reuse_Session',
      screenshot_option: 'FAILED_STEPS',
      group_prerequisite_fail: 'Abort',
      test_case_prerequisite_fail: 'Abort',
      test_step_prerequisite_fail: 'Run_Next_Testcase',
      global_param_name: null
    },
    totalQueuedCount: counts.queuedCount,
    isReRunEnabled: autoRerun,
    consolidatedResult: childJson ? childJson['consolidatedResult'] : result,
    consolidatedStatus: childJson ? childJson['consolidatedStatus'] : status,
    consolidatedDuration: childJson
      ? childJson['consolidatedDuration'] === null || duration === null
        ? null
        : (childJson['consolidatedDuration'] as number) + duration
      : duration,
    resultType: 'ORIGINAL'
  }
  return Object.assign(body, run.overrides)
}

/** XML 1.0 text: escapes markup and drops the characters XML cannot carry. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** A duration as the server's DurationFormatUtils "ss.SSS" writes it (seconds never roll over). */
function ssSSS(ms: number): string {
  const whole = Math.max(0, Math.round(ms))
  return `${String(Math.floor(whole / 1000)).padStart(2, '0')}.${String(whole % 1000).padStart(3, '0')}`
}

export interface JunitNames {
  /** Origin of the API (the server's own URL), for the run's page. */
  origin: string
  /** The plan's and the environment's names: the same in every run, never a run id. */
  plan: string
  environment: string
  /** The Testsigma test suite each case belongs to (the testcase's classname). */
  suite: string
}

/**
 * JUnit XML of a completed run, laid out as Testsigma's open-source server writes it
 * (JunitReportService): one <testsuite> per environment, the run's page as a property and in
 * every failure's text, no `message` attribute, a <failure> for every case not SUCCESS.
 */
export function junitXml(
  run: TestsigmaRun,
  now: number,
  message: string,
  names: JunitNames
): string {
  const done = casesDone(run, now)
  const ms = endAt(run) - run.triggeredAt
  const per = run.testCases.length ? ms / run.testCases.length : 0
  const page = `${names.origin}/ui/td/runs/${run.id}`
  const results = run.testCases.map((tc, i) => (i < done ? tc.result : 'STOPPED'))
  const failed = results.filter(r => r !== 'SUCCESS').length
  const lines = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<testsuites>',
    `    <testsuite name="${xmlEscape(`${names.plan} || ${names.environment}`)}" tests="${run.testCases.length}" failures="${failed}" errors="${failed}" time="${ssSSS(ms)}" timestamp="${new Date(run.triggeredAt).toISOString()}">`,
    '        <properties>',
    `            <property name="Testsigma reports URL" value="${xmlEscape(page)}"/>`,
    '        </properties>'
  ]
  run.testCases.forEach((tc, i) => {
    const open = `        <testcase classname="${xmlEscape(names.suite)}" name="${xmlEscape(tc.name)}" time="${ssSSS(per)}"`
    const result = results[i]
    if (result === 'SUCCESS') return void lines.push(`${open}/>`)
    const why =
      result === 'FAILURE'
        ? `Step ${3 + (i % 4)} failed: the element "Pay now" was not visible within 30 seconds`
        : result === 'ABORTED'
          ? `${tc.name} was aborted: the device session ended`
          : message
    const text = `Test failed with message:"${why}".please visit below URL for more details.\n ${page}`
    lines.push(
      `${open}>`,
      `            <failure>${xmlEscape(text)}</failure>`,
      '        </testcase>'
    )
  })
  lines.push(
    `        <system-out>${xmlEscape(`For More info on results, visit ${page}`)}</system-out>`,
    '    </testsuite>',
    '</testsuites>',
    ''
  )
  return lines.join('\n')
}
