/** `test-run-gate --help`: the commands, then every flag with its default, from action.yml. */
import { CLI_COMMANDS, FLAG_INPUTS } from './args.js'

const WIDTH = 100

function wrap(text: string, indent: number): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ')
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines.map(l => ' '.repeat(indent) + l).join('\n')
}

/**
 * The flags whose action.yml description speaks of GitHub (secrets, the step, the post step,
 * defaults made from the GitHub run), in the words of a shell.
 */
const CLI_DESCRIPTIONS: Record<string, string> = {
  'api-key':
    "The provider's API key; sent only to api-url, never printed. Better: the env TESTSIGMA_API_KEY or CURRENTS_API_KEY (a flag shows in process lists).",
  'run-id':
    'An existing run: a Testsigma test plan result id (a positive integer) or a Currents run id. Needed by status, cancel, rerun, reset and delete; run then waits for it.',
  wait: 'run/rerun: poll until the run is finished. With false, the command ends once the run is started or found, and the run goes on.',
  'wait-timeout':
    'How long to wait in all (finding the run included), e.g. 30m or 1h30m. Then the run is cancelled (see cancel-on-timeout) and the command fails with status timed-out.',
  'fail-on-failure':
    'Exit 1 unless the status is passed. With false the exit is 0 and --json still tells the result.',
  annotations: 'Log one line per failed test (at most 9, then how many more).',
  'project-id':
    'currents: the project id. Required for run (finding by --ci-build-id) and last-failed.',
  'record-key':
    "currents: the record key the test jobs record with (env CURRENTS_RECORD_KEY). Only the GitHub Action's cancellation hook cancels with it; the CLI's commands need the API key.",
  'ci-build-id':
    'currents run: the ciBuildId of the run to find (or --branch / --tags). last-failed: the ciBuildId of the earlier run whose failed tests to rerun. There is no default outside GitHub Actions.'
}

export function helpText(): string {
  const flags = FLAG_INPUTS.map(i => {
    const value = i.default === 'true' || i.default === 'false' ? '' : ' <value>'
    const def = i.default !== '' ? ` (default: ${i.default})` : i.required ? ' (required)' : ''
    return `  --${i.name}${value}${def}\n${wrap(CLI_DESCRIPTIONS[i.name] ?? i.description, 6)}`
  })
  return [
    'Usage: test-run-gate <command> [--<flag> <value> | --<flag>=<value> ...]',
    '',
    'Trigger or find a Testsigma or Currents test run, wait for it, and exit with its verdict:',
    '0 passed or done, 1 failed, cancelled, timed out or any error, 2 bad usage or input,',
    '130 / 143 after SIGINT / SIGTERM (the remote run is stopped first; a second signal quits).',
    '',
    `Commands: ${CLI_COMMANDS.join(', ')}`,
    '',
    'Flags (a bare boolean flag means true):',
    ...flags,
    '',
    'Output:',
    '  --json            one JSON object with every output on stdout at the end',
    '  --summary <file>  write the markdown summary to a file',
    '  --debug           log every HTTP request (never the key)',
    '  --help, --version',
    ''
  ].join('\n')
}
