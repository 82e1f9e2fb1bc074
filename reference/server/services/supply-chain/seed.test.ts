import { describe, expect, it } from 'vitest'
import { createTestConfig } from '../../config/index.ts'
import { createFakeClock } from '../../lib/clock.ts'
import { createSqliteStore } from '../../store/index.ts'
import { supplyChainDb } from '../../store/supply-chain/schema.ts'
import { seed } from '../seed.ts'
import { SIMULATED_SUPPLIER_NAME } from './seed.ts'

describe('dev seed: simulated supplier', () => {
  it('creates it once and points its webhook at the simulator of the current URL', async () => {
    const store = createSqliteStore({ path: ':memory:' })
    await store.migrate()
    const clock = createFakeClock()
    await seed(
      store,
      createTestConfig({ seedDevData: true, publicUrl: 'http://127.0.0.1:8787' }),
      clock,
    )
    await seed(
      store,
      createTestConfig({ seedDevData: true, publicUrl: 'http://127.0.0.1:9999' }),
      clock,
    )
    const rows = await supplyChainDb(store.db).selectFrom('suppliers').selectAll().execute()
    expect(rows).toEqual([
      expect.objectContaining({
        name: SIMULATED_SUPPLIER_NAME,
        webhook_url: 'http://127.0.0.1:9999/_dev/supplier-simulator/webhook',
      }),
    ])
    await store.close()
  })

  it('is not created in production', async () => {
    const store = createSqliteStore({ path: ':memory:' })
    await store.migrate()
    await seed(store, createTestConfig({ seedDevData: false }), createFakeClock())
    expect(await supplyChainDb(store.db).selectFrom('suppliers').select('id').execute()).toEqual([])
    await store.close()
  })
})
