/**
 * The gate's own checkout, where there is one: a path taken from another machine's stack is
 * annotated only when the repository has it (a Playwright spec relative to testDir,
 * `web-app/a.spec.ts`, is not the repository's `tests/web-app/a.spec.ts`).
 */
import { existsSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'

/** A test of repository paths, or undefined when the workspace holds no checkout to ask. */
export function checkoutPaths(
  workspace: string | undefined
): ((path: string) => boolean) | undefined {
  if (workspace === undefined || !existsSync(join(workspace, '.git'))) return undefined
  const root = resolve(workspace)
  return path => {
    const full = resolve(root, path)
    const inside = relative(root, full)
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) && existsSync(full)
  }
}
