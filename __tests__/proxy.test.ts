import { describe, expect, it } from '@jest/globals'
import { bypasses, parseNoProxy, proxyFor, proxyLabel } from '../src/proxy.js'

const url = (u: string) => new URL(u)

describe('proxyFor', () => {
  it('uses HTTPS_PROXY for https URLs and HTTP_PROXY for http URLs', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'http://plain:3128' }
    expect(proxyFor(url('https://api.currents.dev/v1'), env)).toBe('http://secure:3128')
    expect(proxyFor(url('http://127.0.0.1:8080/x'), env)).toBe('http://plain:3128')
  })

  it('prefers the lower-case form, as @actions/http-client does', () => {
    expect(
      proxyFor(url('https://a.test'), {
        https_proxy: 'http://lower:1',
        HTTPS_PROXY: 'http://upper:1'
      })
    ).toBe('http://lower:1')
  })

  it('adds http:// to a proxy given as host:port', () => {
    expect(proxyFor(url('https://a.test'), { HTTPS_PROXY: 'proxy.corp:8080' })).toBe(
      'http://proxy.corp:8080'
    )
  })

  it('goes direct without proxy variables', () => {
    expect(proxyFor(url('https://a.test'), {})).toBeUndefined()
  })

  it('goes direct when NO_PROXY matches', () => {
    expect(
      proxyFor(url('https://app.testsigma.com'), {
        HTTPS_PROXY: 'http://p:1',
        NO_PROXY: 'testsigma.com'
      })
    ).toBeUndefined()
  })
})

describe('NO_PROXY', () => {
  const rules = parseNoProxy(
    'internal.corp, .example.com, *.dev.test,10.0.0.5, api.local:8443,[::1]'
  )
  it.each([
    ['https://internal.corp/x', true],
    ['https://sub.internal.corp/x', true],
    ['https://otherinternal.corp/x', false],
    ['https://example.com/', true],
    ['https://a.b.example.com/', true],
    ['https://notexample.com/', false],
    ['https://x.dev.test/', true],
    ['http://10.0.0.5:8080/', true],
    ['https://api.local:8443/', true],
    ['https://api.local/', false],
    ['http://[::1]:3000/', true],
    ['https://api.currents.dev/', false]
  ])('%s bypass=%s', (u, expected) => {
    expect(bypasses(url(u), rules)).toBe(expected)
  })

  it('* bypasses every host', () => {
    expect(bypasses(url('https://anything.test'), parseNoProxy('*'))).toBe(true)
  })

  it('matches a port rule against the default port of the scheme', () => {
    expect(bypasses(url('https://a.test/'), parseNoProxy('a.test:443'))).toBe(true)
    expect(bypasses(url('http://a.test/'), parseNoProxy('a.test:443'))).toBe(false)
  })
})

describe('proxyLabel', () => {
  it('drops credentials', () => {
    expect(proxyLabel('http://user:secret@proxy.corp:3128')).toBe('http://proxy.corp:3128')
  })
})
