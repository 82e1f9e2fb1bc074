/** @module Timer helpers that never keep the process alive on their own. */

/** Resolves after `ms`; only used by fault injection's artificial delay. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref()
  })

/**
 * Races `work` against a timer. The timer is cleared as soon as `work` settles.
 * @param onTimeout - builds the error thrown when the timer wins
 */
export const withTimeout = async <T>(
  work: Promise<T>,
  ms: number,
  onTimeout: () => Error,
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
    timer.unref()
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}
