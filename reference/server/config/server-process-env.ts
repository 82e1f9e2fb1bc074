/**
 * @module The environment that `npm run reference` gives the server process: Node's compile cache
 * (`NODE_COMPILE_CACHE`, see `bundle/server-bundle.ts`) on, so a start skips stripping the types
 * of `main.ts` and compiling the bundle. Whoever else starts `main.ts` (`npm start`, the
 * benchmarks, the bundle build's warm-up) passes the same. A `NODE_COMPILE_CACHE` of the caller's
 * own wins.
 */
import { COMPILE_CACHE_DIR } from '../bundle/server-bundle.ts'

export const serverProcessEnv = (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({
  NODE_COMPILE_CACHE: COMPILE_CACHE_DIR,
  ...env,
})
