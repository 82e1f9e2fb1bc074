/**
 * @module Astro integration that fails the build when any warning was logged (see strict-logger).
 *
 * Put it last in `integrations`, so warnings from the other integrations' build hooks count too.
 */
import type { AstroIntegration } from 'astro'
import { strictState } from './strict-logger.mjs'

export default function strictBuild(): AstroIntegration {
  return {
    name: 'blueround-strict-build',
    hooks: {
      'astro:config:setup': () => {
        strictState.warnings.length = 0
      },
      'astro:build:done': () => {
        if (strictState.warnings.length === 0) return
        throw new Error(
          `Strict build: ${strictState.warnings.length} warning(s) are errors here. Fix their causes:\n` +
            strictState.warnings.map((w) => `  - ${w}`).join('\n'),
        )
      },
    },
  }
}
