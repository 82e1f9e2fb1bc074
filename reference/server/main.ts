/**
 * @module Entry point: `npm run reference` (`node reference/server/main.ts` under Node 24).
 *
 * It only turns on Node's on-disk compile cache and then loads `boot.ts`. The cache keeps the
 * type-stripped, compiled modules between runs, which takes start-up to listening well under the
 * 300 ms budget; it has to be enabled before the server's modules are imported, hence two files.
 * @see https://docs.blueround.com/reference-server/running/
 */
import module from 'node:module'
import { prehashAdminPassword } from './config/prehash.ts'

module.enableCompileCache?.()
const prehash = prehashAdminPassword()

try {
  const { run } = await import('./boot.ts')
  await run({ prehash })
} catch (error) {
  process.stderr.write(
    `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
}
