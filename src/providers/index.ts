import type { HttpClient } from '../http/http.js'
import type { Settings } from '../settings/settings.js'
import { createCurrents } from './currents/provider.js'
import type { Provider } from './provider.js'
import { createTestsigma } from './testsigma/provider.js'

export function createProvider(settings: Readonly<Settings>, http: HttpClient): Provider {
  return settings.provider === 'testsigma'
    ? createTestsigma(settings.testsigma, http, new URL(settings.apiUrl).origin)
    : createCurrents(settings.currents, settings.github, http, settings.credential)
}
