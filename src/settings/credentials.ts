/**
 * Which key the gate holds, read once into one union (as currents-dev/cancel-run-gh-action's
 * `inputs.ts` does), so that nothing else asks "which key do I have": the HTTP client picks its
 * destination and header from it, the Currents cancel its endpoint.
 */
export type Credential =
  /** The provider's API key: `Authorization: Bearer`, sent only to api-url. */
  | { kind: 'api-key'; apiKey: string }
  /**
   * Currents' record key, the one the test jobs record with: in the body of `POST
   * {director-url}/v1/runs/cancel`, with no Authorization header, sent only to director-url.
   * Only `cancel-hook` (and its post step) works with it alone (API.md, cancel with the record key).
   */
  | { kind: 'record-key'; recordKey: string; directorUrl: string }

/** Currents' reporting service ("director"), where the record key is accepted. */
export const DEFAULT_DIRECTOR_URL = 'https://cy.currents.dev'

/**
 * The env that Currents' reporters and its own cancel action read when no value is given: one
 * workflow-level `env:` block then serves reporters, hooks and gates alike. Read for provider
 * currents only, when the input is empty.
 */
export const CURRENTS_ENV = {
  'api-key': 'CURRENTS_API_KEY',
  'record-key': 'CURRENTS_RECORD_KEY',
  'project-id': 'CURRENTS_PROJECT_ID',
  'ci-build-id': 'CURRENTS_CI_BUILD_ID'
} as const

/** The secrets a step may hold: the runner masks each before anything can print it. */
export function secretsOf(
  input: (name: string) => string,
  env: Readonly<Record<string, string | undefined>>
): string[] {
  return [
    input('api-key'),
    input('record-key'),
    env[CURRENTS_ENV['api-key']] ?? '',
    env[CURRENTS_ENV['record-key']] ?? ''
  ]
    .map(s => s.trim())
    .filter(Boolean)
}
