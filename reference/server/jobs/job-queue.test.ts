import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFakeClock, type FakeClock } from '../lib/clock.ts'
import { createSqliteStore, type Store } from '../store/index.ts'
import { openScaleoutTestBackend, testBackend } from '../testing/scaleout-backend.ts'
import { createJobQueue, type JobQueue } from './index.ts'

describe('job queue', () => {
  let store: Store
  let clock: FakeClock
  let jobs: JobQueue

  // On SQLite by default; on PostgreSQL (SKIP LOCKED claims) in the scale-out suite.
  beforeEach(async () => {
    clock = createFakeClock()
    store =
      testBackend() === 'postgres'
        ? (await openScaleoutTestBackend(clock, 10_000)).store
        : createSqliteStore({ path: ':memory:' })
    await store.migrate()
    jobs = createJobQueue({ db: store.db, clock, backoffMs: 1_000, dialect: store.dialect })
  })
  afterEach(async () => {
    if (store.dialect === 'sqlite') await store.close()
  })

  it('two workers racing for the same jobs never run one twice', async () => {
    const runs = new Map<string, string[]>()
    const workers = ['w1', 'w2', 'w3'].map((workerId) => {
      const queue = createJobQueue({ db: store.db, clock, dialect: store.dialect, workerId })
      queue.registerJobHandler<{ n: number }>('race', async ({ payload }) => {
        await new Promise((resolve) => setTimeout(resolve, 1))
        runs.set(String(payload.n), [...(runs.get(String(payload.n)) ?? []), workerId])
      })
      return queue
    })
    for (let n = 0; n < 30; n++)
      await jobs.enqueue(store.db, { type: 'race', payload: { n }, key: `race-${n}` })
    const summaries = await Promise.all(workers.map((w) => w.drain()))
    expect(summaries.reduce((sum, s) => sum + s.succeeded, 0)).toBe(30)
    expect(runs.size).toBe(30)
    expect([...runs.values()].every((who) => who.length === 1)).toBe(true)
  })

  it('a worker that lost its lease does not mark the job done', async () => {
    const slow = createJobQueue({ db: store.db, clock, leaseMs: 1_000, dialect: store.dialect })
    let release = () => {}
    slow.registerJobHandler(
      'slow',
      () =>
        new Promise<void>((resolve) => {
          release = resolve
        }),
    )
    await jobs.enqueue(store.db, { type: 'slow', payload: {}, key: 'slow' })
    const pass = slow.runDueJobs()
    await new Promise((resolve) => setTimeout(resolve, 50))
    clock.advance(1_001) // the lease ran out (the worker looked dead): another takes over
    const other = createJobQueue({ db: store.db, clock, leaseMs: 60_000, dialect: store.dialect })
    other.registerJobHandler('slow', () => new Promise<void>(() => {}))
    void other.runDueJobs()
    await new Promise((resolve) => setTimeout(resolve, 50))
    release()
    await pass
    expect(await jobs.find('slow')).toMatchObject({ state: 'running', locked_by: other.workerId })
  })

  it('enqueues inside the business transaction: a rollback leaves no job', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await jobs.enqueue(trx, { type: 'noop', payload: {}, key: 'k1' })
        throw new Error('rollback')
      }),
    ).rejects.toThrow('rollback')
    expect(await jobs.find('k1')).toBeUndefined()
    await store.db
      .transaction()
      .execute((trx) => jobs.enqueue(trx, { type: 'noop', payload: {}, key: 'k1' }))
    expect((await jobs.find('k1'))?.state).toBe('pending')
  })

  it('runs a due job once with its payload and key; a duplicate key is a no-op', async () => {
    const seen: unknown[] = []
    jobs.registerJobHandler<{ n: number }>(
      'count',
      async ({ payload, idempotencyKey, attempt }) => {
        seen.push({ payload, idempotencyKey, attempt })
      },
    )
    await jobs.enqueue(store.db, { type: 'count', payload: { n: 1 }, key: 'same' })
    await jobs.enqueue(store.db, { type: 'count', payload: { n: 2 }, key: 'same' })
    expect(await jobs.drain()).toEqual({ succeeded: 1, retried: 0, failed: 0 })
    expect(seen).toEqual([{ payload: { n: 1 }, idempotencyKey: 'same', attempt: 1 }])
    expect((await jobs.find('same'))?.state).toBe('done')
    expect(await jobs.drain()).toEqual({ succeeded: 0, retried: 0, failed: 0 })
  })

  it('waits for runAt on the injected clock', async () => {
    jobs.registerJobHandler('later', async () => {})
    await jobs.enqueue(store.db, {
      type: 'later',
      payload: {},
      key: 'l',
      runAt: clock.now() + 5_000,
    })
    expect((await jobs.drain()).succeeded).toBe(0)
    clock.advance(5_000)
    expect((await jobs.drain()).succeeded).toBe(1)
  })

  it('retries with exponential backoff, then fails for good', async () => {
    jobs.registerJobHandler('flaky', async () => {
      throw new Error('smtp down')
    })
    await jobs.enqueue(store.db, { type: 'flaky', payload: {}, key: 'f', maxAttempts: 3 })
    expect(await jobs.drain()).toEqual({ succeeded: 0, retried: 1, failed: 0 })
    let row = await jobs.find('f')
    expect(row).toMatchObject({ state: 'pending', attempts: 1, last_error: 'smtp down' })
    expect(Date.parse(row?.run_at ?? '')).toBe(clock.now() + 1_000)
    clock.advance(999)
    expect((await jobs.drain()).retried).toBe(0)
    clock.advance(1)
    expect((await jobs.drain()).retried).toBe(1)
    row = await jobs.find('f')
    expect(Date.parse(row?.run_at ?? '')).toBe(clock.now() + 2_000)
    clock.advance(2_000)
    expect(await jobs.drain()).toEqual({ succeeded: 0, retried: 0, failed: 1 })
    expect((await jobs.find('f'))?.state).toBe('failed')
  })

  it('once(): an effect recorded before a crash is not repeated on the retry', async () => {
    let sends = 0
    let crash = true
    jobs.registerJobHandler('mail', async ({ once }) => {
      const id = await once('send', async () => {
        sends += 1
        return { messageId: 'm1' }
      })
      expect(id).toEqual({ messageId: 'm1' })
      if (crash) throw new Error('died before marking done')
    })
    await jobs.enqueue(store.db, { type: 'mail', payload: {}, key: 'm' })
    await jobs.drain()
    crash = false
    clock.advance(1_000)
    expect((await jobs.drain()).succeeded).toBe(1)
    expect(sends).toBe(1)
  })

  it('reclaims a job whose worker died holding the lease', async () => {
    const dead = createJobQueue({ db: store.db, clock, leaseMs: 10_000, dialect: store.dialect })
    dead.registerJobHandler('x', () => new Promise(() => {})) // never settles: the worker "dies"
    await jobs.enqueue(store.db, { type: 'x', payload: {}, key: 'x' })
    void dead.runDueJobs()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await jobs.find('x'))?.state).toBe('running')
    let ran = 0
    jobs.registerJobHandler('x', async () => {
      ran += 1
    })
    expect((await jobs.drain()).succeeded).toBe(0)
    clock.advance(10_001)
    expect((await jobs.drain()).succeeded).toBe(1)
    expect(ran).toBe(1)
    expect((await jobs.find('x'))?.attempts).toBe(2)
  })

  it('a job type with no handler is retried and reported', async () => {
    await jobs.enqueue(store.db, { type: 'unknown', payload: {}, key: 'u', maxAttempts: 1 })
    expect((await jobs.drain()).failed).toBe(1)
    expect((await jobs.find('u'))?.last_error).toMatch(/No handler/)
  })

  it('the poller runs jobs in real time once started', async () => {
    const fast = createJobQueue({ db: store.db, clock, pollMs: 5, dialect: store.dialect })
    const done = new Promise<void>((resolve) => fast.registerJobHandler('p', async () => resolve()))
    await fast.enqueue(store.db, { type: 'p', payload: {}, key: 'p' })
    fast.start()
    await done
    await fast.stop()
  })
})
