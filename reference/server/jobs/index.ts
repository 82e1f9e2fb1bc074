/**
 * @module Background Worker: durable jobs in the `jobs` table, run by an in-process worker.
 *
 * API (one queue per app: `c.get('services').jobs`, or {@link createJobQueue} directly):
 *
 * - `jobs.enqueue(trx, { type, payload, key?, runAt?, maxAttempts? })` inserts a job with the
 *   executor you pass: give it the Kysely transaction that writes the business row, and the job
 *   exists exactly when that row does. `key` is the job's idempotency key (unique; enqueueing it
 *   again is a no-op); it defaults to the job id. `runAt` is epoch ms on the injected clock.
 * - `jobs.registerJobHandler(type, async ({ job, payload, idempotencyKey, attempt, once }) => …)`
 *   registers the one handler of a type. Throwing fails the attempt.
 * - Effects happen once: key external effects with `idempotencyKey`, or wrap them in
 *   `once(name, effect)`, which records the effect's JSON result in `job_effects` and returns the
 *   recorded result on a retry, so a crash between the effect and "done" does not repeat it.
 * - Retries: a failed attempt is retried after `backoffMs * 2^(attempt-1)` (capped at
 *   `maxBackoffMs`), measured on the injected clock, until `maxAttempts`; then the job is `failed`.
 * - Claims are leases: a worker sets `state = 'running'`, `locked_by` and `locked_until`; a job
 *   whose lease ran out (its worker died) is claimed again. On SQLite one conditional UPDATE per
 *   candidate makes the claim atomic; on PostgreSQL (`dialect: 'postgres'`) one
 *   `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING *` claims a batch, so the
 *   workers of several nodes never take the same job. A live worker renews its leases while it
 *   runs; "done" and "retry" are written only while the worker still holds the claim.
 * - Every node runs a worker (`boot.ts` starts it); `BLUEROUND_JOB_LEASE_MS` and
 *   `BLUEROUND_JOB_POLL_MS` set the lease and the poll interval.
 * - `jobs.start()` / `jobs.stop()` run the poller (`boot.ts` does); tests call `jobs.drain()`
 *   (every job due now, until none is left) or `jobs.runDueJobs()` (one pass) and move the fake
 *   clock to reach retries.
 * @see https://docs.blueround.com/users/onboarding/
 */
export {
  createJobQueue,
  type Executor,
  type JobContext,
  type JobHandler,
  type JobQueue,
  type JobQueueOptions,
  type NewJob,
  type RunSummary,
} from './job-queue.ts'
