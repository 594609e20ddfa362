/** Failed tests from a JUnit report, read as hostile input. */
import { describe, expect, it } from '@jest/globals'
import { XMLParser } from 'fast-xml-parser'
import { decodeXmlText, junitFailedTests } from '../src/providers/testsigma/junit.js'
import { JUNIT_LIMITS, junitShape } from '../src/providers/testsigma/junit-shape.js'
import { isGateError } from '../src/model/errors.js'

const WHAT = 'The JUnit report of Testsigma run 7'

const report = (cases: string, suite = 'Test Plan 274 run 7') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="${suite}" tests="3">\n${cases}\n  </testsuite>\n</testsuites>\n`

describe('junitFailedTests', () => {
  it('names each testcase with a failure or an error, with the message attribute', async () => {
    const xml = report(
      [
        '<testcase name="Login"/>',
        '<testcase name="Checkout"><failure message="Step 3 failed" type="FAILURE">long text</failure></testcase>',
        '<testcase name="Search"><error message="aborted">x</error></testcase>',
        '<testcase name="Later"><skipped/></testcase>'
      ].join('\n')
    )
    const out = await junitFailedTests(xml, WHAT, 'https://app.testsigma.com/ui/td/runs/7')
    expect(out).toEqual({
      found: 2,
      unread: [],
      tests: [
        {
          name: 'Test Plan 274 run 7 › Checkout',
          title: 'Checkout',
          message: 'Step 3 failed',
          details: 'long text',
          url: 'https://app.testsigma.com/ui/td/runs/7'
        },
        {
          name: 'Test Plan 274 run 7 › Search',
          title: 'Search',
          message: 'aborted',
          details: 'x',
          url: 'https://app.testsigma.com/ui/td/runs/7'
        }
      ]
    })
  })

  it("reads the server's own failure text: the quoted message, the page, no details", async () => {
    const page = 'https://app.testsigma.com/ui/td/runs/7'
    const text = (message: string) =>
      `Test failed with message:&quot;${message}&quot;.please visit below URL for more details.\n ${page}`
    const xml = report(
      `<testcase classname="Regression" name="A"><failure>${text('Element not found')}</failure></testcase>` +
        `<testcase classname="Regression" name="B"><failure>${text('Two\nlines')}</failure></testcase>`,
      'Nightly || Staging'
    )
    const out = await junitFailedTests(xml, WHAT)
    expect(out.tests).toEqual([
      { name: 'Nightly || Staging › A', title: 'A', message: 'Element not found', url: page },
      // A message of several lines keeps its rest; the page alone is never the details.
      {
        name: 'Nightly || Staging › B',
        title: 'B',
        message: 'Two',
        details: 'lines',
        url: page
      }
    ])
  })

  it('takes the first line of the text when there is no message attribute', async () => {
    const xml = report(
      '<testcase name="A"><failure><![CDATA[\n  Element not found\n  at step 4]]></failure></testcase><testcase name="B"><failure/></testcase>'
    )
    const out = await junitFailedTests(xml, WHAT)
    expect(out.tests).toEqual([
      {
        name: 'Test Plan 274 run 7 › A',
        title: 'A',
        message: 'Element not found',
        details: '  at step 4'
      },
      { name: 'Test Plan 274 run 7 › B', title: 'B' }
    ])
  })

  it('reads a bare <testsuite> root and nested suites', async () => {
    const xml =
      '<testsuite name="outer"><testcase name="a"><failure message="m1"/></testcase>' +
      '<testsuite name="inner"><testcase name="b"><error message="m2"/></testcase></testsuite></testsuite>'
    const out = await junitFailedTests(xml, WHAT)
    expect(out.tests.map(t => t.name)).toEqual(['outer › a', 'inner › b'])
  })

  it('decodes the five built-in entities and character references once', async () => {
    const xml = report(
      '<testcase name="a &amp; b &lt;c&gt; &#65;&#x42; &amp;lt;"><failure message="&quot;q&quot; &apos;s&apos;"/></testcase>',
      'S &amp; T'
    )
    const [t] = (await junitFailedTests(xml, WHAT)).tests
    expect(t).toEqual({
      name: 'S & T › a & b <c> AB &lt;',
      title: 'a & b <c> AB &lt;',
      message: `"q" 's'`
    })
  })

  it('leaves an entity bomb unexpanded: DTD entities are never expanded', async () => {
    const lol = Array.from({ length: 10 }, () => '&lol;').join('')
    const levels = Array.from(
      { length: 8 },
      (_, i) =>
        `<!ENTITY lol${i + 1} "${Array.from({ length: 10 }, () => `&lol${i || ''};`).join('')}">`
    )
    const xml = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY plain "EXPANDED">
  ${levels.join('\n  ')}
]>
<testsuites><testsuite name="bomb"><testcase name="&lol8; &plain;"><failure message="${lol} &plain;">&lol8;</failure></testcase></testsuite></testsuites>`
    // The parser's default configuration would expand the DTD's entities: ours must not.
    expect(JSON.stringify(new XMLParser({ ignoreAttributes: false }).parse(xml))).toContain(
      'EXPANDED'
    )
    const started = performance.now()
    const out = await junitFailedTests(xml, WHAT)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(out.tests).toEqual([
      {
        name: 'bomb › &lol8; &plain;',
        title: '&lol8; &plain;',
        message: `${lol} &plain;`,
        details: '&lol8;'
      }
    ])
  })

  it('refuses malformed XML with where it breaks', async () => {
    const err = await junitFailedTests('<testsuites><testsuite name="a"></testsuites>', WHAT).catch(
      e => e
    )
    expect(isGateError(err, 'bad-response')).toBe(true)
    expect(err.message).toMatch(
      /^The JUnit report of Testsigma run 7 is not well-formed XML \(line 1/
    )
  })

  it('refuses XML that is not a JUnit report', async () => {
    await expect(junitFailedTests('<html><body/></html>', WHAT)).rejects.toThrow(
      /has no <testsuites> or <testsuite> element/
    )
  })

  it('keeps 100 failed tests and counts them all', async () => {
    const cases = Array.from(
      { length: 250 },
      (_, i) => `<testcase name="t${i}"><failure message="m"/></testcase>`
    ).join('')
    const out = await junitFailedTests(report(cases), WHAT)
    expect(out.found).toBe(250)
    expect(out.tests).toHaveLength(100)
    expect(out.tests[99].name).toMatch(/› t99$/)
  })
})

describe('decodeXmlText', () => {
  it('leaves references to characters XML cannot hold, and unknown names, as written', () => {
    expect(decodeXmlText('&#0; &#xD800; &nbsp; &lol;')).toBe('&#0; &#xD800; &nbsp; &lol;')
  })
})

describe('junitShape: a report beyond any real one is refused before the parser runs', () => {
  const wrap = (body: string) => `<testsuites><testsuite name="P">${body}</testsuite></testsuites>`
  const shape = (report: string) => () => junitShape(report, 'The report')
  const small = { ...JUNIT_LIMITS, nodes: 150, attributes: 5, textBytes: 100, references: 10 }

  it('passes a normal report, comments, CDATA and a declaration included', () => {
    const normal = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- a > b -->${wrap(
      '<testcase name="a &amp; b" time="1"><failure message="x > y"><![CDATA[<not a tag>]]></failure></testcase>'
    )}`
    expect(shape(normal)).not.toThrow()
    expect(() => junitShape(normal, 'R', small)).not.toThrow()
  })

  it.each([
    [
      'attributes on one element',
      wrap(`<testcase ${'a="1" '.repeat(6)}/>`),
      'an element with over 5 attributes'
    ],
    [
      'boolean attributes',
      wrap(`<testcase ${'a '.repeat(6)}/>`),
      'an element with over 5 attributes'
    ],
    [
      'a text node',
      wrap(`<testcase>${'x'.repeat(101)}</testcase>`),
      'a text or attribute value over'
    ],
    [
      'an attribute value',
      wrap(`<testcase name="${'x'.repeat(101)}"/>`),
      'a text or attribute value over'
    ],
    [
      'a CDATA section',
      wrap(`<t><![CDATA[${'x'.repeat(101)}]]></t>`),
      'a text or attribute value over'
    ],
    ['elements in all', wrap('<t/>'.repeat(150)), 'over 150 elements and attributes'],
    ['references', wrap(`<t>${'&amp;'.repeat(11)}</t>`), 'over 10 entity references'],
    ['nesting', wrap('<a>'.repeat(101)), 'its elements nest over 100 deep'],
    [
      'a DOCTYPE',
      `<!DOCTYPE r [${'<!ENTITY a "b">'.repeat(5000)}]>${wrap('')}`,
      'its DOCTYPE is over 64 KiB'
    ]
  ])('refuses too many or too big: %s', (_, report, why) => {
    expect(() => junitShape(report, 'The report', small)).toThrow(
      expect.objectContaining({ kind: 'bad-response', message: expect.stringContaining(why) })
    )
    expect(() => junitShape(report, 'The report', small)).toThrow(/^The report is not read: /)
  })

  it('refuses 1.5 M attributes on one element in well under a second', async () => {
    const report = wrap(`<testcase ${'a="1" '.repeat(1_500_000)}/>`)
    const started = Date.now()
    await expect(junitFailedTests(report, 'The report')).rejects.toThrow(
      'The report is not read: it has an element with over 1,000 attributes, beyond any real report'
    )
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('stops at a signal that came during the parse', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      junitFailedTests(wrap(''), 'The report', undefined, controller.signal)
    ).rejects.toThrow(expect.objectContaining({ kind: 'aborted' }))
  })
})
