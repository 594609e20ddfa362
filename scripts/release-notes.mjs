// Prints the section of CHANGELOG.md for a version, the body of its GitHub release:
// `node scripts/release-notes.mjs v1.2.3 [CHANGELOG.md]`. The section runs from its heading
// (`## [1.2.3] - 2026-01-31`, Keep a Changelog) to the next `## ` heading or the link
// definitions at the end of the file, heading excluded. Exits 1 with an error annotation when
// the file has no such section or the section is empty: a release is not published without
// its notes.
import { readFileSync } from 'node:fs'

const [tag, file = 'CHANGELOG.md'] = process.argv.slice(2)
const fail = message => {
  process.stderr.write(`::error file=${file}::${message}\n`)
  process.exit(1)
}
if (!tag || !/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]*)?$/.test(tag)) {
  fail(`usage: release-notes.mjs vMAJOR.MINOR.PATCH [CHANGELOG.md], got '${tag ?? ''}'`)
}
const version = tag.replace(/^v/, '')
const escaped = version.replace(/[.+]/g, '\\$&')
const heading = new RegExp(`^## \\[?v?${escaped}\\]?(\\s|$)`)

const lines = readFileSync(file, 'utf8').split(/\r?\n/)
const start = lines.findIndex(line => heading.test(line))
if (start < 0) fail(`no section '## [${version}]' in ${file}`)
let end = lines.findIndex((line, i) => i > start && /^(## |\[[^\]]+\]:\s)/.test(line))
if (end < 0) end = lines.length
const body = lines
  .slice(start + 1, end)
  .join('\n')
  .trim()
if (body === '') fail(`the section '## [${version}]' in ${file} is empty`)
process.stdout.write(`${body}\n`)
