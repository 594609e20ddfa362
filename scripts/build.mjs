// Builds the committed bundles: dist/index.js (main) and dist/post.js (post), which GitHub
// runs, and dist/cli.js (the `test-run-gate` bin), each one file plus lazily loaded chunks,
// with ncc. Run as `npm run build`. First writes src/cli/inputs.ts from action.yml. Builds into
// a fresh folder and swaps it in at the end, so a test running meanwhile never sees half a dist/.
import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { inputsModule } from './inputs-table.mjs'

const INPUTS_MODULE = join('src', 'cli', 'inputs.ts')
const generated = await format(inputsModule(), {
  ...(await resolveConfig(INPUTS_MODULE)),
  filepath: INPUTS_MODULE
})
if (!existsSync(INPUTS_MODULE) || readFileSync(INPUTS_MODULE, 'utf8') !== generated) {
  writeFileSync(INPUTS_MODULE, generated)
}

const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
const work = mkdtempSync('.build-')
const out = join(work, 'dist')
try {
  for (const [entry, name] of [
    ['src/main.ts', 'index'],
    ['src/post.ts', 'post'],
    ['src/cli.ts', 'cli']
  ]) {
    const bundle = join(work, name)
    execFileSync(
      process.execPath,
      [ncc, 'build', entry, '-o', bundle, '--minify', '--license', 'licenses.txt', '--quiet'],
      { stdio: 'inherit' }
    )
    for (const file of readdirSync(bundle)) {
      const target = join(out, file === 'index.js' ? `${name}.js` : file)
      // Chunks shared by both bundles (and package.json, licenses) must be identical.
      if (existsSync(target) && file !== 'licenses.txt') {
        if (!readFileSync(target).equals(readFileSync(join(bundle, file)))) {
          throw new Error(`build: ${target} would be written differently by two bundles`)
        }
        continue
      }
      cpSync(join(bundle, file), target)
    }
  }
  const old = join(work, 'old')
  if (existsSync('dist')) renameSync('dist', old)
  renameSync(out, 'dist')
} finally {
  rmSync(work, { recursive: true, force: true })
}
