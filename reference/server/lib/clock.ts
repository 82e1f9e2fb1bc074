/** @module Clock: the one source of "now" for rate-limit windows, TTLs and envelope timestamps. */

/** Milliseconds since the Unix epoch. Injected so tests can move time without sleeping. */
export interface Clock {
  now(): number
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() }

/** A clock that only moves when told to; for tests. */
export interface FakeClock extends Clock {
  advance(ms: number): void
  set(ms: number): void
}

/**
 * @param start - initial time in epoch milliseconds
 * @default start 1_767_225_600_000 (2026-01-01T00:00:00Z)
 */
export const createFakeClock = (start = 1_767_225_600_000): FakeClock => {
  let current = start
  return {
    now: () => current,
    advance: (ms) => {
      current += ms
    },
    set: (ms) => {
      current = ms
    },
  }
}
