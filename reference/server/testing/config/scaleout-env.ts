/**
 * @module The environment of the scale-out test runs, read in one place: which backend the test
 * apps use and where PostgreSQL and Redis are.
 */

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379'

/** Which backend the test apps of this run use (`BLUEROUND_TEST_BACKEND=postgres`). */
export const testBackend = (): 'embedded' | 'postgres' =>
  process.env['BLUEROUND_TEST_BACKEND'] === 'postgres' ? 'postgres' : 'embedded'

/** `DATABASE_URL`, or this machine's PostgreSQL. */
export const testDatabaseUrl = (): string =>
  process.env['DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL

/** `REDIS_URL`, or this machine's Redis. */
export const testRedisUrl = (): string => process.env['REDIS_URL'] ?? DEFAULT_TEST_REDIS_URL

/** The Redis key prefix of this run (every test app adds its own part). */
export const testRedisPrefix = (): string => process.env['BLUEROUND_TEST_REDIS_PREFIX'] ?? 'bt:'

/** `CI=true`: the scale-out suite must run, not skip. */
export const onCi = (): boolean => process.env['CI'] === 'true'

/** The variables a child test run inherits. */
export const inheritedEnv = (): NodeJS.ProcessEnv => ({ ...process.env })

/** Route-fuzzer cases in the scale-out run (`FUZZ_RUNS`, default 1000). */
export const fuzzRuns = (): string => process.env['FUZZ_RUNS'] ?? '1000'
