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

const NPM_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/
const LICENSE_ID = /^[A-Za-z0-9.+()-]+(?: (?:OR|AND|WITH) [A-Za-z0-9.+()-]+)*$/

/**
 * ncc's license plugin writes one file per chunk, and under one name the last chunk's wins
 * (license-webpack-plugin's perChunkOutput): a bundle with a lazy chunk (Octokit, the XML
 * parser) would ship only that chunk's licenses. So each chunk writes `[name].licenses.txt`
 * and they are merged here: blocks of `name`, `license id`, text, each package once, by name.
 */
function mergeLicenses(texts) {
  const blocks = new Map()
  for (const text of texts) {
    const lines = text.trimEnd().split('\n')
    let name
    for (let i = 0; i < lines.length; i++) {
      const starts =
        (i === 0 || lines[i - 1] === '') &&
        NPM_NAME.test(lines[i]) &&
        LICENSE_ID.test(lines[i + 1] ?? '')
      if (starts) {
        name = lines[i]
        if (!blocks.has(name)) blocks.set(name, [])
        else name = `${name}\0duplicate`
      }
      if (name !== undefined && !name.endsWith('\0duplicate')) blocks.get(name).push(lines[i])
    }
  }
  return (
    [...blocks.keys()]
      .sort()
      .map(name => blocks.get(name).join('\n').trimEnd())
      .join('\n\n') + '\n'
  )
}

try {
  const licenses = []
  for (const [entry, name] of [
    ['src/main.ts', 'index'],
    ['src/post.ts', 'post'],
    ['src/cli.ts', 'cli']
  ]) {
    const bundle = join(work, name)
    execFileSync(
      process.execPath,
      [
        ncc,
        'build',
        entry,
        '-o',
        bundle,
        '--minify',
        '--license',
        '[name].licenses.txt',
        '--quiet'
      ],
      { stdio: 'inherit' }
    )
    for (const file of readdirSync(bundle)) {
      if (file.endsWith('.licenses.txt')) {
        licenses.push(readFileSync(join(bundle, file), 'utf8'))
        continue
      }
      const target = join(out, file === 'index.js' ? `${name}.js` : file)
      // Chunks shared by both bundles (and package.json) must be identical.
      if (existsSync(target)) {
        if (!readFileSync(target).equals(readFileSync(join(bundle, file)))) {
          throw new Error(`build: ${target} would be written differently by two bundles`)
        }
        continue
      }
      cpSync(join(bundle, file), target)
    }
  }
  writeFileSync(join(out, 'licenses.txt'), mergeLicenses(licenses))
  const old = join(work, 'old')
  if (existsSync('dist')) renameSync('dist', old)
  renameSync(out, 'dist')
} finally {
  rmSync(work, { recursive: true, force: true })
}
