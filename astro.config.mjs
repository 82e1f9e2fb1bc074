// @ts-check
import { defineConfig } from 'astro/config'
import starlight from '@astrojs/starlight'
import starlightOpenAPI, { openAPISidebarGroups } from 'starlight-openapi'
import { unified } from '@astrojs/markdown-remark'
import blueroundDiagrams from './site/diagrams/integration.ts'
import strictBuild from './site/checks/strict-build.ts'

// Links from flow pages to the code that implements and tests them. On GitHub Actions they point
// at the repository being built.
const repository =
  process.env.GITHUB_SERVER_URL && process.env.GITHUB_REPOSITORY
    ? `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}`
    : 'https://github.com/blueround/blueround-docs'

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
    blueroundDiagrams({ sourceBase: `${repository}/blob/main/` }),
    starlight({
      title: 'BlueRound Docs',
      description:
        'Documentation and runnable reference implementation for the BlueRound platform.',
      customCss: ['./site/styles/diagrams.css'],
      // GitHub's themes keep every token at WCAG AA contrast (Night Owl's do not, axe finds).
      expressiveCode: { themes: ['github-dark', 'github-light'] },
      markdown: { processedDirs: ['./docs'] },
      // The API reference is generated on every build from the reference server's own OpenAPI
      // document (`npm run openapi` writes it from the app factory), so it cannot drift.
      plugins: [
        starlightOpenAPI([
          {
            base: 'api/reference',
            schema: './.cache/openapi/blueround.json',
            sidebar: { label: 'API reference' },
          },
        ]),
      ],
      sidebar: [
        { label: 'Architecture', items: [{ autogenerate: { directory: 'architecture' } }] },
        { label: 'API', items: [{ autogenerate: { directory: 'api' } }] },
        { label: 'Authentication', items: [{ autogenerate: { directory: 'auth' } }] },
        { label: 'Users', items: [{ autogenerate: { directory: 'users' } }] },
        { label: 'Catalog', items: [{ autogenerate: { directory: 'catalog' } }] },
        { label: 'Workflows', items: [{ autogenerate: { directory: 'workflows' } }] },
        { label: 'Realtime', items: [{ autogenerate: { directory: 'realtime' } }] },
        ...openAPISidebarGroups,
        { label: 'Reference server', items: [{ autogenerate: { directory: 'reference-server' } }] },
        { label: 'RedCore SDK', items: [{ autogenerate: { directory: 'sdk' } }] },
        { label: 'Contributing', items: [{ autogenerate: { directory: 'contributing' } }] },
      ],
    }),
    strictBuild(),
  ],
})
