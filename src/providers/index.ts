import type { HttpClient } from '../http/http.js'
import type { Settings } from '../settings.js'
import { createCurrents } from './currents.js'
import type { Provider } from './provider.js'
import { createTestsigma } from './testsigma.js'

export function createProvider(settings: Readonly<Settings>, http: HttpClient): Provider {
  return settings.provider === 'testsigma'
    ? createTestsigma(settings.testsigma, http)
    : createCurrents(settings.currents, settings.github, http)
}
