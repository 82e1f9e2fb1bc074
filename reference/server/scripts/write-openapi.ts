/**
 * @module Writes the OpenAPI 3.1 document to a file without starting a server.
 * Usage: `node reference/server/scripts/write-openapi.ts <output.json>`
 * (the docs build feeds the file to starlight-openapi).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createTestConfig } from '../config/index.ts'
import { createApp } from '../create-app.ts'
import { systemClock } from '../lib/clock.ts'
import { createLogger } from '../observability/logger.ts'
import { openApiDocument } from '../routes/openapi.ts'
import { createMemoryCache } from '../store/cache/memory-cache.ts'
import { createSqliteStore } from '../store/index.ts'

/** Builds the document the server would serve at `/openapi.json` (dev mode, default address). */
export const buildOpenApiDocument = () => {
  const config = createTestConfig({ mode: 'development', faultInjection: true })
  const store = createSqliteStore({ path: ':memory:' })
  const app = createApp({
    config: { ...config, publicUrl: 'http://127.0.0.1:8787' },
    clock: systemClock,
    store,
    cache: createMemoryCache(systemClock),
    logger: createLogger('silent'),
  })
  const document = openApiDocument(app, { publicUrl: 'http://127.0.0.1:8787' })
  void store.close()
  return document
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (isMain) {
  const output = process.argv[2]
  if (output === undefined) {
    process.stderr.write('Usage: node reference/server/scripts/write-openapi.ts <output.json>\n')
    process.exit(64)
  }
  const target = path.resolve(output)
  mkdirSync(path.dirname(target), { recursive: true })
  writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`)
  process.stdout.write(`Wrote ${target}\n`)
}
