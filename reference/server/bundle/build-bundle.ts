/**
 * @module `node reference/server/bundle/build-bundle.ts [--if-stale]`: bundles the server into
 * `.cache/server/<build>/boot.mjs` with esbuild and writes the manifest `main.ts` checks. Run by
 * `npm run reference` (and the benchmark) before starting; about half a second, skipped with
 * `--if-stale` while the bundle is fresh.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { builtinModules } from 'node:module'
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'
import {
  BUNDLE_DIR,
  BUNDLE_MANIFEST,
  COMPILE_CACHE_DIR,
  REPO_ROOT,
  checkBundle,
  describeInput,
  type BundleInput,
  type BundleManifest,
} from './server-bundle.ts'
import { serverProcessEnv } from '../config/server-process-env.ts'

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

const BUILTIN = new RegExp(
  `^(?:node:.+|${builtinModules.map((m) => m.replace('/', '\\/')).join('|')})$`,
)

/**
 * Built-ins left to `import`: esbuild's CommonJS interop copies every property of `node:util`,
 * which starts its lazy `TextDecoder` (ICU data) at once; its ES namespace is cheaper.
 */
const NAMESPACE_BUILTINS = new Set(['util', 'node:util'])

/**
 * Loads Node's built-in modules with `require` instead of `import`. An ES import of a built-in
 * builds its module namespace, which reads every export, lazy getters included: `node:http`'s
 * alone pulls in undici (~30 ms). `require` hands back the object and reads only what the code
 * uses. esbuild's `__require` shim calls the bundle's own `require` (see the banner).
 */
const builtinsViaRequire: Plugin = {
  name: 'builtins-via-require',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, (args) =>
      (args.kind === 'import-statement' || args.kind === 'dynamic-import') &&
      !NAMESPACE_BUILTINS.has(args.path)
        ? { path: args.path, namespace: 'builtin-require' }
        : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)})`,
      loader: 'js',
    }))
  },
}

/**
 * prom-client's entry loads its Pushgateway, and with it Node's HTTPS and TLS stacks, at import
 * time; the reference server never pushes. prom-client gets a stand-in that loads the real class
 * (bundled as usual) on first use. No bundler option defers a CommonJS `require` like this.
 */
export const lazyPushgateway: Plugin = {
  name: 'lazy-prom-client-pushgateway',
  setup(build) {
    build.onResolve({ filter: /^\.\/lib\/pushgateway$/ }, (args) =>
      /[\\/]prom-client[\\/]index\.js$/.test(args.importer)
        ? {
            path: path.join(path.dirname(args.importer), 'lib', 'pushgateway.js'),
            namespace: 'lazy-pushgateway',
          }
        : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'lazy-pushgateway' }, (args) => ({
      contents:
        `module.exports = function Pushgateway(...args) {\n` +
        `  const Real = require(${JSON.stringify(args.path)})\n` +
        `  return new Real(...args)\n}\n`,
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }))
  },
}

/**
 * zod's entry re-exports every one of its ~45 message locales (`z.locales`), 345 KB, about a
 * fifth of the bundle, which every start reads, decodes and compiles; the server uses only the
 * English messages zod configures by default. The bundle gets a `locales` with just `en`: code
 * that asks for another locale (`z.locales.de`) would get `undefined`. `onlyEnglishZodLocales`'s
 * test checks that zod's messages and `z.locales.en` still work from a bundle.
 */
export const onlyEnglishZodLocales: Plugin = {
  name: 'only-english-zod-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](?:classic|core|mini)[\\/]/.test(args.importer)
        ? {
            path: path.join(path.dirname(args.importer), '../locales/index.js'),
            namespace: 'zod-locales',
          }
        : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from './en.js'\n`,
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }))
  },
}

/** Gives the ES module bundle a `require` for the CommonJS packages and built-ins it carries. */
export const REQUIRE_BANNER =
  "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);"

/** Past this size the compile cache is emptied before warming (old bundles' code piles up). */
const COMPILE_CACHE_MAX_BYTES = 256 * 1024 * 1024

const directoryBytes = (dir: string): number => {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size
  return total
}

/**
 * Imports the new bundle once in a child process with the compile cache on, so V8's code for it is
 * on disk before the first real start (importing runs only module set-up: `boot.ts` starts
 * nothing until `run()` is called).
 */
const warmCompileCache = (entry: string): void => {
  if (existsSync(COMPILE_CACHE_DIR) && directoryBytes(COMPILE_CACHE_DIR) > COMPILE_CACHE_MAX_BYTES)
    rmSync(COMPILE_CACHE_DIR, { recursive: true, force: true })
  const script = `await import(${JSON.stringify(pathToFileURL(entry).href)}); process.exit(0)`
  execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
    stdio: 'inherit',
    env: serverProcessEnv(),
  })
}

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
    plugins: [builtinsViaRequire, lazyPushgateway, onlyEnglishZodLocales],
    // A third smaller, so less to read and hash at every start; names stay as written, and
    // NODE_OPTIONS=--enable-source-maps maps stack traces back to the sources.
    minifyWhitespace: true,
    minifySyntax: true,
    // CommonJS packages inside an ES module bundle still call `require` for Node built-ins.
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
  })
  const own = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'))
  const inputs = [...own, 'node_modules/.package-lock.json']
    .map((file) => describeInput(file))
    .filter((input): input is BundleInput => input !== undefined)
  warmCompileCache(path.join(outdir, 'boot.mjs'))
  const manifest: BundleManifest = { node: process.version, entry: `${id}/boot.mjs`, inputs }
  // Written to a temporary name and renamed, so a concurrent start never reads half a manifest.
  const temporary = `${BUNDLE_MANIFEST}.${id}`
  writeFileSync(temporary, JSON.stringify(manifest))
  renameSync(temporary, BUNDLE_MANIFEST)
  // Older builds go after a day: a server started from one may still import its lazy chunks.
  for (const entry of readdirSync(BUNDLE_DIR, { withFileTypes: true })) {
    const dir = path.join(BUNDLE_DIR, entry.name)
    const old = entry.name !== id && dir !== COMPILE_CACHE_DIR
    if (entry.isDirectory() && old && statSync(dir).mtimeMs < Date.now() - DAY_MS)
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
