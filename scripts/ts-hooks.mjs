// Lets Node 24 run the TypeScript sources directly (type stripping): source files import
// each other as './x.js' (what the compiler and ncc expect), so map such a specifier to
// the './x.ts' beside it when no .js file exists. Used by the demo and the benchmark.
import module from 'node:module'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// The npm scripts run on the Node 24 of the `node` devDependency, which its install script
// puts first on npm's PATH. Without it (`npm ci --ignore-scripts`, or npm 11 not allowed to
// run it), the machine's older Node would die on a missing export: say why in one line.
const major = Number(process.versions.node.split('.')[0])
if (major < 24 || typeof module.registerHooks !== 'function') {
  process.stderr.write(
    `test-run-gate's npm scripts need Node 24 and this is Node ${process.versions.node}: run \`npm ci\` with install scripts allowed (package.json allowScripts lets the \`node\` devDependency install Node 24), or use Node 24\n`
  )
  process.exit(1)
}

module.registerHooks({
  resolve(specifier, context, nextResolve) {
    if (
      specifier.startsWith('.') &&
      specifier.endsWith('.js') &&
      context.parentURL?.endsWith('.ts')
    ) {
      const tsUrl = new URL(specifier.slice(0, -3) + '.ts', context.parentURL)
      if (existsSync(fileURLToPath(tsUrl))) return nextResolve(tsUrl.href, context)
    }
    return nextResolve(specifier, context)
  }
})
