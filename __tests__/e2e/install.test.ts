/**
 * The CLI installed the ways the README gives (issue 23, item 1), with no network: the package
 * has no runtime dependencies, so an install needs nothing but the package itself.
 *
 * - From a packed tarball (`npm pack`, then `npm install --offline <file>`): what a registry
 *   release installs, the files package.json lists.
 * - From a tarball URL, as GitHub serves a tag's archive
 *   (`npx --package=https://github.com/ORG/test-run-gate/archive/refs/tags/v1.tar.gz`): here
 *   `git archive` of HEAD served on 127.0.0.1, and the registry pointed at the same server, so
 *   that any request besides the tarball would be seen. npm installs a remote tarball as it is,
 *   without preparing it.
 * - The `github:` form for contrast: npm prepares a git dependency whose package.json has a
 *   `build` (or prepare, install…) script by installing all its devDependencies in the clone
 *   first. Offline, with an empty cache, that preparation is what fails, and says so.
 *
 * Each npm gets a private cache (`--cache`) in a temp folder, so the machine's cache neither
 * helps nor changes, and its logs stay in the temp folder.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { delimiter, dirname, join } from 'node:path'
import { makeTempDir } from '../temp-dirs.js'
import { ROOT } from './runner.js'

interface Ran {
  code: number
  stdout: string
  stderr: string
}

/**
 * Node 24 of the npm scripts first on PATH: npm and the installed bin (`env node`) run on it.
 * Without the npm_config_* variables of the `npm run` that started jest (`-s` sets the log
 * level to silent, which would hide npm's errors): each npm here has its own flags.
 */
const env = Object.fromEntries(
  Object.entries({
    ...process.env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`
  }).filter(([name]) => !/^npm_config_/i.test(name))
)

function run(file: string, args: string[], cwd: string): Promise<Ran> {
  return new Promise(resolve =>
    execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        stdout: String(stdout),
        stderr: String(stderr)
      })
    )
  )
}

/** What an npm install put in a node_modules folder: its entries and its lockfile's packages. */
function installed(nodeModules: string): { entries: string[]; packages: string[] } {
  const lock = JSON.parse(readFileSync(join(nodeModules, '.package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>
  }
  return {
    entries: readdirSync(nodeModules).sort(),
    packages: Object.keys(lock.packages)
  }
}

const ONLY_THE_PACKAGE = {
  entries: ['.bin', '.package-lock.json', 'test-run-gate'],
  packages: ['node_modules/test-run-gate']
}

const NPM_QUIET = ['--no-audit', '--no-fund', '--no-update-notifier']

describe('installing the CLI without a registry', () => {
  it('from a packed tarball: npm install --offline <file> installs the package alone, and its bin runs', async () => {
    const tmp = makeTempDir('trg-install-tgz-')
    const cache = join(tmp, 'cache')
    const pack = await run(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp, '--cache', cache],
      ROOT
    )
    expect({ code: pack.code, stderr: pack.code === 0 ? '' : pack.stderr }).toEqual({
      code: 0,
      stderr: ''
    })
    const [{ filename }] = JSON.parse(pack.stdout) as Array<{ filename: string }>
    const prefix = join(tmp, 'prefix')
    mkdirSync(prefix)
    const install = await run(
      'npm',
      [
        'install',
        '--offline',
        ...NPM_QUIET,
        '--cache',
        cache,
        '--prefix',
        prefix,
        join(tmp, filename)
      ],
      tmp
    )
    expect({ code: install.code, stderr: install.code === 0 ? '' : install.stderr }).toEqual({
      code: 0,
      stderr: ''
    })
    const nodeModules = join(prefix, 'node_modules')
    expect(installed(nodeModules)).toEqual(ONLY_THE_PACKAGE)
    // The files package.json lists, and package.json: no source, test or tool of the repository.
    expect(readdirSync(join(nodeModules, 'test-run-gate')).sort()).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'action.yml',
      'dist',
      'package.json'
    ])
    const help = await run(join(nodeModules, '.bin', 'test-run-gate'), ['--help'], tmp)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: test-run-gate <command>/)
  })

  describe('from a tarball URL (a GitHub archive of a tag)', () => {
    let server: Server
    let base: string
    const requests: string[] = []
    beforeAll(async () => {
      const tmp = makeTempDir('trg-install-archive-')
      const archive = join(tmp, 'v1.tar.gz')
      // GitHub's archive of tag v1 holds the tree in one folder, named after the repo and tag.
      const git = await run(
        'git',
        ['archive', '--format=tar.gz', '--prefix=test-run-gate-v1/', '-o', archive, 'HEAD'],
        ROOT
      )
      expect({ code: git.code, stderr: git.stderr }).toEqual({ code: 0, stderr: '' })
      const body = readFileSync(archive)
      server = createServer((req, res) => {
        requests.push(`${req.method} ${req.url}`)
        if (req.method === 'GET' && req.url === '/v1.tar.gz') {
          res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length })
          res.end(body)
        } else {
          res.writeHead(404, { 'content-type': 'application/json' })
          res.end('{"error":"not found"}')
        }
      })
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

    it('npm exec --package=<url> runs test-run-gate, having fetched that tarball and nothing else', async () => {
      const tmp = makeTempDir('trg-install-url-')
      const cache = join(tmp, 'cache')
      const r = await run(
        'npm',
        [
          'exec',
          '--yes',
          ...NPM_QUIET,
          '--cache',
          cache,
          '--registry',
          `${base}/registry/`,
          `--package=${base}/v1.tar.gz`,
          '--',
          'test-run-gate',
          '--help'
        ],
        tmp
      )
      expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({
        code: 0,
        stderr: ''
      })
      expect(r.stdout).toMatch(/^Usage: test-run-gate <command>/)
      // npm reads the tarball more than once (manifest, then the install): never anything else.
      expect(requests.length).toBeGreaterThan(0)
      expect(new Set(requests)).toEqual(new Set(['GET /v1.tar.gz']))
      // npx's install of the package: the package alone (the whole archive, dist/ committed).
      const npx = join(cache, '_npx')
      const [hash, ...more] = readdirSync(npx)
      expect(more).toEqual([])
      const nodeModules = join(npx, hash, 'node_modules')
      expect(installed(nodeModules)).toEqual(ONLY_THE_PACKAGE)
      expect(existsSync(join(nodeModules, 'test-run-gate', 'dist', 'cli.js'))).toBe(true)
    })
  })

  it('the github: form prepares the clone by installing every devDependency first (offline: that is what fails)', async () => {
    const tmp = makeTempDir('trg-install-git-')
    const prefix = join(tmp, 'prefix')
    mkdirSync(prefix)
    const r = await run(
      'npm',
      [
        'install',
        '--offline',
        ...NPM_QUIET,
        '--cache',
        join(tmp, 'cache'),
        '--prefix',
        prefix,
        `git+file://${ROOT}#HEAD`
      ],
      tmp
    )
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('git dep preparation failed')
    // The preparation: `npm install --include=dev` in the clone, i.e. all of devDependencies.
    expect(r.stderr).toMatch(/ install .*--include=dev/)
    expect(r.stderr).toContain('ENOTCACHED')
    expect(existsSync(join(prefix, 'node_modules', 'test-run-gate'))).toBe(false)
    // A clone of the repository and npm's failing install in it: slower than the others.
  }, 180_000)
})
