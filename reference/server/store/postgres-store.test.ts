/**
 * @module The PostgreSQL store against a real server: error translation, counts, LIKE escaping,
 * the start-up lock and the configuration errors. The PostgreSQL part runs in the scale-out suite
 * (`npm run test:unit:scaleout`); the configuration part runs everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { ConfigError, loadConfig } from '../config/index.ts'
import { DatabaseError } from '../errors/database-error.ts'
import { TimeoutError } from '../errors/timeout-error.ts'
import { createFakeClock } from '../lib/clock.ts'
import { openBackends } from '../scaleout/backends.ts'
import { checkHealth } from '../services/health.ts'
import {
  openScaleoutTestBackend,
  testBackend,
  testDatabaseUrl,
} from '../testing/scaleout-backend.ts'
import type { Store } from './index.ts'
import { translatePostgresError } from './postgres-pool.ts'
import { createPostgresStore, dropSchema } from './postgres-store.ts'
import { containsIgnoringCase } from './supply-chain/like-pattern.ts'
import { supplyChainDb } from './supply-chain/schema.ts'
import { organizationRow } from '../testing/store-fixtures.ts'

const org = organizationRow

describe('scale-out configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ NODE_ENV: 'test', ...env })
    } catch (error) {
      if (error instanceof ConfigError) return error.message
    }
    throw new Error('expected a ConfigError')
  }

  it('names the variable and the fix for a bad DATABASE_URL or REDIS_URL', () => {
    expect(problems({ DATABASE_URL: 'mysql://db/x' })).toMatch(
      /DATABASE_URL: must be a postgres:\/\/ URL \(got "mysql:\/\/db\/x"\)\. Fix: set DATABASE_URL to postgres:\/\//,
    )
    expect(problems({ REDIS_URL: 'localhost:6379' })).toMatch(
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    )
    expect(problems({ DATABASE_REPLICA_URL: 'postgres://replica/x' })).toMatch(
      /DATABASE_REPLICA_URL: needs DATABASE_URL/,
    )
  })

  it('stays embedded without them', () => {
    const config = loadConfig({ NODE_ENV: 'test' })
    expect([config.databaseUrl, config.redisUrl]).toEqual([undefined, undefined])
  })

  it('fails start-up naming the variable when PostgreSQL or Redis cannot be reached', async () => {
    const clock = createFakeClock()
    const config = (env: Record<string, string>) =>
      loadConfig({ NODE_ENV: 'test', BLUEROUND_DATABASE_PATH: ':memory:', ...env })
    await expect(
      openBackends({ config: config({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x' }), clock }),
    ).rejects.toThrow(/^Cannot reach DATABASE_URL \(postgres:\/\/nobody@127\.0\.0\.1:1\/x\).*Fix:/)
    await expect(
      openBackends({ config: config({ REDIS_URL: 'redis://:secret@127.0.0.1:1' }), clock }),
    ).rejects.toThrow(/^Cannot reach REDIS_URL \(redis:\/\/:\*\*\*@127\.0\.0\.1:1\).*Fix:/)
  })

  it('maps driver failures to the store vocabulary without driver text', () => {
    expect(translatePostgresError({ code: '23505' })).toMatchObject({ failure: 'unique_violation' })
    expect(translatePostgresError({ code: '57014' })).toBeInstanceOf(TimeoutError)
    expect(translatePostgresError({ code: 'ECONNREFUSED' })).toMatchObject({
      failure: 'unavailable',
    })
    expect(translatePostgresError({ code: '42601' })).toMatchObject({ failure: 'other' })
  })
})

describe.skipIf(testBackend() !== 'postgres')(
  'PostgreSQL store (skipped outside npm run test:unit:scaleout)',
  () => {
    let store: Store
    beforeAll(async () => {
      store = (await openScaleoutTestBackend(createFakeClock(), 200)).store
      await store.migrate()
    })
    afterAll(async () => {
      store.setSimulatedOutage(false)
    })

    it('reports unique violations as DatabaseError(unique_violation)', async () => {
      await store.organizations.create(org('org_1', 'acme'))
      const error = await store.organizations.create(org('org_2', 'acme')).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DatabaseError)
      expect(error).toMatchObject({
        failure: 'unique_violation',
        message: 'Database error occurred',
      })
    })

    it('refuses text with U+0000 (PostgreSQL cannot hold it) as 422, not a driver failure', async () => {
      await expect(store.users.findById('usr_\u0000')).rejects.toMatchObject({
        status: 422,
        code: 'VALIDATION_ERROR',
      })
    })

    it('cuts a query at statement_timeout with TimeoutError', async () => {
      await expect(sql`select pg_sleep(1)`.execute(store.db)).rejects.toBeInstanceOf(TimeoutError)
    })

    it('counts as numbers (bigint parsed), and pages', async () => {
      expect(await store.apiKeys.list('org_1', { offset: 0, limit: 5 })).toEqual({
        rows: [],
        total: 0,
      })
    })

    it('matches %, _ and \\ literally in a LIKE search (ESCAPE)', async () => {
      const db = supplyChainDb(store.db)
      const now = '2026-01-01T00:00:00.000Z'
      for (const [id, name] of [
        ['prd_1', '50% off'],
        ['prd_2', '500 off'],
        ['prd_3', 'a_b'],
        ['prd_4', 'axb'],
      ] as const)
        await db
          .insertInto('products')
          .values({
            id,
            organization_id: 'org_1',
            name,
            sku: id,
            barcode: id,
            description: null,
            reorder_level: 0,
            reorder_quantity: 0,
            created_at: now,
            updated_at: now,
            deleted_at: null,
          })
          .execute()
      const search = async (text: string) =>
        (
          await db
            .selectFrom('products')
            .select('id')
            .where(containsIgnoringCase('name', text))
            .execute()
        ).map((r) => r.id)
      expect(await search('0% O')).toEqual(['prd_1'])
      expect(await search('A_B')).toEqual(['prd_3'])
    })

    it('opens a separate replica connection and reports it on /health', async () => {
      // The same server stands in for a replica: what matters is which connection is used.
      const schema = `r_${Date.now().toString(36)}`
      const url = testDatabaseUrl()
      const withReplica = await createPostgresStore({ url, replicaUrl: url, schema, poolSize: 2 })
      try {
        await withReplica.migrate()
        expect(withReplica.replica).not.toBe(withReplica.db)
        const report = await checkHealth(withReplica, { ping: async () => {} }, 1_000)
        expect(report.dependencies.replica).toEqual({ engine: 'postgres', status: 'healthy' })
      } finally {
        await withReplica.close()
        await dropSchema(url, schema)
      }
    })

    it('runs exclusive() sections one at a time', async () => {
      const order: string[] = []
      const section = (name: string) =>
        store.exclusive('test-lock', async () => {
          order.push(`${name}:in`)
          await new Promise((resolve) => setTimeout(resolve, 30))
          order.push(`${name}:out`)
        })
      await Promise.all([section('a'), section('b')])
      // Never interleaved: whichever enters first leaves before the other enters.
      const first = order[0]?.split(':')[0] ?? ''
      const second = first === 'a' ? 'b' : 'a'
      expect(order).toEqual([`${first}:in`, `${first}:out`, `${second}:in`, `${second}:out`])
    })

    it('fails every query during a simulated outage, and pings again afterwards', async () => {
      store.setSimulatedOutage(true)
      await expect(store.ping()).rejects.toMatchObject({ failure: 'unavailable' })
      store.setSimulatedOutage(false)
      await expect(store.ping()).resolves.toBeUndefined()
    })
  },
)
