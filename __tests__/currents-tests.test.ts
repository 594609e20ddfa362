/** Reading a Currents instance for its failed tests: the stack-line and repository-path rules. */
import { describe, expect, it } from '@jest/globals'
import {
  instanceFailedTests as readFailed,
  instanceFlakyTests as readFlaky,
  type InstanceContext,
  lineFromStack,
  repositoryPath,
  stripAnsi
} from '../src/providers/currents/tests.js'
import { errorDetails } from '../src/providers/error-text.js'

/** Every test built (no limit): the lists the gate makes its entries from. */
const instanceFailedTests = (data: unknown, ctx: InstanceContext) => readFailed(data, ctx).tests
const instanceFlakyTests = (data: unknown, ctx: InstanceContext) => readFlaky(data, ctx).tests

/** A Cypress 13 failure as Currents records it (Chrome, bundled spec). */
const CYPRESS_STACK = [
  'AssertionError: Timed out retrying after 4000ms: Expected to find element: `[data-test=pay]`, but never found it.',
  '    at cy.login (webpack://shop/./cypress/support/commands.ts:8:5)',
  '    at Context.eval (webpack://shop/./cypress/e2e/checkout/pay.cy.ts:42:7)',
  '    at runnable.fn (http://localhost:3000/__cypress/runner/cypress_runner.js:138051:20)'
].join('\n')

/** A Playwright 1.4x failure in a container job: absolute paths on the recording runner. */
const PLAYWRIGHT_STACK = [
  '\u001b[31mError: expect(received).toBe(expected) // Object.is equality\u001b[39m',
  '',
  'Expected: 200',
  'Received: 500',
  '    at expectStatus (/__w/demo-data/demo-data/tests/helpers/http.ts:21:3)',
  '    at /__w/demo-data/demo-data/tests/web-app/reports.spec.ts:57:11',
  '    at async Promise.all (index 0)'
].join('\n')

describe('the stack-line rule: the first frame whose path ends with the spec', () => {
  it('finds a Cypress spec in its webpack:// frame, past a support-file frame', () => {
    expect(lineFromStack(CYPRESS_STACK, 'cypress/e2e/checkout/pay.cy.ts')).toEqual({
      path: 'webpack://shop/./cypress/e2e/checkout/pay.cy.ts',
      line: 42
    })
  })

  it('finds a Playwright spec, named relative to testDir, in an absolute frame', () => {
    expect(lineFromStack(PLAYWRIGHT_STACK, 'web-app/reports.spec.ts')).toEqual({
      path: '/__w/demo-data/demo-data/tests/web-app/reports.spec.ts',
      line: 57
    })
  })

  it('reads `at fn (path:L:C)` frames of Playwright on a hosted runner', () => {
    const stack = [
      'Error: locator.click: Timeout 5000ms exceeded.',
      '    at LoginPage.submit (/home/runner/work/shop/shop/e2e/pages/login.ts:14:22)',
      '    at Object.<anonymous> (/home/runner/work/shop/shop/e2e/login.spec.ts:9:3)'
    ].join('\n')
    expect(lineFromStack(stack, 'login.spec.ts')?.line).toBe(9)
  })

  it('reads Windows paths and Firefox-style frames', () => {
    const windows = '    at D:\\a\\shop\\shop\\tests\\cart.spec.ts:33:5'
    expect(lineFromStack(windows, 'cart.spec.ts')?.line).toBe(33)
    const firefox = 'Context.eval@webpack://shop/./cypress/e2e/cart.cy.ts:17:9'
    expect(lineFromStack(firefox, 'cypress/e2e/cart.cy.ts')?.line).toBe(17)
  })

  it('does not take a file that only ends with the same name', () => {
    const stack =
      '    at /w/shop/shop/tests/old-cart.spec.ts:5:1\n    at /w/shop/shop/tests/cart.spec.ts:8:1'
    expect(lineFromStack(stack, 'cart.spec.ts')?.line).toBe(8)
  })

  it('finds nothing when no frame names the spec', () => {
    expect(lineFromStack(CYPRESS_STACK, 'cypress/e2e/cart.cy.ts')).toBeUndefined()
    expect(lineFromStack('', 'a.spec.ts')).toBeUndefined()
  })
})

describe('the repository-path rule', () => {
  it('drops everything up to the workspace of a container job', () => {
    expect(repositoryPath('/__w/shop/shop/tests/a.spec.ts', 'shop')).toBe('tests/a.spec.ts')
  })

  it('drops everything up to the workspace of a hosted runner, Linux, macOS and Windows', () => {
    expect(repositoryPath('/home/runner/work/shop/shop/tests/web/a.spec.ts', 'shop')).toBe(
      'tests/web/a.spec.ts'
    )
    expect(repositoryPath('/Users/runner/work/shop/shop/e2e/a.spec.ts', 'shop')).toBe(
      'e2e/a.spec.ts'
    )
    expect(repositoryPath('D:\\a\\shop\\shop\\tests\\a.spec.ts', 'shop')).toBe('tests/a.spec.ts')
  })

  it('takes the first <repo>/<repo>/, so folders of the same name inside stay', () => {
    expect(repositoryPath('/__w/app/app/app/app/a.spec.ts', 'app')).toBe('app/app/a.spec.ts')
  })

  it('knows no repository path for an absolute path outside such a workspace', () => {
    expect(repositoryPath('/srv/ci/tests/a.spec.ts', 'shop')).toBeUndefined()
    expect(repositoryPath('/Users/dev/shop/tests/a.spec.ts', 'shop')).toBeUndefined()
  })

  it("finds the checkout of any repository by GitHub's layout, not only the gate's", () => {
    expect(repositoryPath('/__w/demo-data/demo-data/tests/a.spec.ts', 'shop')).toBe(
      'tests/a.spec.ts'
    )
    expect(repositoryPath('/__w/shop/shop/tests/a.spec.ts', undefined)).toBe('tests/a.spec.ts')
    expect(repositoryPath('D:\\a\\web\\web\\e2e\\a.spec.ts', 'shop')).toBe('e2e/a.spec.ts')
  })

  it('keeps a relative path, and a Cypress bundle path without its prefix', () => {
    expect(repositoryPath('./cypress/e2e/a.cy.ts', 'shop')).toBe('cypress/e2e/a.cy.ts')
    expect(repositoryPath('webpack://shop/./cypress/e2e/a.cy.ts', 'shop')).toBe(
      'cypress/e2e/a.cy.ts'
    )
  })
})

describe('stripAnsi', () => {
  it('removes colour codes and links', () => {
    const s =
      '\u001b[31mError\u001b[39m: \u001b[2mx\u001b[22m \u001b]8;;https://x\u0007link\u001b]8;;\u0007'
    expect(stripAnsi(s)).toBe('Error: x link')
  })
})

/** An instance in the real answer's shape (API.md): statuses in tests[], details in testResults. */
function instance(over: Record<string, unknown> = {}) {
  return {
    instanceId: 'i1',
    spec: 'web-app/reports.spec.ts',
    results: {
      stats: { tests: 4, failures: 2, passes: 2 },
      tests: [
        { testId: 't1', title: ['Reports', 'exports CSV'], _s: 'failed', _f: false },
        { testId: 't2', title: ['Reports', 'filters'], _s: 'passed', _f: true },
        { testId: 't3', title: ['Reports', 'totals'], _s: 'failed', _f: false },
        { testId: 't4', title: ['Reports', 'loads'], _s: 'passed', _f: false }
      ]
    },
    testResults: {
      t1: {
        state: 'failed',
        isFlaky: false,
        displayError: '\u001b[31mError: expect(received).toBe(expected)\u001b[39m\n\nExpected: 200',
        attempts: [
          {
            state: 'failed',
            error: {
              message: 'first try',
              stack: PLAYWRIGHT_STACK,
              codeFrame: {
                file: '/__w/demo-data/demo-data/tests/web-app/reports.spec.ts',
                line: 40,
                column: 5
              }
            }
          },
          {
            state: 'failed',
            error: {
              message: 'second try',
              stack: PLAYWRIGHT_STACK,
              codeFrame: {
                file: '/__w/demo-data/demo-data/tests/web-app/reports.spec.ts',
                line: 41,
                column: 5
              }
            }
          }
        ]
      },
      t2: {
        state: 'passed',
        isFlaky: true,
        attempts: [
          { state: 'failed', error: { message: 'flake', stack: PLAYWRIGHT_STACK } },
          { state: 'passed', error: null }
        ]
      },
      t3: {
        state: 'failed',
        attempts: [
          {
            state: 'failed',
            error: {
              message: '\u001b[31mTimeout 5000ms exceeded.\u001b[39m\nmore',
              stack: PLAYWRIGHT_STACK
            }
          }
        ]
      },
      t4: { state: 'passed', attempts: [{ state: 'passed', error: null }] }
    },
    ...over
  }
}

const ctx = {
  spec: 'web-app/reports.spec.ts',
  repo: 'demo-data',
  url: 'https://app.currents.dev/run/r1'
}

describe('instanceFailedTests', () => {
  it('annotates no path that the checkout does not have', () => {
    const tests = instanceFailedTests(instance(), { ...ctx, exists: () => false })
    expect(tests[0]).not.toHaveProperty('file')
    expect(tests[0]).not.toHaveProperty('line')
    expect(tests[0].name).toBe('Reports › exports CSV')
  })

  it('names the spec as the failure when an exception stopped it before any test failed', () => {
    const data = { results: { tests: [], exception: 'Error: Cannot find module ./x\n  at y' } }
    expect(instanceFailedTests(data, { spec: 'cypress/e2e/a.cy.ts' })).toEqual([
      {
        name: 'cypress/e2e/a.cy.ts',
        file: 'cypress/e2e/a.cy.ts',
        group: 'cypress/e2e/a.cy.ts',
        message: 'Error: Cannot find module ./x'
      }
    ])
  })

  it('reads a Cypress stack frame served as /__cypress/tests?p=<spec>', () => {
    expect(
      lineFromStack(
        'Error: oh!\n    at Context.eval (https://x.org/__cypress/tests?p=cypress/integration/a.spec.js:101:11)',
        'cypress/integration/a.spec.js'
      )
    ).toEqual({ path: 'cypress/integration/a.spec.js', line: 101 })
  })

  it('names each failed test by its title parts, at its repository file and line', () => {
    expect(instanceFailedTests(instance(), ctx)).toEqual([
      {
        name: 'Reports › exports CSV',
        file: 'tests/web-app/reports.spec.ts',
        line: 41,
        message: 'Error: expect(received).toBe(expected)',
        details: 'Expected: 200',
        url: 'https://app.currents.dev/run/r1',
        group: 'tests/web-app/reports.spec.ts'
      },
      {
        name: 'Reports › totals',
        file: 'tests/web-app/reports.spec.ts',
        line: 57,
        message: 'Timeout 5000ms exceeded.',
        details: 'more',
        url: 'https://app.currents.dev/run/r1',
        group: 'tests/web-app/reports.spec.ts'
      }
    ])
  })

  it('takes the last failed attempt, and its message when there is no displayError', () => {
    const data = instance()
    delete (data.testResults.t1 as { displayError?: string }).displayError
    const [first] = instanceFailedTests(data, ctx)
    expect(first).toMatchObject({ message: 'second try', line: 41 })
  })

  it('does not count a flaky test that passed on retry', () => {
    const names = instanceFailedTests(instance(), ctx).map(t => t.name)
    expect(names).not.toContain('Reports › filters')
  })

  it('reads the details from tests[] when the answer has no testResults', () => {
    const data = instance()
    const tests = data.results.tests.map(t => ({
      ...t,
      ...(data.testResults as Record<string, object>)[t.testId]
    }))
    const inTests = instance({ results: { ...data.results, tests }, testResults: undefined })
    expect(instanceFailedTests(inTests, ctx)).toEqual(instanceFailedTests(data, ctx))
  })

  it('reads the state from testResults over tests[] (Cypress `state`, Playwright `_s`)', () => {
    const data = instance()
    data.results.tests[0]._s = 'passed'
    expect(instanceFailedTests(data, ctx).map(t => t.name)).toContain('Reports › exports CSV')
  })

  it('keeps the spec path without any absolute path, and no line without a frame', () => {
    const data = {
      results: { tests: [{ testId: 'x', title: ['a'], _s: 'failed' }] },
      testResults: {
        x: { state: 'failed', attempts: [{ state: 'failed', error: { message: 'm' } }] }
      }
    }
    expect(instanceFailedTests(data, { spec: 'web-app/reports.spec.ts' })).toEqual([
      { name: 'a', file: 'web-app/reports.spec.ts', message: 'm', group: 'web-app/reports.spec.ts' }
    ])
  })

  it('puts a Cypress test at its codeFrame, relative to the project', () => {
    const data = {
      results: { tests: [{ testId: 'c', title: ['Checkout', 'pays'], _s: 'failed' }] },
      testResults: {
        c: {
          state: 'failed',
          attempts: [
            {
              state: 'failed',
              error: {
                message: 'AssertionError: expected',
                stack: CYPRESS_STACK,
                codeFrame: { file: 'cypress/e2e/checkout/pay.cy.ts', line: 44, column: 9 }
              }
            }
          ]
        }
      }
    }
    expect(
      instanceFailedTests(data, { spec: 'cypress/e2e/checkout/pay.cy.ts', repo: 'shop' })[0]
    ).toMatchObject({ file: 'cypress/e2e/checkout/pay.cy.ts', line: 44 })
  })

  it('answers nothing for an answer of the wrong shape', () => {
    expect(instanceFailedTests('nope', ctx)).toEqual([])
    expect(instanceFailedTests({ results: { tests: 'x' } }, ctx)).toEqual([])
  })
})

describe('instanceFlakyTests', () => {
  it('names the tests that passed only after a failed attempt, with the error they failed with', () => {
    expect(instanceFlakyTests(instance(), ctx)).toEqual([
      {
        name: 'Reports › filters',
        file: 'tests/web-app/reports.spec.ts',
        line: 57,
        message: 'flake',
        url: 'https://app.currents.dev/run/r1',
        group: 'tests/web-app/reports.spec.ts'
      }
    ])
  })

  it('counts a passed test with a failed attempt as flaky even without isFlaky', () => {
    const data = {
      results: {
        tests: [
          {
            testId: 'c1',
            title: ['Cart', 'adds'],
            state: 'passed',
            attempts: [
              { state: 'failed', error: { message: 'Timed out', stack: '' } },
              { state: 'passed', error: null }
            ]
          },
          { testId: 'c2', title: ['Cart', 'removes'], state: 'passed', attempts: [] }
        ]
      }
    }
    expect(instanceFlakyTests(data, ctx).map(t => [t.name, t.message])).toEqual([
      ['Cart › adds', 'Timed out']
    ])
  })
})

describe('errorDetails', () => {
  it('is the error past its first line, colour codes stripped, then the code frame', () => {
    const text =
      '\u001b[31mError: expect(received)\u001b[39m\n\nExpected: \u001b[32m200\u001b[39m\nReceived: 500\n'
    expect(errorDetails(text, '> 12 | expect(res.status).toBe(200)')).toBe(
      'Expected: 200\nReceived: 500\n\n> 12 | expect(res.status).toBe(200)'
    )
  })

  it('keeps at most 20 lines and says how many more there were', () => {
    const text = ['first', ...Array.from({ length: 30 }, (_, i) => `line ${i}`)].join('\n')
    const out = errorDetails(text)?.split('\n') ?? []
    expect(out).toHaveLength(21)
    expect(out.at(-1)).toBe('… 10 more lines')
  })

  it('is undefined for a one-line error', () => {
    expect(errorDetails('only this')).toBeUndefined()
  })
})

describe('instance tests past the limit', () => {
  it('builds only the first entries, and counts them all', () => {
    const many = {
      results: {
        tests: Array.from({ length: 250 }, (_, i) => ({
          testId: `t${i}`,
          title: [`test ${i}`],
          state: 'failed'
        }))
      }
    }
    const read = readFailed(many, { ...ctx, instanceId: 'i-1' }, 100)
    expect(read.found).toBe(250)
    expect(read.tests).toHaveLength(100)
    expect(read.tests[99]).toMatchObject({
      name: 'test 99',
      url: 'https://app.currents.dev/instance/i-1/test/t99'
    })
    expect(readFailed(many, ctx, 0)).toEqual({ tests: [], found: 250 })
  })
})
