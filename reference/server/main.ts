/**
 * @module Entry point: `npm run reference` (`node reference/server/main.ts` under Node 24).
 *
 * It starts hashing the admin password, turns on Node's on-disk compile cache, and then loads
 * `boot.ts`: from the one-file bundle in `.cache/server/` when that is fresh (see
 * `bundle/server-bundle.ts`), otherwise from the sources. Both are the same code; the bundle
 * loads several times faster, which keeps start-up to listening within the 300 ms budget. The
 * cache has to be enabled before the server's modules are imported, hence two files.
 * @see https://docs.blueround.com/reference-server/running/
 */
import module from 'node:module'
import { pathToFileURL } from 'node:url'
import { COMPILE_CACHE_DIR, SCHEMA_TEMPLATE_DIR, checkBundle } from './bundle/server-bundle.ts'
import { readBundlePreference } from './config/bundle-preference.ts'
import { prehashAdminPassword } from './config/prehash.ts'

module.enableCompileCache?.(COMPILE_CACHE_DIR)
const prehash = prehashAdminPassword()

interface Boot {
  run(options: {
    prehash: typeof prehash
    loadedFrom: string
    schemaTemplateDir: string
  }): Promise<void>
}

const loadBoot = async (): Promise<{ boot: Boot; from: string }> => {
  const bundle =
    readBundlePreference() === 'auto' ? checkBundle() : { stale: 'BLUEROUND_BUNDLE=off' }
  if ('entry' in bundle) {
    // Stack traces point into the bundle, whose sections are headed by their source paths. Its
    // source map is not loaded by default: reading and indexing it costs ~40 ms of start-up. Run
    // with NODE_OPTIONS=--enable-source-maps to map traces back to the `.ts` files.
    return { boot: (await import(pathToFileURL(bundle.entry).href)) as Boot, from: 'bundle' }
  }
  return { boot: (await import('./boot.ts')) as Boot, from: `sources (${bundle.stale})` }
}

try {
  const { boot, from } = await loadBoot()
  await boot.run({ prehash, loadedFrom: from, schemaTemplateDir: SCHEMA_TEMPLATE_DIR })
} catch (error) {
  process.stderr.write(
    `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
}
