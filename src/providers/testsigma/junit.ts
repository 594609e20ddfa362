/**
 * The failed tests of a JUnit XML report (SPEC.md "What failed"): each `<testcase>` with a
 * `<failure>` or `<error>`. The report comes off the network, so it is read as hostile: parsed
 * by fast-xml-parser (maintained, no native code), loaded only when a report is parsed, with no
 * DTD entity ever expanded (an "entity bomb" stays the text it was) and only XML's five
 * built-in entities and character references decoded. Size is bounded before it gets here: the
 * HTTP client refuses bodies over 20 MiB. Shape is bounded first (junit-shape.ts): the parser is
 * synchronous, so its time is time no signal is heard.
 */
import { GateError } from '../../model/errors.js'
import { junitShape } from './junit-shape.js'
import { abortedError } from '../../http/retry.js'
import { type FailedTest, type FailedTests, MAX_FAILED_TESTS } from '../../model/run.js'
import { errorDetails } from '../error-text.js'
import { arr, obj, safeUrl, str } from '../wire.js'

type XmlModule = typeof import('fast-xml-parser')

let xml: Promise<XmlModule> | undefined
/** Loaded on the first report: a passing run, or a Currents step, never pays for it. */
const loadXml = (): Promise<XmlModule> => (xml ??= import('fast-xml-parser'))

const BUILT_IN: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** A legal XML 1.0 character (a reference to anything else is left as written). */
const isXmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff)

/** One pass over the text: what a reference decodes to is never read again, so nothing nests. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(
    /&(?:#x([0-9a-f]{1,6})|#([0-9]{1,7})|([a-z]{2,4}));/gi,
    (ref, hex, dec, name) => {
      if (name !== undefined) return BUILT_IN[name] ?? ref
      const code = hex !== undefined ? parseInt(hex, 16) : Number(dec)
      return isXmlChar(code) ? String.fromCodePoint(code) : ref
    }
  )
}

/**
 * fast-xml-parser hands a DOCTYPE's entities to its decoder (addInputEntities); this decoder
 * drops them, so `&lol9;` stays `&lol9;` instead of growing into a billion laughs.
 */
const builtInOnly = {
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
  decode: decodeXmlText
}

const LISTS = new Set(['testsuite', 'testcase', 'failure', 'error', 'property'])

/**
 * The parse is one synchronous call: a signal that came during it is handled on the next turn
 * of the event loop, which this waits for, so a cancelled step stops here rather than going on.
 */
async function heard(what: string, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return
  await new Promise(resolve => setImmediate(resolve))
  if (signal.aborted) throw abortedError(what, signal)
}

/** The failed tests of a report; `what` names the report in errors. */
export async function junitFailedTests(
  report: string,
  what: string,
  url?: string,
  signal?: AbortSignal
): Promise<FailedTests> {
  const suites = await junitSuites(report, what, signal)
  const out: FailedTests = { tests: [], found: 0, unread: [] }
  const visit = (suite: Record<string, unknown>): void => {
    const suiteName = str(suite.name)
    const suiteUrl = reportsUrl(suite) ?? url
    for (const c of arr(suite.testcase)) {
      const tc = obj(c)
      const failure = [...arr(tc.failure), ...arr(tc.error)][0]
      if (failure === undefined) continue
      out.found++
      if (out.tests.length >= MAX_FAILED_TESTS) continue
      const caseName = str(tc.name) ?? str(tc.classname) ?? '(unnamed test case)'
      const test: FailedTest = suiteName
        ? { name: `${suiteName} › ${caseName}`, title: caseName }
        : { name: caseName }
      const message = messageOf(failure)
      if (message !== undefined) test.message = message
      const details = detailsOf(failure)
      if (details !== undefined) test.details = details
      const link = urlOf(failure) ?? suiteUrl
      if (link) test.url = link
      out.tests.push(test)
    }
    // Nesting is bounded by the parser (maxNestedTags, 100 levels).
    for (const inner of arr(suite.testsuite)) visit(obj(inner))
  }
  for (const s of suites) visit(obj(s))
  return out
}

/** The report's top `<testsuite>` elements, parsed as the module's comment says. */
async function junitSuites(report: string, what: string, signal?: AbortSignal): Promise<unknown[]> {
  const { XMLParser, XMLValidator } = await loadXml()
  await heard(what, signal)
  junitShape(report, what)
  // The parser is lenient (it takes `<a></b>`); the validator says where a report is broken.
  const valid = XMLValidator.validate(report)
  await heard(what, signal)
  if (valid !== true) {
    const { msg, line, col } = valid.err
    throw new GateError(
      'bad-response',
      `${what} is not well-formed XML (line ${line}, column ${col}: ${msg})`
    )
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: { enabled: true },
    entityDecoder: builtInOnly,
    isArray: name => LISTS.has(name)
  })
  let root: Record<string, unknown>
  try {
    root = obj(parser.parse(report))
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    throw new GateError('bad-response', `${what} could not be parsed: ${why}`)
  }
  await heard(what, signal)
  const top = obj(root.testsuites)
  const suites = 'testsuites' in root ? arr(top.testsuite) : arr(root.testsuite)
  if (!('testsuites' in root) && !('testsuite' in root)) {
    throw new GateError('bad-response', `${what} has no <testsuites> or <testsuite> element`)
  }
  return suites
}

export interface JunitCase {
  name: string
  title: string
  failed: boolean
  message?: string
}

/** Every test case of a report, by name, and whether it failed: what a rerun's report tells. */
export async function junitCases(
  report: string,
  what: string,
  signal?: AbortSignal
): Promise<JunitCase[]> {
  const out: JunitCase[] = []
  const visit = (suite: Record<string, unknown>): void => {
    const suiteName = str(suite.name)
    for (const c of arr(suite.testcase)) {
      const tc = obj(c)
      const title = str(tc.name) ?? str(tc.classname) ?? '(unnamed test case)'
      const failure = [...arr(tc.failure), ...arr(tc.error)][0]
      const name = suiteName ? `${suiteName} › ${title}` : title
      const message = failure === undefined ? undefined : messageOf(failure)
      out.push({ name, title, failed: failure !== undefined, message })
    }
    for (const inner of arr(suite.testsuite)) visit(obj(inner))
  }
  for (const s of await junitSuites(report, what, signal)) visit(obj(s))
  return out
}

/** A `<failure>` or `<error>` as the parser gives it: its attributes and its text. */
function partsOf(failure: unknown): Record<string, unknown> {
  return typeof failure === 'string' ? { '#text': failure } : obj(failure)
}

/**
 * The failure's `message` attribute, else what its text quotes after `message:`, as
 * Testsigma's server writes it (no attribute; `Test failed with message:"Element not
 * found".please visit below URL for more details.` and the URL on the next line), else the
 * first line of its text.
 */
function messageOf(failure: unknown): string | undefined {
  const f = partsOf(failure)
  const attribute = str(f.message)
  // The quote is at the start of Testsigma's text; a lazy match over a long one is quadratic.
  const text = str(f['#text'])?.slice(0, 64 * 1024)
  const quoted =
    attribute === undefined
      ? /message:\s*"([\s\S]*?)"\s*\.?\s*please visit/i.exec(text ?? '')
      : null
  const line = (attribute ?? quoted?.[1] ?? text)
    ?.split(/\r?\n/)
    .map(l => l.trim())
    .find(Boolean)
  return line === undefined ? undefined : line.slice(0, 1000)
}

/** The failure's text past its message line: what a developer reads next. */
function detailsOf(failure: unknown): string | undefined {
  const f = partsOf(failure)
  const text = str(f['#text'])
  if (text === undefined) return undefined
  // With a message attribute the whole text is the rest; without, its first line is the message.
  if (str(f.message) !== undefined) return errorDetails(`-\n${text}`)
  // Testsigma's server follows its message only with boilerplate and the page the test already
  // links to: the details are the quoted message's further lines, if any.
  const quoted = /message:\s*"([\s\S]*?)"\s*\.?\s*please visit/i.exec(text)
  return errorDetails(quoted ? quoted[1] : text)
}

/**
 * The test case's own page: Testsigma's failure text ends with "please visit below URL for more
 * details." and that URL on the next line (its open-source server's JUnit writer).
 */
function urlOf(failure: unknown): string | undefined {
  const text = str(partsOf(failure)['#text'])
  const link = /https?:\/\/[^\s"<>'`]+/.exec(text ?? '')?.[0]
  return safeUrl(link)
}

/** The suite's `Testsigma reports URL` property: the run's page, as the server names it. */
function reportsUrl(suite: Record<string, unknown>): string | undefined {
  for (const p of arr(obj(suite.properties).property)) {
    const prop = obj(p)
    if (str(prop.name)?.toLowerCase() === 'testsigma reports url') return safeUrl(prop.value)
  }
  return undefined
}
