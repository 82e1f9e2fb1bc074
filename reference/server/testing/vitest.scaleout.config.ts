/**
 * @module Vitest configuration of the scale-out suite (`npm run test:unit:scaleout`): the root
 * configuration, limited to the server, with its own JSON report so that the embedded run's
 * report (`unit.json`) is kept and `npm test`'s closing line counts both runs.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import base from '../../../vitest.config.ts'

export default defineConfig({
  root: fileURLToPath(new URL('../../../', import.meta.url)),
  test: {
    ...base.test,
    include: ['reference/server/**/*.test.ts'],
    // Crash durability inspects the SQLite file itself (integrity_check, WAL): embedded only.
    exclude: [...(base.test?.exclude ?? []), 'reference/server/crash/**'],
    reporters: ['default', ['json', { outputFile: '.cache/test-results/unit-scaleout.json' }]],
  },
})
