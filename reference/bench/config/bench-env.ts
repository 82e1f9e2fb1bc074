/**
 * @module The environment the benchmark gives the server: the `bench` rate-limit profile (every
 * limit x10,000, so the window logic still runs on every request but never throttles), quiet
 * logs, a fixed dev API key and a throwaway data directory. Config modules may read process.env.
 */

export const BENCH_API_KEY = 'brk_benchkey_blueround-bench-key-000000000000'

import { serverProcessEnv } from '../../server/config/server-process-env.ts'

/** Environment for a child `main.ts` process: what `npm run reference` gives it, plus the above. */
export const serverEnv = (dataDir: string): NodeJS.ProcessEnv => ({
  ...serverProcessEnv(),
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  BLUEROUND_DATA_DIR: dataDir,
  BLUEROUND_RATE_LIMITS: 'bench',
  BLUEROUND_DEV_API_KEY: BENCH_API_KEY,
})

/** Environment for the bare Hono process. */
export const bareEnv = (): NodeJS.ProcessEnv => ({ ...process.env })
