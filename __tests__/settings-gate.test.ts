/** The inputs that decide which failures gate: quarantine, baseline, baseline-run-id, fail-on. */
import { describe, expect, it } from '@jest/globals'
import { testSettings } from './fixtures.js'

const currents = (inputs: Record<string, string> = {}) =>
  testSettings({ provider: 'currents', 'test-plan-id': '', 'project-id': 'bAYZ4a', ...inputs })

const messageOf = (read: () => unknown): string => {
  try {
    read()
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('no error')
}

describe('gate settings', () => {
  it('default to failing on any failure, with no quarantine and no baseline', () => {
    expect(testSettings().gate).toEqual({ failOn: 'any' })
  })

  it('read the quarantine path, a baseline branch and fail-on new', () => {
    expect(
      currents({ quarantine: '.github/q.yml', baseline: 'main', 'fail-on': 'new' }).gate
    ).toEqual({ quarantine: '.github/q.yml', baseline: 'main', failOn: 'new' })
    expect(testSettings({ 'baseline-run-id': '1100', 'fail-on': 'new' }).gate).toEqual({
      baselineRunId: '1100',
      failOn: 'new'
    })
  })

  it.each([
    [{ 'fail-on': 'new' }, "Input 'fail-on': 'new' needs a baseline"],
    [{ 'fail-on': 'all' }, "Input 'fail-on'"],
    [
      { baseline: 'main' },
      "Input 'baseline': is a Currents branch; with provider testsigma pass baseline-run-id"
    ],
    [{ 'baseline-run-id': '12 34' }, "Input 'baseline-run-id': '12 34' is not a run id"]
  ])('refuse %j for testsigma', (inputs, message) => {
    expect(messageOf(() => testSettings(inputs))).toContain(message)
  })

  it.each([
    [
      { baseline: 'main', 'baseline-run-id': 'abc' },
      "Input 'baseline': and baseline-run-id are both set"
    ],
    [{ baseline: 'feature/*' }, "Input 'baseline': 'feature/*' is not one branch"],
    [
      { command: 'status', 'run-id': 'abc', quarantine: 'q.yml' },
      "Input 'quarantine': is used only by the gates"
    ]
  ])('refuse %j for currents', (inputs, message) => {
    expect(messageOf(() => currents(inputs))).toContain(message)
  })
})
