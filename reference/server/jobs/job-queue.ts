/** @module The durable job queue and its in-process worker. The API is described in `index.ts`. */
import { randomBytes } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Clock } from '../lib/clock.ts'
import { newId } from '../lib/ids.ts'
import type { Logger } from '../observability/logger.ts'
import type { Database, JobRow } from '../store/schema.ts'

/** Anything that runs queries: the store's `db` or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>

export interface NewJob<P = unknown> {
  type: string
  payload: P
  /** Idempotency key; enqueueing an existing key is a no-op. Defaults to the job id. */
  key?: string
  /** Epoch milliseconds; defaults to now. */
  runAt?: number
  /** @default 5 */
  maxAttempts?: number
}

export interface JobContext<P = unknown> {
  job: JobRow
  payload: P
  /** The job's idempotency key: key every external effect with it. */
  idempotencyKey: string
  /** 1 on the first run. */
  attempt: number
  /**
   * Runs `effect` once per job and `name`, across retries and crashes: its JSON result is
   * recorded, and a retry gets the recorded result instead of running it again.
   */
  once<T>(name: string, effect: () => Promise<T>): Promise<T>
}

export type JobHandler<P = unknown> = (context: JobContext<P>) => Promise<void>

export interface JobQueueOptions {
  db: Kysely<Database>
  clock: Clock
  logger?: Logger
  /** How long a claim lasts before another worker may take the job over. @default 60_000 */
  leaseMs?: number
  /** First retry delay; doubles per attempt. @default 1_000 */
  backoffMs?: number
  /** Longest retry delay. @default 3_600_000 */
  maxBackoffMs?: number
  /** Worker poll interval (real time). @default 500 */
  pollMs?: number
  /** Jobs claimed per poll. @default 10 */
  batchSize?: number
  /**
   * `postgres` claims with one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`, so
   * workers on several nodes never block on, or both take, the same job. @default 'sqlite'
   */
  dialect?: 'sqlite' | 'postgres'
  /** This worker's name in `locked_by` (the node id in a cluster). Defaults to a random id. */
  workerId?: string
}

export interface RunSummary {
  succeeded: number
  retried: number
  failed: number
}

const iso = (ms: number) => new Date(ms).toISOString()

export const createJobQueue = (options: JobQueueOptions) => {
  const { db, clock, logger } = options
  const leaseMs = options.leaseMs ?? 60_000
  const backoffMs = options.backoffMs ?? 1_000
  const maxBackoffMs = options.maxBackoffMs ?? 3_600_000
  const pollMs = options.pollMs ?? 500
  const batchSize = options.batchSize ?? 10
  const workerId = options.workerId ?? `wrk_${randomBytes(6).toString('base64url')}`
  const dialect = options.dialect ?? 'sqlite'
  const handlers = new Map<string, JobHandler<never>>()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<RunSummary> | undefined

  /** Exponential backoff: `backoffMs * 2^(attempt-1)`, capped. */
  const delayAfter = (attempt: number) => Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1))

  /**
   * Claims due jobs: pending ones whose `run_at` has come, and running ones whose lease expired
   * (their worker died). The conditional UPDATE makes a claim atomic on any SQL database; on
   * PostgreSQL {@link claimSkipLocked} claims the whole batch in one statement.
   */
  const claim = async (): Promise<JobRow[]> => {
    const now = iso(clock.now())
    if (dialect === 'postgres') return claimSkipLocked(now)
    const candidates = await db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(batchSize)
      .execute()
    const claimed: JobRow[] = []
    for (const { id } of candidates) {
      const row = await db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'running',
          locked_by: workerId,
          locked_until: iso(clock.now() + leaseMs),
          attempts: eb('attempts', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', now)]),
            eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)]),
          ]),
        )
        .returningAll()
        .executeTakeFirst()
      if (row !== undefined) claimed.push(row)
    }
    return claimed
  }

  /**
   * PostgreSQL: one statement claims the batch. Rows another worker is claiming right now are
   * skipped (not waited for), and the row locks make a double claim impossible.
   */
  const claimSkipLocked = (now: string): Promise<JobRow[]> =>
    db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        locked_by: workerId,
        locked_until: iso(clock.now() + leaseMs),
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('jobs')
          .select('id')
          .where((w) =>
            w.or([
              w.and([w('state', '=', 'pending'), w('run_at', '<=', now)]),
              w.and([w('state', '=', 'running'), w('locked_until', '<', now)]),
            ]),
          )
          .orderBy('run_at')
          .limit(batchSize)
          .forUpdate()
          .skipLocked(),
      )
      .returningAll()
      .execute()
      .then((rows) => rows.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : 0)))

  /**
   * Keeps this worker's claims alive while a pass runs (every third of the lease, real time), so
   * only a dead worker's jobs are taken over; a slow but live one keeps its jobs.
   */
  const renewLeases = () => {
    const timer = setInterval(
      () => {
        void db
          .updateTable('jobs')
          .set({ locked_until: iso(clock.now() + leaseMs) })
          .where('locked_by', '=', workerId)
          .where('state', '=', 'running')
          .execute()
          .catch(() => undefined)
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    )
    timer.unref()
    return () => clearInterval(timer)
  }

  const once = (job: JobRow) => {
    return async <T>(name: string, effect: () => Promise<T>): Promise<T> => {
      const key = `${job.key}:${name}`
      const recorded = await db
        .selectFrom('job_effects')
        .select('result')
        .where('key', '=', key)
        .executeTakeFirst()
      if (recorded !== undefined) return JSON.parse(recorded.result) as T
      const result = await effect()
      await db
        .insertInto('job_effects')
        .values({ key, result: JSON.stringify(result ?? null), created_at: iso(clock.now()) })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute()
      return result
    }
  }

  const runOne = async (job: JobRow): Promise<keyof RunSummary> => {
    const handler = handlers.get(job.type)
    try {
      if (handler === undefined) throw new Error(`No handler registered for job type ${job.type}`)
      await handler({
        job,
        payload: JSON.parse(job.payload) as never,
        idempotencyKey: job.key,
        attempt: job.attempts,
        once: once(job),
      })
      await db
        .updateTable('jobs')
        .set({
          state: 'done',
          locked_by: null,
          locked_until: null,
          completed_at: iso(clock.now()),
          updated_at: iso(clock.now()),
        })
        .where('id', '=', job.id)
        // Only while this worker still holds the claim: a lost lease belongs to the new holder.
        .where('locked_by', '=', workerId)
        .execute()
      return 'succeeded'
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const final = job.attempts >= job.max_attempts
      await db
        .updateTable('jobs')
        .set({
          state: final ? 'failed' : 'pending',
          locked_by: null,
          locked_until: null,
          last_error: message.slice(0, 1000),
          run_at: final ? job.run_at : iso(clock.now() + delayAfter(job.attempts)),
          updated_at: iso(clock.now()),
        })
        .where('id', '=', job.id)
        .where('locked_by', '=', workerId)
        .execute()
      logger?.warn(
        { jobId: job.id, type: job.type, attempt: job.attempts, final, error: message },
        final ? 'job failed for good' : 'job failed; will retry',
      )
      return final ? 'failed' : 'retried'
    }
  }

  /** One pass: claims the jobs due now and runs them. */
  const runDueJobs = async (): Promise<RunSummary> => {
    const summary: RunSummary = { succeeded: 0, retried: 0, failed: 0 }
    const jobs = await claim()
    if (jobs.length === 0) return summary
    const stopRenewing = renewLeases()
    try {
      for (const job of jobs) summary[await runOne(job)] += 1
    } finally {
      stopRenewing()
    }
    return summary
  }

  const tick = () => {
    running ??= runDueJobs()
      .catch((error: unknown) => {
        logger?.error({ err: error }, 'job worker pass failed')
        return { succeeded: 0, retried: 0, failed: 0 }
      })
      .finally(() => {
        running = undefined
      })
  }

  return {
    workerId,

    /** Adds a job; pass the transaction that writes the business row so both commit together. */
    async enqueue<P>(executor: Executor, job: NewJob<P>): Promise<JobRow> {
      const id = newId('job')
      const now = iso(clock.now())
      const row: JobRow = {
        id,
        type: job.type,
        payload: JSON.stringify(job.payload),
        key: job.key ?? id,
        state: 'pending',
        attempts: 0,
        max_attempts: job.maxAttempts ?? 5,
        run_at: iso(job.runAt ?? clock.now()),
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        completed_at: null,
      }
      await executor
        .insertInto('jobs')
        .values(row)
        .onConflict((oc) => oc.column('key').doNothing())
        .execute()
      return row
    },

    /** One handler per job type; registering a type twice is a mistake and throws. */
    registerJobHandler<P>(type: string, handler: JobHandler<P>): void {
      if (handlers.has(type)) throw new Error(`A handler for job type ${type} is registered`)
      handlers.set(type, handler as JobHandler<never>)
    },

    runDueJobs,

    /** Runs passes until no job is due now (later retries stay queued); for tests. */
    async drain(maxPasses = 100): Promise<RunSummary> {
      const total: RunSummary = { succeeded: 0, retried: 0, failed: 0 }
      for (let pass = 0; pass < maxPasses; pass++) {
        const summary = await runDueJobs()
        total.succeeded += summary.succeeded
        total.retried += summary.retried
        total.failed += summary.failed
        if (summary.succeeded + summary.retried + summary.failed === 0) break
      }
      return total
    },

    /** Starts polling every `pollMs` (real time). */
    start(): void {
      if (timer !== undefined) return
      timer = setInterval(tick, pollMs)
      timer.unref()
    },

    /** Stops polling and waits for the current pass. */
    async stop(): Promise<void> {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
      await running
    },

    /** Wakes the worker now (after an enqueue), instead of waiting for the next poll. */
    poke(): void {
      if (timer !== undefined) tick()
    },

    async find(key: string): Promise<JobRow | undefined> {
      return db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirst()
    },
  }
}

export type JobQueue = ReturnType<typeof createJobQueue>
