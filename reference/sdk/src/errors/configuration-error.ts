/** @module The client was constructed with missing or invalid options. */
import { RedcoreError } from './redcore-error.ts'

/**
 * Thrown by `new Client()` when configuration is missing or invalid, before any request:
 * `Missing REDCORE_API_KEY`, `Invalid base_url: …`, or an invalid `timeout` or `retry` option.
 * @see https://docs.blueround.com/sdk/getting-started/
 */
export class ConfigurationError extends RedcoreError {
  override name = 'ConfigurationError'
}

/** Guard for {@link ConfigurationError}. */
export const isConfigurationError = (error: unknown): error is ConfigurationError =>
  error instanceof ConfigurationError
