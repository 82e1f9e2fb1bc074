/**
 * @module Test helper: bundles a test's `entry.mjs` the way the server bundle is built (ES module
 * for Node 24, the bundle's `require` banner, packages from the repository's `node_modules`), with
 * the plugins a test compares, and returns the output file.
 */
import path from 'node:path'
import { build, type Plugin } from 'esbuild'
import { REQUIRE_BANNER } from './build-bundle.ts'
import { REPO_ROOT } from './server-bundle.ts'

export const bundleTestEntry = async (
  dir: string,
  name: string,
  plugins: Plugin[],
): Promise<string> => {
  const outfile = path.join(dir, `${name}.mjs`)
  await build({
    absWorkingDir: dir,
    entryPoints: [path.join(dir, 'entry.mjs')],
    nodePaths: [path.join(REPO_ROOT, 'node_modules')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile,
    plugins,
    banner: { js: REQUIRE_BANNER },
    logLevel: 'silent',
  })
  return outfile
}
