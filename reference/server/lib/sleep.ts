/** @module Timer helpers that never keep the process alive on their own. */

/** Resolves after `ms`; only used by fault injection's artificial delay. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref()
  })

/**
 * Races `work` against a timer. The timer is cleared as soon as `work` settles.
 * Not `async`: it runs on every request (the API timeout), and one promise with one reaction is
 * cheaper than an `async` frame around `Promise.race`.
 * @param onTimeout - builds the error thrown when the timer wins
 */
export const withTimeout = <T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms)
    timer.unref()
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
