/**
 * @module Test helper: an injectable `sleep` that returns at once and moves a clock instead, so
 * tests run instantly and assert the exact delays the SDK chose.
 */
import type { Sleep } from '../src/options.ts'

export interface FakeTime {
  now: () => number
  sleep: Sleep
  /** Every sleep requested, in milliseconds, in order. */
  sleeps: number[]
}

/** @param clock - the reference server's fake clock, so server and SDK share one timeline */
export const createFakeTime = (clock: { now(): number; advance(ms: number): void }): FakeTime => {
  const sleeps: number[] = []
  return {
    now: () => clock.now(),
    sleeps,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted()
      sleeps.push(ms)
      clock.advance(ms)
    },
  }
}
