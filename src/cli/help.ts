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

export function helpText(): string {
  const flags = FLAG_INPUTS.map(i => {
    const value = i.default === 'true' || i.default === 'false' ? '' : ' <value>'
    const def = i.default !== '' ? ` (default: ${i.default})` : i.required ? ' (required)' : ''
    const key =
      i.name === 'api-key' ? ' Better: the env TESTSIGMA_API_KEY or CURRENTS_API_KEY.' : ''
    return `  --${i.name}${value}${def}\n${wrap(i.description + key, 6)}`
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
    'Flags (the inputs of the GitHub Action; a bare boolean flag means true):',
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
