/**
 * @module Serves the built site with `astro preview` for the end-to-end tests.
 */
import { existsSync } from 'node:fs'
import { preview } from 'astro'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync('dist/index.html')) {
    throw new Error('No built site in dist/. Run `npm run build` before the end-to-end tests.')
  }
  const server = await preview({
    root: process.cwd(),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0 },
  })
  project.provide('siteUrl', `http://127.0.0.1:${server.port}`)
  return async () => server.stop()
}
