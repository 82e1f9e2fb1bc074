import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['reference/**/*.test.ts', 'site/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'site/e2e/**'],
    reporters: ['default', ['json', { outputFile: '.cache/test-results/unit.json' }]],
    // Records the flow steps each test takes, for the conformance check (npm run conformance),
    // and the log lines and secrets of every test, for the secrets-in-logs check
    // (scripts/check-secrets-in-logs.ts). The scale-out run inherits both.
    setupFiles: [
      'site/conformance/recorder/vitest-setup.ts',
      'reference/server/testing/secrets-vitest-setup.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
