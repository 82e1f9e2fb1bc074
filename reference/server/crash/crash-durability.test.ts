/**
 * Crash durability: the real server process is SIGKILLed at named points (lib/crash-point.ts),
 * restarted on the same data directory, and judged by what a real SMTP peer and a real webhook
 * receiver actually got: no job lost, nothing duplicated, no half-written row.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { writeFigures } from '../../../site/checks/test-summary.ts'
import { startReceiver, type Receiver } from '../testing/supply-chain.ts'
import {
  DEV_API_KEY,
  createDataDir,
  inspectDatabase,
  startServer,
  stopServer,
  waitFor,
  type ServerProcess,
} from './server-process.ts'
import { startSmtpPeer } from '../testing/smtp-peer.ts'

const auth = { authorization: `Bearer ${DEV_API_KEY}`, 'content-type': 'application/json' }
// A crashed worker's claim is retried once its lease runs out: keep it short here.
const ENV = { BLUEROUND_JOB_LEASE_MS: '500' }

const figures = { scenarios: 0, jobsLost: 0, duplicated: 0, transportResends: 0 }

interface DatabaseFacts {
  integrity: string
  journalMode: string
  jobs: Array<{ type: string; state: string }>
  foreignKeyProblems: number
}

const facts = (databasePath: string): DatabaseFacts =>
  inspectDatabase(databasePath, (db) => ({
    integrity: String(db.prepare('PRAGMA integrity_check').get()?.integrity_check),
    journalMode: String(db.prepare('PRAGMA journal_mode').get()?.journal_mode),
    jobs: db.prepare('SELECT type, state FROM jobs ORDER BY created_at').all() as Array<{
      type: string
      state: string
    }>,
    foreignKeyProblems: db.prepare('PRAGMA foreign_key_check').all().length,
  }))

/** A request the crash interrupts: the connection drops, which is the point. */
const interrupted = (url: string, init: RequestInit) =>
  fetch(url, init).then(
    (res) => res.status,
    () => 'connection lost' as const,
  )

const expectClean = (f: DatabaseFacts) => {
  expect(f.integrity).toBe('ok')
  expect(f.foreignKeyProblems).toBe(0)
  expect(f.journalMode).toBe('wal')
}

describe('crash durability (kill -9 at chosen points, then restart)', { timeout: 60_000 }, () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  afterAll(() => {
    process.stdout.write(
      `crash: ${figures.scenarios} scenarios, jobs lost ${figures.jobsLost}, duplicated ${figures.duplicated} ` +
        `(by Message-ID / delivery id), transport re-sends after a crash ${figures.transportResends}\n`,
    )
    // For the closing figures of `npm test` (site/checks/test-summary.ts).
    const { scenarios, jobsLost, duplicated } = figures
    writeFigures('crash', { scenarios, jobsLost, duplicated })
  })

  const onboarding = async (crashPoint: string) => {
    const data = createDataDir()
    const smtp = await startSmtpPeer()
    cleanups.push(data.remove, smtp.close)
    const env = { ...ENV, SMTP_URL: smtp.url }
    const first = await startServer(data.dir, { ...env, BLUEROUND_CRASH_POINT: crashPoint })
    cleanups.push(() => first.child.kill('SIGKILL'))
    const status = await interrupted(`${first.url}/v1/users`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email: 'dana@acme.test', name: 'Dana', role: 'member' }),
    })
    expect(await first.exited).toBe('SIGKILL')
    const atCrash = facts(data.databasePath)
    expectClean(atCrash)
    const second = await startServer(data.dir, env)
    cleanups.push(() => stopServer(second))
    await waitFor(() => smtp.received.length >= 1)
    await new Promise((resolve) => setTimeout(resolve, 500)) // ten poll cycles: any re-send shows
    await stopServer(second)
    const after = facts(data.databasePath)
    const users = inspectDatabase(data.databasePath, (db) => ({
      dana: db.prepare("SELECT count(*) AS n FROM users WHERE email = 'dana@acme.test'").get()?.n,
      invitations: db.prepare('SELECT count(*) AS n FROM invitations').get()?.n,
      mailLog: db.prepare('SELECT count(*) AS n FROM mail_log').get()?.n,
    }))
    return { status, atCrash, after, users, smtp }
  }

  it('onboarding: killed between the user insert and the email send, the email goes out once after restart', async () => {
    const { status, atCrash, after, users, smtp } = await onboarding('onboarding:after-user-insert')
    expect(status).toBe('connection lost')
    // At the crash the user and its email job were committed together; nothing was sent.
    expect(atCrash.jobs.filter((j) => j.type === 'users.send-invitation')).toEqual([
      { type: 'users.send-invitation', state: 'pending' },
    ])
    expectClean(after)
    expect(after.jobs.every((j) => j.state === 'done')).toBe(true)
    expect(users).toEqual({ dana: 1, invitations: 1, mailLog: 1 })
    expect(smtp.received).toHaveLength(1)
    expect(smtp.received[0]?.to).toEqual(['dana@acme.test'])
    figures.scenarios += 1
    figures.jobsLost += after.jobs.filter((j) => j.state !== 'done').length
    figures.duplicated += smtp.received.length - 1
  })

  it('onboarding: killed after the SMTP peer accepted the email, the re-send keeps its Message-ID', async () => {
    const { after, users, smtp } = await onboarding('mail:after-send')
    expectClean(after)
    expect(after.jobs.every((j) => j.state === 'done')).toBe(true)
    expect(users).toEqual({ dana: 1, invitations: 1, mailLog: 1 })
    // The peer got the message before the crash and again from the retried job: a receiver
    // that drops repeated Message-IDs (as mail systems do) shows it once.
    const ids = new Set(smtp.received.map((m) => m.messageId))
    expect(ids.size).toBe(1)
    expect([...ids][0]).toMatch(/^<invitation:inv_[^@]+@blueround\.test>$/)
    figures.scenarios += 1
    figures.duplicated += ids.size - 1
    figures.transportResends += smtp.received.length - 1
  })

  it('report generation: killed after the upload, before "ready", the report completes and is emailed once', async () => {
    const data = createDataDir()
    const smtp = await startSmtpPeer()
    cleanups.push(data.remove, smtp.close)
    const env = { ...ENV, SMTP_URL: smtp.url }
    const first = await startServer(data.dir, {
      ...env,
      BLUEROUND_CRASH_POINT: 'report:after-upload',
    })
    cleanups.push(() => first.child.kill('SIGKILL'))
    const requested = await fetch(`${first.url}/v1/reports`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'inventory', params: { format: 'csv' } }),
    })
    expect(requested.status).toBe(202)
    const reportId = ((await requested.json()) as { data: { id: string } }).data.id
    expect(await first.exited).toBe('SIGKILL')
    const atCrash = facts(data.databasePath)
    expectClean(atCrash)
    expect(atCrash.jobs.some((j) => j.state === 'running')).toBe(true)
    const second = await startServer(data.dir, env)
    cleanups.push(() => stopServer(second))
    await waitFor(() => smtp.received.length >= 1)
    const report = (await (
      await fetch(`${second.url}/v1/reports/${reportId}`, { headers: auth })
    ).json()) as { data: { status: string; sizeBytes: number } }
    await new Promise((resolve) => setTimeout(resolve, 500))
    await stopServer(second)
    const after = facts(data.databasePath)
    expectClean(after)
    expect(report.data.status).toBe('ready')
    expect(report.data.sizeBytes).toBeGreaterThan(0)
    expect(after.jobs.every((j) => j.state === 'done')).toBe(true)
    expect(smtp.received).toHaveLength(1)
    figures.scenarios += 1
    figures.jobsLost += after.jobs.filter((j) => j.state !== 'done').length
    figures.duplicated += smtp.received.length - 1
  })

  const webhook = async (crashPoint: string) => {
    const data = createDataDir()
    const receiver: Receiver = await startReceiver()
    cleanups.push(data.remove, receiver.close)
    const first: ServerProcess = await startServer(data.dir, {
      ...ENV,
      BLUEROUND_CRASH_POINT: crashPoint,
    })
    cleanups.push(() => first.child.kill('SIGKILL'))
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${first.url}${path}`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(body),
      })
      return (await res.json()) as { data: { id: string } }
    }
    const supplier = await post('/v1/suppliers', {
      name: 'Northwind',
      email: 'orders@northwind.test',
      webhookUrl: receiver.url,
    })
    const product = await post('/v1/products', {
      name: 'Bolt',
      sku: 'BOLT-1',
      barcode: '4006381333931',
    })
    // The order commits with its webhook job; the worker then dies at the crash point.
    await interrupted(`${first.url}/v1/orders`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        supplierId: supplier.data.id,
        lines: [{ productId: product.data.id, quantity: 5 }],
      }),
    })
    expect(await first.exited).toBe('SIGKILL')
    const atCrash = facts(data.databasePath)
    expectClean(atCrash)
    const second = await startServer(data.dir, ENV)
    cleanups.push(() => stopServer(second))
    await waitFor(() =>
      fetch(`${second.url}/v1/webhook-deliveries`, { headers: auth })
        .then((r) => r.json())
        .then((b: { data: Array<{ outcome: string }> }) =>
          b.data.some((d) => d.outcome === 'delivered'),
        ),
    )
    await new Promise((resolve) => setTimeout(resolve, 500))
    await stopServer(second)
    const after = facts(data.databasePath)
    const orders = inspectDatabase(
      data.databasePath,
      (db) => db.prepare('SELECT count(*) AS n FROM orders').get()?.n,
    )
    return { atCrash, after, orders, receiver }
  }

  it('webhook: killed after claiming a delivery, before sending, it is sent once after restart', async () => {
    const { atCrash, after, orders, receiver } = await webhook('webhook:before-send')
    expect(atCrash.jobs.some((j) => j.type === 'webhooks.deliver' && j.state === 'running')).toBe(
      true,
    )
    expect(orders).toBe(1)
    expectClean(after)
    expect(after.jobs.every((j) => j.state === 'done')).toBe(true)
    expect(receiver.received).toHaveLength(1)
    figures.scenarios += 1
    figures.duplicated += receiver.received.length - 1
  })

  it('webhook: killed after the receiver answered 2xx, the retry carries the same delivery id', async () => {
    const { after, orders, receiver } = await webhook('webhook:after-send')
    expect(orders).toBe(1)
    expectClean(after)
    expect(after.jobs.every((j) => j.state === 'done')).toBe(true)
    const ids = new Set(receiver.received.map((r) => r.headers['x-blueround-delivery']))
    expect(ids.size).toBe(1)
    expect(receiver.received.length).toBeGreaterThanOrEqual(1)
    figures.scenarios += 1
    figures.duplicated += ids.size - 1
    figures.transportResends += receiver.received.length - 1
  })
})
