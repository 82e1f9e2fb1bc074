/** @module The exponential back-off between retries of a 5xx, network error or timeout. */
import type { NormalizedRetry } from '../options.ts'

/**
 * The wait before retry number `retry` (1-based): `delay × 2^(retry − 1)`, capped at
 * `backoffLimit`, then spread by ±`jitter`. With the defaults: 1 s, 2 s, 4 s, each ±10 %.
 * @param random - a number in [0, 1); 0.5 gives the exact, unjittered delay
 * @example backoffDelay(2, DEFAULT_RETRY, () => 0.5) // 2000
 */
export const backoffDelay = (retry: number, options: NormalizedRetry, random: () => number) => {
  const base = Math.min(options.delay * 2 ** (retry - 1), options.backoffLimit)
  // Jitter spreads the retries of many clients that failed at the same moment.
  return Math.round(base * (1 + options.jitter * (2 * random() - 1)))
}
