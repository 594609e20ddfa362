// Generated from action.yml by scripts/inputs-table.mjs (npm run build): do not edit.

export interface InputSpec {
  name: string
  description: string
  /** action.yml's default; 'true' / 'false' make a flag boolean (bare means true). */
  default: string
  required: boolean
}

export const INPUTS: readonly InputSpec[] = [
  {
    name: 'provider',
    description: 'The test service: testsigma or currents.',
    default: '',
    required: true
  },
  {
    name: 'api-key',
    description:
      "The provider's API key (pass it from a secret). Masked at once; sent only to api-url. Currents: env CURRENTS_API_KEY when empty; cancel-hook may use record-key instead.",
    default: '',
    required: false
  },
  {
    name: 'record-key',
    description:
      "currents cancel-hook (and a gate's post step): cancel with the record key the test jobs hold, instead of an API key (the API key is used when both are given). Env CURRENTS_RECORD_KEY when empty. Masked at once; sent only to director-url. Needs project-id and a ciBuildId (input, env or the default).",
    default: '',
    required: false
  },
  {
    name: 'director-url',
    description:
      'currents: the reporting service that takes the record key (POST /v1/runs/cancel). Must be https, except on a loopback host.',
    default: 'https://cy.currents.dev',
    required: false
  },
  {
    name: 'api-url',
    description:
      "The provider's API base URL. Defaults to https://app.testsigma.com/api/v1 or https://api.currents.dev/v1. Must be https, except on a loopback host.",
    default: '',
    required: false
  },
  {
    name: 'run-id',
    description:
      "An existing run: a Testsigma test plan result id (a positive integer) or a Currents run id. Needed by status, rerun, reset, delete and Testsigma cancel (Currents cancel without it cancels this workflow run's runs); run then waits for it.",
    default: '',
    required: false
  },
  {
    name: 'wait',
    description:
      'run/rerun: poll until the run is finished. With false, the step ends once the run is started or found; the post step stops that run if the job is later cancelled.',
    default: 'true',
    required: false
  },
  {
    name: 'wait-timeout',
    description:
      'How long to wait in all (finding the run included), e.g. 30m or 1h30m. Then the run is cancelled (see cancel-on-timeout) and the step fails with status timed-out.',
    default: '60m',
    required: false
  },
  {
    name: 'cancel-on-timeout',
    description: 'Cancel the remote run when wait-timeout passes.',
    default: 'true',
    required: false
  },
  {
    name: 'poll-interval',
    description:
      'First delay between polls; later delays grow toward max-poll-interval. Durations: 500ms, 5s, 2m, 1h, 1h30m; a bare number means seconds.',
    default: '5s',
    required: false
  },
  {
    name: 'max-poll-interval',
    description: "Upper bound of the delay between polls (a server's Retry-After may exceed it).",
    default: '30s',
    required: false
  },
  {
    name: 'fail-on-failure',
    description:
      'Fail the step unless the status is passed. With false the outputs still tell the result.',
    default: 'true',
    required: false
  },
  {
    name: 'summary',
    description: 'Write the job summary.',
    default: 'true',
    required: false
  },
  {
    name: 'annotations',
    description:
      'Error annotations for failed tests or specs (spec file annotations for Currents).',
    default: 'true',
    required: false
  },
  {
    name: 'test-plan-id',
    description:
      'testsigma run: the Test Plan id (executionId), a positive integer. Not needed for rerun, which reruns the plan of run-id.',
    default: '',
    required: false
  },
  {
    name: 'environment-id',
    description: 'testsigma: the environmentId to run the plan in, a positive integer.',
    default: '',
    required: false
  },
  {
    name: 'execution-config-id',
    description:
      'testsigma: id of a saved Execution Config (executionConfig.id). At most one of execution-config-id and execution-config-name.',
    default: '',
    required: false
  },
  {
    name: 'execution-config-name',
    description:
      'testsigma: name of a saved Execution Config (executionConfig.name). At most one of execution-config-id and execution-config-name.',
    default: '',
    required: false
  },
  {
    name: 'upload-versions',
    description: 'testsigma: uploadVersions, one DEVICE_ID=UPLOAD_VERSION_ID per line.',
    default: '',
    required: false
  },
  {
    name: 'build-number',
    description: 'testsigma: buildNo recorded with the run.',
    default: '',
    required: false
  },
  {
    name: 'runtime-data',
    description:
      'testsigma: runtimeData, one NAME=VALUE per line (test data parameters for this run).',
    default: '',
    required: false
  },
  {
    name: 'junit-path',
    description:
      "Gates: after the run, save a JUnit XML report of it to this path, creating missing folders (checked before the run starts). testsigma: the service's report (after reruns, the last rerun's). currents: written by the gate, a testsuite per spec with its failed and flaky tests by name.",
    default: '',
    required: false
  },
  {
    name: 'rerun-failed',
    description:
      "testsigma run: after a failed run, rerun only its failed tests up to N times (0 to 10); the last rerun's result decides.",
    default: '0',
    required: false
  },
  {
    name: 'rerun-type',
    description:
      'testsigma rerun: ALL_TESTS, ONLY_FAILED_TESTS, ALL_ITERATIONS, ONLY_FAILED_ITERATIONS or USER_PICKED.',
    default: 'ONLY_FAILED_TESTS',
    required: false
  },
  {
    name: 'test-case-result-ids',
    description:
      'testsigma rerun with USER_PICKED: entries, comma or newline separated, each ID, or ID:ALL, ID:FAILED, ID:PASSED (the iterations of a data-driven test case to rerun), or ID:USER_PICKED:IT IT ... (iteration result ids, space separated).',
    default: '',
    required: false
  },
  {
    name: 'project-id',
    description:
      'currents: the project id. Required for run (finding by build id), cancel-hook and last-failed. Env CURRENTS_PROJECT_ID when empty.',
    default: '',
    required: false
  },
  {
    name: 'ci-build-id',
    description:
      "currents run: the ciBuildId of the run to find. When empty (and branch and tags too): env CURRENTS_CI_BUILD_ID, else <owner>/<repo>-<run id>-<run attempt> (the value Currents recommends for every parallel job of one attempt) or pw:<owner>/<repo>-<run id>-<run attempt> (the one Currents' reporters make themselves): both are looked for. last-failed: the previous attempt's run, by the same rule with <run attempt - 1>.",
    default: '',
    required: false
  },
  {
    name: 'branch',
    description: 'currents find filter: an exact branch name, or a prefix ending in *.',
    default: '',
    required: false
  },
  {
    name: 'tags',
    description: 'currents find filter: tags the run must have, comma or newline separated.',
    default: '',
    required: false
  },
  {
    name: 'machine-ids',
    description:
      "currents reset: 1 to 63 machine ids, comma or newline separated. Default: the machines of the run's failed specs.",
    default: '',
    required: false
  },
  {
    name: 'pw-output-dir',
    description:
      "currents last-failed: Playwright's output folder (its outputDir, relative to the workspace), where .last-run.json is written.",
    default: 'test-results',
    required: false
  },
  {
    name: 'batched-orchestration',
    description:
      'currents reset: the run uses batched orchestration; every reset call then sends isBatchedOr8n: true (never sent otherwise).',
    default: 'false',
    required: false
  },
  {
    name: 'quarantine',
    description:
      'Gates: a YAML file in the repository (e.g. .github/test-quarantine.yml) listing tests that may fail without failing the gate, each with test, file?, reason, until (YYYY-MM-DD, UTC, inclusive) and owner?. Quarantined failures are still reported, as warnings.',
    default: '',
    required: false
  },
  {
    name: 'baseline',
    description:
      'currents gates: a branch (e.g. main) whose latest finished run tells known failures (failing there too) from new ones.',
    default: '',
    required: false
  },
  {
    name: 'baseline-run-id',
    description:
      'Gates: a run of the same provider to compare with; its failures are the known ones.',
    default: '',
    required: false
  },
  {
    name: 'fail-on',
    description:
      'Gates: any (every failure not quarantined fails the gate) or new (only failures that are not known in the baseline; needs baseline or baseline-run-id).',
    default: 'any',
    required: false
  }
]
