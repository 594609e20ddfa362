/**
 * Making untrusted text (API messages, spec paths, test titles) inert: in the log, where a line
 * starting with `::` (after the runner trims leading spaces) or `##[` would be a workflow
 * command, and in markdown, where it could break the summary's tables or inject HTML.
 */
import { CONTROL_RUNS } from '../model/control.js'

/** Control characters, including CR/LF, and the Unicode line/paragraph separators. */
const CONTROL = CONTROL_RUNS

/** One log line that cannot act as a workflow command. */
export function safeLine(text: string): string {
  // The runner's legacy parser finds `##[` anywhere in a line (actions/runner
  // ActionCommand.TryParse), so break it up wherever it is, with a zero-width space.
  const line = text.replace(CONTROL, ' ').replace(/##\[/g, '##\u200b[')
  return /^\s*::/.test(line) ? `> ${line}` : line
}

/** Text for a markdown table cell or paragraph: one line, every markup character an entity. */
export function md(text: string | number | undefined, max = 500): string {
  if (text === undefined || text === '') return ''
  let s = String(text).replace(CONTROL, ' ').trim()
  if (s.length > max) s = `${s.slice(0, max - 1)}…`
  return s.replace(/[\\`*_[\]<>|&#!~]/g, c => `&#${c.charCodeAt(0)};`)
}

/** A markdown link, or the escaped label alone when the URL is not a plain http(s) URL. */
export function mdLink(label: string, url: string | undefined): string {
  if (url === undefined || !/^https?:\/\/[^\s<>"'`]+$/i.test(url)) return md(label)
  // encodeURIComponent leaves ( ) alone: a ) would end the link and a | split the table cell.
  const safe = url.replace(/[()|]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `[${md(label)}](${safe})`
}

/**
 * Text with the API key removed, as sent and as md() escaped it (a key with _ or * in it): the
 * summary and the check run are not masked like the log, should an API echo the key.
 */
export function withoutKey(text: string, key: string): string {
  if (!key) return text
  return [key, md(key, Infinity)].reduce((s, k) => s.split(k).join('***'), text)
}

/**
 * Multi-line text for a `<pre>` in a markdown HTML block: markup characters as entities, as
 * md() writes them (no tag can open or close, and should a renderer read the block as markdown
 * after all, no link or table either), control characters dropped, and no blank line, which
 * would end the HTML block and let the rest be read as markdown.
 */
export function preText(text: string, max = 4000): string {
  const s = text.length > max ? `${text.slice(0, max - 1)}…` : text
  return (
    s
      .split(/\r?\n/)
      .map(l => l.replace(CONTROL, ' ').trimEnd())
      .filter(l => l.trim() !== '')
      .map(l => l.replace(/[\\`*_[\]<>|&#!~]/g, c => `&#${c.charCodeAt(0)};`))
      // A line of the file that reads like a workflow command would be one if it reached a log.
      .map(l => l.replace(/^(\s*):/, '$1&#58;'))
      .join('\n')
  )
}

/** A folded block with the rest of a test's error; '' when there is none. */
export function detailsBlock(summary: string, details: string | undefined): string {
  const pre = details === undefined ? '' : preText(details)
  if (pre === '') return ''
  return `<details><summary>${md(summary, 200)}</summary><pre>\n${pre}\n</pre></details>`
}
