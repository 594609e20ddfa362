// Lets Node 24 run the TypeScript sources directly (type stripping): source files import
// each other as './x.js' (what the compiler and ncc expect), so map such a specifier to
// the './x.ts' beside it when no .js file exists. Used by the demo and the benchmark.
import { registerHooks } from 'node:module'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

registerHooks({
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
