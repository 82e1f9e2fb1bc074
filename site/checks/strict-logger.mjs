// @ts-check
/**
 * @module Astro logger destination that makes every warning fatal, like `sphinx-build -W`.
 *
 * It prints like Astro's Node logger, records each warning, and sets a failing exit code. The
 * `strict-build` integration then fails the build at its end, listing every warning.
 */
import nodeLogger from 'astro/logger/node'

/** @typedef {{ warnings: string[] }} StrictState */

// Shared through globalThis because Astro may load this module and the integration separately.
const shared = /** @type {{ __blueroundStrict?: StrictState }} */ (globalThis)

/** @type {StrictState} */
export const strictState = (shared.__blueroundStrict ??= { warnings: [] })

/** @param {Record<string, unknown> | undefined} config */
export default function strictLogger(config) {
  const inner = nodeLogger(config)
  return {
    /** @param {import('astro').AstroLoggerMessage} event */
    write(event) {
      inner.write(event)
      if (event.level === 'warn') {
        strictState.warnings.push(`[${event.label ?? 'astro'}] ${event.message}`)
        process.exitCode = 1
      }
    },
  }
}
