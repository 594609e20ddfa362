/**
 * The shape of a Testsigma JUnit report, checked in one linear pass before any parsing: the
 * synchronous XML parser would block the event loop (and a signal) for as long as a report
 * built to be expensive asks (1.5 M attributes on one element: 19 s and 2.2 GB, issue 20).
 */
import { GateError } from '../../model/errors.js'

const MiB = 1024 * 1024

/**
 * What no real JUnit report comes near. fast-xml-parser's validator and parser run in one
 * synchronous call and cost about 5 µs an attribute and 20 µs an element on a CI runner, and
 * far more on one element with many attributes or one huge text (1.5 M attributes: 19 s and
 * 2.2 GB; a 19 MiB text: 17 s and 1.1 GB). A report past these limits is refused before either
 * runs, so any report under the 20 MiB cap is read or refused in a few seconds and well under
 * 300 MB, and a signal is heard soon after (bench/hostile.ts measures it).
 */
export const JUNIT_LIMITS: Readonly<
  Record<'nodes' | 'attributes' | 'textBytes' | 'references' | 'depth' | 'doctypeBytes', number>
> = {
  /** Elements and attributes together: 200,000 is ~30,000 failed test cases (a test case, its
   * failure and a few attributes each); a real plan has a few thousand. About 2 s to parse. */
  nodes: 200_000,
  /** A real element has a handful (name, classname, time, message). */
  attributes: 1000,
  /** One text, CDATA section or attribute value: a failure's stack trace is kilobytes. */
  textBytes: 1 * MiB,
  /** Entity and character references in all (`&quot;` in messages): the parser's slowest text,
   * about 1 s a MiB of them. */
  references: 200_000,
  /** fast-xml-parser's own nesting limit (maxNestedTags); a report nests 3 or 4 deep. */
  depth: 100,
  /** A DOCTYPE (no JUnit writer makes one) whose entities the parser would still read. */
  doctypeBytes: 64 * 1024
}

const count = (n: number) => n.toLocaleString('en-US')

/**
 * One linear pass over the report (indexOf and a character loop, no regular expression that
 * could backtrack), refusing a shape beyond JUNIT_LIMITS. It reads tags, quotes, comments,
 * CDATA and the DOCTYPE the way the validator does; what it cannot read it leaves to the
 * validator, which then says where the report is broken.
 */
export function junitShape(report: string, what: string, limits = JUNIT_LIMITS): void {
  const refuse = (why: string) => {
    throw new GateError('bad-response', `${what} is not read: ${why}, beyond any real report`)
  }
  const text = (bytes: number) => {
    if (bytes > limits.textBytes)
      refuse(`it has a text or attribute value over ${limits.textBytes / MiB} MiB`)
  }
  let nodes = 0
  const node = () => {
    if (++nodes > limits.nodes) refuse(`it has over ${count(limits.nodes)} elements and attributes`)
  }
  let references = 0
  for (let at = report.indexOf('&'); at >= 0; at = report.indexOf('&', at + 1))
    if (++references > limits.references)
      refuse(`it has over ${count(limits.references)} entity references`)
  const n = report.length
  let depth = 0
  let i = 0
  for (;;) {
    const lt = report.indexOf('<', i)
    text((lt < 0 ? n : lt) - i)
    if (lt < 0) return
    if (report.startsWith('<!--', lt)) {
      const end = report.indexOf('-->', lt + 4)
      if (end < 0) return
      i = end + 3
    } else if (report.startsWith('<![CDATA[', lt)) {
      const end = report.indexOf(']]>', lt + 9)
      text((end < 0 ? n : end) - lt - 9)
      if (end < 0) return
      i = end + 3
    } else if (report.startsWith('<!', lt)) {
      const close = report.indexOf('>', lt)
      const open = report.indexOf('[', lt)
      const subset = open >= 0 && (close < 0 || open < close)
      const end = subset ? report.indexOf(']', open) : close
      const stop = end < 0 ? n : subset ? report.indexOf('>', end) : end
      if ((stop < 0 ? n : stop) - lt > limits.doctypeBytes)
        refuse(`its DOCTYPE is over ${limits.doctypeBytes / 1024} KiB`)
      if (end < 0 || stop < 0) return
      i = stop + 1
    } else if (report.startsWith('</', lt)) {
      const end = report.indexOf('>', lt)
      if (end < 0) return
      depth--
      i = end + 1
    } else {
      // An element, or a processing instruction (`<?xml …?>`, whose pseudo-attributes the
      // validator reads too).
      const element = report.charCodeAt(lt + 1) !== 0x3f
      if (element) node()
      // The first word is the name, not an attribute.
      let attributes = -1
      let inWord = false
      let end = -1
      for (let j = lt + 1; j < n; j++) {
        const c = report.charCodeAt(j)
        if (c === 0x22 || c === 0x27) {
          const close = report.indexOf(c === 0x22 ? '"' : "'", j + 1)
          text((close < 0 ? n : close) - j - 1)
          if (close < 0) return
          j = close
          inWord = false
        } else if (c === 0x3e) {
          end = j
          break
        } else if (
          c === 0x20 ||
          c === 0x09 ||
          c === 0x0a ||
          c === 0x0d ||
          c === 0x3d ||
          c === 0x2f
        ) {
          inWord = false
        } else if (!inWord) {
          inWord = true
          if (++attributes > limits.attributes)
            refuse(`it has an element with over ${count(limits.attributes)} attributes`)
          if (attributes > 0) node()
        }
      }
      if (end < 0) return
      if (element && report.charCodeAt(end - 1) !== 0x2f && ++depth > limits.depth)
        refuse(`its elements nest over ${limits.depth} deep`)
      i = end + 1
    }
  }
}
