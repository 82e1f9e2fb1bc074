/**
 * @module Proactive rate limiting: remembers the last `X-RateLimit-Remaining` and
 * `X-RateLimit-Reset` per class, counts down for requests in flight, and says how long to wait
 * before the next request so it does not meet a 429.
 * @see https://docs.blueround.com/sdk/rate-limits/
 */
import type { RateLimitClass } from './classify.ts'

interface ClassState {
  remaining: number
  /** Epoch milliseconds when a slot frees up. */
  resetAt: number
}

/** Per-client rate-limit state. Processes and other clients keep their own, which is why 429 can still happen. */
export class RateLimitTracker {
  readonly #state = new Map<RateLimitClass, ClassState>()
  readonly #margin: number

  /** @param margin - added to `Reset − now`, in ms (0.1 s by default) */
  constructor(margin: number) {
    this.#margin = margin
  }

  /** Milliseconds to sleep before sending: `Reset − now + margin` when none are left, else 0. */
  delayBefore(klass: RateLimitClass, now: number): number {
    const state = this.#state.get(klass)
    if (state === undefined || state.remaining > 0 || state.resetAt <= now) return 0
    return state.resetAt - now + this.#margin
  }

  /** A request of `klass` is about to go out: count it until its response says otherwise. */
  onSend(klass: RateLimitClass): void {
    const state = this.#state.get(klass)
    if (state !== undefined && state.remaining > 0) state.remaining -= 1
  }

  /** Records the headers of a response; ignores responses without them. */
  record(klass: RateLimitClass, headers: Headers): void {
    const remaining = Number(headers.get('x-ratelimit-remaining') ?? Number.NaN)
    const reset = Number(headers.get('x-ratelimit-reset') ?? Number.NaN)
    if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return
    // X-RateLimit-Reset is in Unix epoch seconds.
    this.#state.set(klass, { remaining: Math.max(0, remaining), resetAt: reset * 1000 })
  }

  /**
   * A 429 said to wait until `until`. Retry-After is exact where Reset is rounded up to whole
   * seconds, so it wins: the retry that waited it out is not held back a second time.
   */
  recordRetryAfter(klass: RateLimitClass, until: number): void {
    this.#state.set(klass, { remaining: 0, resetAt: until })
  }

  /** The state of one class, for tests and diagnostics. */
  snapshot(klass: RateLimitClass): Readonly<ClassState> | undefined {
    const state = this.#state.get(klass)
    return state === undefined ? undefined : { ...state }
  }
}
