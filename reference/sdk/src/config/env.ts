/**
 * @module The only place the SDK reads the environment. In a browser there is no `process`, so
 * nothing is read and every setting must be passed to `new Client()`.
 * @see https://docs.blueround.com/sdk/getting-started/
 */

/** The environment variables the SDK understands. */
export interface RedcoreEnv {
  /** `REDCORE_API_KEY`: the API key used when `apiKey` is not passed. */
  apiKey: string | undefined
  /** `REDCORE_BASE_URL`: the base URL used when `baseUrl` is not passed. */
  baseUrl: string | undefined
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim()

/** Reads `REDCORE_API_KEY` and `REDCORE_BASE_URL`, when the runtime has a process environment. */
export const readEnv = (): RedcoreEnv => {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env
  if (env === undefined) return { apiKey: undefined, baseUrl: undefined }
  return { apiKey: nonEmpty(env['REDCORE_API_KEY']), baseUrl: nonEmpty(env['REDCORE_BASE_URL']) }
}
