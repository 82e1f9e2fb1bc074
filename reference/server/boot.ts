/**
 * @module Start-up, loaded by `main.ts`: loads the config, opens the store, runs migrations,
 * seeds dev data, serves on HOST:PORT (default 127.0.0.1:8787) and prints a start-up banner.
 * @see https://docs.blueround.com/reference-server/running/
 */
import { performance } from 'node:perf_hooks'
import { ConfigError, loadConfigFromProcess, type AppConfig } from './config/index.ts'
import type { PasswordPrehash } from './config/prehash.ts'
import { createApp } from './create-app.ts'
import { armCrashPoint } from './lib/crash-point.ts'
import { systemClock } from './lib/clock.ts'
import { createLogger } from './observability/logger.ts'
import { listen } from './server.ts'
import { seed, type SeedResult } from './services/seed.ts'
import { openBackends, redact } from './scaleout/backends.ts'

const banner = (
  config: AppConfig,
  url: string,
  seeded: SeedResult,
  startupMs: number,
  loadedFrom: string,
): string => {
  const lines = [
    '',
    `  BlueRound reference server (${config.mode}) listening on ${url} in ${startupMs.toFixed(0)} ms`,
    `  Database:  ${config.databaseUrl === undefined ? config.databasePath : redact(config.databaseUrl)}`,
    ...(config.redisUrl === undefined
      ? []
      : [`  Redis:     ${redact(config.redisUrl)} (node ${config.nodeId})`]),
    `  Loaded from: ${loadedFrom}`,
    `  OpenAPI:   ${url}/openapi.json    Health: ${url}/health    Metrics: ${url}/metrics`,
  ]
  if (config.seedDevData) {
    lines.push(
      `  Dev login: ${config.adminEmail} / ${config.adminPasswordIsDevDefault ? config.adminPassword : '(BLUEROUND_ADMIN_PASSWORD)'}`,
      `  Dev API key (admin, scopes read write admin): ${seeded.devApiKey ?? ''}`,
      `  Try it:    curl -H "Authorization: Bearer ${seeded.devApiKey ?? ''}" ${url}/v1/me`,
      `  WebSocket: ${url.replace(/^http/, 'ws')}/web?token=${seeded.devApiKey ?? ''}`,
    )
  }
  if (config.rateLimitProfile === 'bench')
    lines.push('  Rate limits: bench profile (every limit x10000); never use outside benchmarks')
  return `${lines.join('\n')}\n`
}

/** Starts the server; resolves once it is listening. */
export const run = async (
  options: {
    prehash?: PasswordPrehash
    loadedFrom?: string
    /** Where a migrated empty database is kept for new data directories (`store/schema-template.ts`). */
    schemaTemplateDir?: string
  } = {},
): Promise<void> => {
  let config: AppConfig
  try {
    config = loadConfigFromProcess()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(78) // EX_CONFIG
    }
    throw error
  }
  armCrashPoint(config.crashPoint) // crash tests only; the config refuses it in production
  const logger = createLogger(config.logLevel)
  // Embedded by default; DATABASE_URL / REDIS_URL select PostgreSQL / Redis (scale-out mode).
  const backends = await openBackends({
    config,
    clock: systemClock,
    logger,
    ...(options.schemaTemplateDir === undefined
      ? {}
      : { schemaTemplateDir: options.schemaTemplateDir }),
  })
  const { store, cache, events, connections } = backends
  // Several nodes may start at once on one PostgreSQL: they migrate and seed one at a time.
  const seeded = await store.exclusive('startup', async () => {
    const applied = await store.migrate()
    if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied')
    return seed(store, config, systemClock, options.prehash)
  })
  const app = createApp({ config, clock: systemClock, store, cache, logger, events, connections })
  const running = await listen(app, config.host, config.port)
  app.services.jobs.start()
  // performance.now() counts from process start, so this includes loading the modules.
  const startupMs = performance.now()
  process.stdout.write(
    banner(config, running.url, seeded, startupMs, options.loadedFrom ?? 'sources'),
  )
  logger.info({ url: running.url, startupMs: Math.round(startupMs) }, 'listening')

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    running
      .close()
      .then(() => app.services.jobs.stop())
      .then(() => backends.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed')
          process.exit(1)
        },
      )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}
