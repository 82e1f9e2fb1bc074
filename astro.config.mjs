// @ts-check
import { defineConfig } from 'astro/config'
import starlight from '@astrojs/starlight'
import { unified } from '@astrojs/markdown-remark'
import blueroundDiagrams from './site/diagrams/integration.ts'
import strictBuild from './site/checks/strict-build.ts'

export default defineConfig({
  site: 'https://docs.blueround.com',
  srcDir: './site',
  // Every warning fails the build (see site/checks/strict-logger.mjs).
  logger: { entrypoint: './site/checks/strict-logger.mjs' },
  markdown: {
    // Sätteri, Astro 7's default, runs no remark plugins; the diagram plugin needs unified.
    processor: unified(),
  },
  integrations: [
    blueroundDiagrams(),
    starlight({
      title: 'BlueRound Docs',
      description:
        'Documentation and runnable reference implementation for the BlueRound platform.',
      customCss: ['./site/styles/diagrams.css'],
      markdown: { processedDirs: ['./docs'] },
      sidebar: [
        { label: 'Architecture', items: [{ autogenerate: { directory: 'architecture' } }] },
        { label: 'Contributing', items: [{ autogenerate: { directory: 'contributing' } }] },
      ],
    }),
    strictBuild(),
  ],
})
