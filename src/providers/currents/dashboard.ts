/**
 * The Currents dashboard's pages, as Currents' own VS Code extension opens them
 * (currents-dev/ide-extension, src/views/runDetail/runDetailPanel.ts at d41811e; kept as
 * __tests__/conformance/fixtures/ide-extension-dashboard-pages.json): a run, a spec's instance,
 * one test of an instance. The REST API answers carry no page URL of their own.
 */
const DASHBOARD = 'https://app.currents.dev'
const segment = encodeURIComponent

export const runPage = (runId: string): string => `${DASHBOARD}/run/${segment(runId)}`

export const instancePage = (instanceId: string): string =>
  `${DASHBOARD}/instance/${segment(instanceId)}`

export const testPage = (instanceId: string, testId: string): string =>
  `${instancePage(instanceId)}/test/${segment(testId)}`
