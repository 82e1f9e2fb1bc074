/**
 * @module `node reference/server/bundle/build-bundle.ts [--if-stale]`: bundles the server into
 * `.cache/server/<build>/boot.mjs` with esbuild and writes the manifest `main.ts` checks. Run by
 * `npm run reference` (and the benchmark) before starting; about half a second, skipped with
 * `--if-stale` while the bundle is fresh.
 */
import { randomBytes } from 'node:crypto'
import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import {
  BUNDLE_DIR,
  BUNDLE_MANIFEST,
  REPO_ROOT,
  checkBundle,
  describeInput,
  type BundleInput,
  type BundleManifest,
} from './server-bundle.ts'

/**
 * Left out of the bundle and loaded from `node_modules` as usual: packages that read their own
 * files relative to their install location (fonts, templates), optional native add-ons that a
 * package only tries to load, and large SDKs the server imports lazily.
 */
export const EXTERNAL_PACKAGES = [
  'pg-native',
  'bufferutil',
  'utf-8-validate',
  'pdfkit',
  'fontkit',
  '@aws-sdk/*',
  '@smithy/*',
]

const DAY_MS = 24 * 60 * 60 * 1000

/** Builds the bundle; returns the manifest written. */
export const buildServerBundle = async (): Promise<BundleManifest> => {
  const id = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
  const outdir = path.join(BUNDLE_DIR, id)
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { boot: 'reference/server/boot.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    // Lazily imported modules (SMTP, Redis, PostgreSQL, S3) stay in chunks of their own.
    splitting: true,
    outdir,
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    metafile: true,
    external: EXTERNAL_PACKAGES,
    // CommonJS packages inside an ES module bundle still call `require` for Node built-ins.
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
    logLevel: 'warning',
  })
  const own = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'))
  const inputs = [...own, 'node_modules/.package-lock.json']
    .map((file) => describeInput(file))
    .filter((input): input is BundleInput => input !== undefined)
  const manifest: BundleManifest = { node: process.version, entry: `${id}/boot.mjs`, inputs }
  // Written to a temporary name and renamed, so a concurrent start never reads half a manifest.
  const temporary = `${BUNDLE_MANIFEST}.${id}`
  writeFileSync(temporary, JSON.stringify(manifest))
  renameSync(temporary, BUNDLE_MANIFEST)
  // Older builds go after a day: a server started from one may still import its lazy chunks.
  for (const entry of readdirSync(BUNDLE_DIR, { withFileTypes: true })) {
    const dir = path.join(BUNDLE_DIR, entry.name)
    if (entry.isDirectory() && entry.name !== id && statSync(dir).mtimeMs < Date.now() - DAY_MS)
      rmSync(dir, { recursive: true, force: true })
  }
  return manifest
}

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename
if (isMain) {
  const fresh = checkBundle()
  if (process.argv.includes('--if-stale') && 'entry' in fresh) {
    process.exit(0)
  }
  const started = performance.now()
  const manifest = await buildServerBundle()
  const ms = Math.round(performance.now() - started)
  process.stdout.write(
    `Bundled the reference server (${manifest.inputs.length} source files) in ${ms} ms\n`,
  )
}
