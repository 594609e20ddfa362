// Builds the two committed bundles GitHub runs: dist/index.js (main) and dist/post.js (post),
// each one file (plus lazily loaded chunks), with ncc. Run as `npm run build`.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
const tmp = '.build'
rmSync('dist', { recursive: true, force: true })
rmSync(tmp, { recursive: true, force: true })
for (const [entry, name] of [
  ['src/main.ts', 'index'],
  ['src/post.ts', 'post']
]) {
  const out = join(tmp, name)
  execFileSync(
    process.execPath,
    [ncc, 'build', entry, '-o', out, '--minify', '--license', 'licenses.txt', '--quiet'],
    { stdio: 'inherit' }
  )
  mkdirSync('dist', { recursive: true })
  for (const file of readdirSync(out)) {
    const target = join('dist', file === 'index.js' ? `${name}.js` : file)
    if (file === 'licenses.txt' || file === 'package.json') {
      if (!existsSync(target)) renameSync(join(out, file), target)
      continue
    }
    if (existsSync(target)) throw new Error(`build: ${target} would be written by two bundles`)
    cpSync(join(out, file), target)
  }
}
rmSync(tmp, { recursive: true, force: true })
