// @ts-check
import { defineConfig } from 'eslint/config'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import unicorn from 'eslint-plugin-unicorn'
import globals from 'globals'

export default defineConfig(
  { ignores: ['dist/', '.astro/', 'node_modules/', '.cache/', '.data/', '**/*.astro'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { unicorn },
    rules: {
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through the validated config module, not process.env.',
        },
      ],
    },
  },
  {
    // Code that runs in the reader's browser or in the build's headless page.
    files: ['site/diagrams/client/**', 'site/diagrams/engine/browser/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Config modules, scripts and tests may read the environment directly.
    files: [
      '**/config/**',
      '**/*.config.*',
      'scripts/**',
      '**/*.test.ts',
      '**/e2e/**',
      'site/**',
      'bench/**',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
)
