/**
 * A step's stdout as a person sees it in the GitHub log, for `npm run demo` and `npm run local`:
 * workflow commands are rendered the way the web UI renders them (`::error title=T::msg` as
 * "Error: T: msg", groups folded under their name, `%3A`-style escapes undone, masked values
 * as ***), and debug lines are hidden unless debug logging is on (ACTIONS_STEP_DEBUG).
 */

export interface LogOptions {
  /** Show debug lines and open groups, as a re-run with debug logging does. */
  debug?: boolean
}

/** @actions/core's escaping of command data and properties (toCommandValue, escapeProperty). */
function unescape(s: string, property = false): string {
  let out = s.replace(/%0D/g, '\r').replace(/%0A/g, '\n')
  if (property) out = out.replace(/%3A/g, ':').replace(/%2C/g, ',')
  return out.replace(/%25/g, '%')
}

const LABEL: Record<string, string> = { error: 'Error', warning: 'Warning', notice: 'Notice' }

/** `::name k=v,k=v::data` (the runner trims leading whitespace before it parses a command). */
function parseCommand(
  line: string
): { name: string; props: Record<string, string>; data: string } | undefined {
  const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line.trimStart())
  if (!m) return undefined
  const props: Record<string, string> = {}
  for (const pair of (m[2] ?? '').split(',')) {
    const at = pair.indexOf('=')
    if (at > 0) props[pair.slice(0, at)] = unescape(pair.slice(at + 1), true)
  }
  return { name: m[1].toLowerCase(), props, data: unescape(m[3]) }
}

/** The lines the GitHub log shows for this stdout. */
export function githubLog(stdout: string, opts: LogOptions = {}): string[] {
  const out: string[] = []
  const masks: string[] = []
  let group: { name: string; lines: string[] } | undefined
  const mask = (s: string) => masks.reduce((t, m) => t.split(m).join('***'), s)
  const emit = (text: string) => {
    const [first, ...rest] = mask(text).split(/\r?\n/)
    const lines = [first, ...rest.map(l => `  ${l}`)]
    if (group) group.lines.push(...lines)
    else out.push(...lines)
  }
  const closeGroup = () => {
    if (!group) return
    if (opts.debug) out.push(`▾ ${group.name}`, ...group.lines.map(l => `  ${l}`))
    else out.push(`▸ ${group.name} (folded: ${group.lines.length} lines)`)
    group = undefined
  }
  for (const line of stdout.split(/\r?\n/)) {
    const command = parseCommand(line)
    if (!command) {
      if (line !== '') emit(line)
      continue
    }
    const { name, props, data } = command
    if (name === 'add-mask') {
      if (data) masks.push(data)
    } else if (name === 'debug') {
      if (opts.debug) emit(`Debug: ${data}`)
    } else if (LABEL[name]) {
      emit(`${LABEL[name]}: ${props.title ? `${props.title}: ` : ''}${data}`)
    } else if (name === 'group') {
      closeGroup()
      group = { name: mask(data), lines: [] }
    } else if (name === 'endgroup') {
      closeGroup()
    }
    // Other commands (echo, stop-commands, the legacy set-output) print nothing.
  }
  closeGroup()
  return out
}
