#!/usr/bin/env node
// The version check runs before anything else loads: undici needs Node 22 or newer, and would
// otherwise fail with an unreadable error deep in its code.
const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  process.stderr.write(
    `test-run-gate: Node ${process.versions.node} is too old; use Node 22 or newer (the LTS lines 22 and 24)\n`
  )
  process.exit(2)
}
// A reader that went away (a closed pipe) is no reason to leave the remote run going: the
// gate goes on without its output and still stops what it started.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {})
const { runCli } = await import('./cli/main.js')
const code = await runCli(process.argv.slice(2), process.env)
// The result is written: a request that never answered (after a signal) must not hold us.
process.exit(code)
