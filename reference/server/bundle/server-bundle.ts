/**
 * @module The server as one ES module: `npm run reference` bundles `boot.ts` and its dependencies
 * with esbuild into `.cache/server/`, and `main.ts` loads the bundle while it is fresh.
 *
 * Why: loading the server from source means resolving, reading and type-stripping about 750
 * modules (Kysely alone ships 262 files), which took most of the start-up budget. The bundle is one
 * file, loads in a fraction of that, and is what a deployment would run anyway. A stale or missing
 * bundle never changes behaviour: `main.ts` then loads the sources, exactly as before.
 *
 * Freshness is decided from a manifest of every bundled input file with its size and mtime, so an
 * edit to any source file, or a reinstalled package, makes `main.ts` fall back to the sources until
 * the next bundle.
 * @see https://docs.blueround.com/reference-server/running/
 */
import path from 'node:path'

// `process.getBuiltinModule`, not `import ... from 'node:fs'`: `main.ts` loads this file as an ES
// module before anything else, and an ES import of `node:fs` builds its namespace, reading every
// export, lazy `fs.promises` included (~7 ms of start-up). The object itself is already loaded.
const { readFileSync, statSync } = process.getBuiltinModule('node:fs')

/** The repository root (this file is `reference/server/bundle/server-bundle.ts`). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..')
export const BUNDLE_DIR = path.join(REPO_ROOT, '.cache/server')
export const BUNDLE_MANIFEST = path.join(BUNDLE_DIR, 'manifest.json')
/**
 * Node's on-disk compile cache (`NODE_COMPILE_CACHE`): V8's compiled code and Node's type-stripped
 * TypeScript, keyed by file and content. With it a start skips compiling the bundle's 60 000 lines
 * and stripping the types of `main.ts`. The build warms it for the bundle.
 */
export const COMPILE_CACHE_DIR = path.join(BUNDLE_DIR, 'compile-cache')
/** Migrated, empty SQLite databases that new data directories start from (store/schema-template.ts). */
export const SCHEMA_TEMPLATE_DIR = path.join(BUNDLE_DIR, 'schema')

/** One bundled input: a path relative to the repository root, with its size and mtime. */
export interface BundleInput {
  file: string
  size: number
  mtimeMs: number
}

export interface BundleManifest {
  /** The Node version the bundle was built for (`process.version`). */
  node: string
  /** The bundle's entry module, relative to {@link BUNDLE_DIR}. */
  entry: string
  /**
   * The server's own bundled sources, plus `node_modules/.package-lock.json`, which npm rewrites
   * on every install (so the packages' own files need not be checked one by one).
   */
  inputs: BundleInput[]
}

/** Records an input's size and mtime, or `undefined` when it no longer exists. */
export const describeInput = (file: string, root = REPO_ROOT): BundleInput | undefined => {
  try {
    // Inputs are normalized relative paths, so plain concatenation is exact; `path.join` would
    // re-normalize each of the ~300 paths at every start.
    const stat = statSync(`${root}${path.sep}${file}`)
    return { file, size: stat.size, mtimeMs: stat.mtimeMs }
  } catch {
    return undefined
  }
}

/**
 * The fresh bundle's entry file, or why the bundle cannot be used. Costs one `stat` per own source
 * file (a couple of milliseconds for the whole server).
 * @param where - the repository root the inputs are relative to, and the bundle directory
 */
export const checkBundle = (
  where: { root: string; dir: string } = { root: REPO_ROOT, dir: BUNDLE_DIR },
): { entry: string } | { stale: string } => {
  let manifest: BundleManifest
  try {
    manifest = JSON.parse(
      readFileSync(path.join(where.dir, 'manifest.json'), 'utf8'),
    ) as BundleManifest
  } catch {
    return { stale: 'no bundle yet' }
  }
  if (manifest.node !== process.version) return { stale: `bundled for Node ${manifest.node}` }
  for (const input of manifest.inputs) {
    const now = describeInput(input.file, where.root)
    if (now === undefined) return { stale: `${input.file} was removed` }
    if (now.size !== input.size || now.mtimeMs !== input.mtimeMs)
      return { stale: `${input.file} changed` }
  }
  return { entry: path.join(where.dir, manifest.entry) }
}
