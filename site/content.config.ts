/**
 * @module Content collections: Starlight docs read from the top-level `docs/` folder.
 *
 * Starlight's `docsLoader()` is fixed to `src/content/docs`, so the docs collection uses Astro's
 * `glob()` loader on `./docs` instead, with the same id rules (no `_`-prefixed files).
 */
import { defineCollection } from 'astro:content'
import { glob } from 'astro/loaders'
import { i18nLoader } from '@astrojs/starlight/loaders'
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema'

export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './docs' }),
    schema: docsSchema(),
  }),
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
}
