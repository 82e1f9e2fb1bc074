import { defineConfig } from 'vitest/config'

/** End-to-end tests: real Chromium against the built site in dist/, served by `astro preview`. */
export default defineConfig({
  test: {
    include: ['site/e2e/**/*.e2e.ts'],
    globalSetup: ['site/e2e/global-setup.ts'],
    reporters: ['default', ['json', { outputFile: '.cache/test-results/e2e.json' }]],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // Two browser pages at a time: the machine has two cores.
    maxConcurrency: 2,
  },
})
