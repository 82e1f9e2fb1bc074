/**
 * @module How `npm run reference` starts the server process: Node's compile cache
 * (`NODE_COMPILE_CACHE`, see `bundle/server-bundle.ts`) on, so a start skips stripping the types
 * of `main.ts` and compiling the bundle, and {@link SERVER_NODE_FLAGS}. Whoever else starts
 * `main.ts` (`npm start`, the benchmarks, the bundle build's warm-up) passes the same. A
 * `NODE_COMPILE_CACHE` of the caller's own wins.
 */
import { COMPILE_CACHE_DIR } from '../bundle/server-bundle.ts'

export const serverProcessEnv = (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({
  NODE_COMPILE_CACHE: COMPILE_CACHE_DIR,
  ...env,
})

/**
 * Node flags for the server process; `package.json`'s `reference` script spells out the same
 * (`server-process-env.test.ts` checks). `--min-semi-space-size=16`: V8's young generation starts
 * at 16 MB instead of 1 MB. Start-up allocates about 20 MB that lives as long as the process (the
 * modules, the routes' schemas, the app), which otherwise costs six scavenges, each copying what
 * survived so far: about 15 ms of a 300 ms start (`npm run bench:server`, alternating runs). It is
 * not allowed in `NODE_OPTIONS`, hence a flag.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--min-semi-space-size=16']
