/**
 * @module Multi-node tests: two real server processes (`main.ts`) on one PostgreSQL database
 * (fresh per run) and one Redis (own key prefix), driven over HTTP and WebSocket. They run in the
 * scale-out suite (`npm run test:unit:scaleout`); the embedded run skips them.
 */
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { DEV_ADMIN_PASSWORD } from '../config/index.ts'
import { systemClock } from '../lib/clock.ts'
import { newId } from '../lib/ids.ts'
import { createApiKeyService } from '../services/api-keys.ts'
import type { Store } from '../store/index.ts'
import { createPostgresStore } from '../store/postgres-store.ts'
import { openRedis } from '../scaleout/redis-client.ts'
import { createTenant } from '../testing/test-app.ts'
import {
  deleteKeys,
  testBackend,
  testDatabaseUrl,
  testRedisUrl,
} from '../testing/scaleout-backend.ts'
import { clusterEnv, createFreshDatabase, startNode, type ClusterNode } from './cluster-harness.ts'

const DEV_API_KEY = `brk_devclstr_${randomBytes(24).toString('base64url')}`

/** A real SMTP peer; `hangNext` makes the next message's MAIL FROM wait until the client dies. */
const startSmtp = async () => {
  const received: Array<{ to: string[]; messageId: string }> = []
  const state = { hangNext: false, hung: 0 }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (state.hangNext) {
        state.hangNext = false
        state.hung += 1
        return // never answered: the sending node is killed while it waits
      }
      callback()
    },
    onData(stream, session, callback) {
      let data = ''
      stream.on('data', (chunk: Buffer) => (data += chunk.toString()))
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: /^Message-ID:\s*(\S+)/im.exec(data)?.[1] ?? '',
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A WebSocket client that records its messages and its close. */
const openSocket = (url: string) => {
  const ws = new WebSocket(url)
  const messages: Array<Record<string, unknown>> = []
  const waiters: Array<() => void> = []
  ws.on('message', (raw: Buffer) => {
    messages.push(JSON.parse(raw.toString()) as Record<string, unknown>)
    for (const wake of waiters.splice(0)) wake()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
  )
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  /** Waits for a message matching `predicate`. */
  const next = async (predicate: (m: Record<string, unknown>) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = messages.find(predicate)
      if (found !== undefined) return found
      if (Date.now() > deadline)
        throw new Error(`no matching message in ${JSON.stringify(messages)}`)
      await new Promise<void>((resolve) => {
        waiters.push(resolve)
        setTimeout(resolve, 100)
      })
    }
  }
  return { ws, messages, closed, opened, next }
}

const until = async (check: () => Promise<boolean>, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const enabled = testBackend() === 'postgres'

describe.skipIf(!enabled)(
  'two nodes on PostgreSQL + Redis (skipped outside npm run test:unit:scaleout)',
  () => {
    let database: Awaited<ReturnType<typeof createFreshDatabase>>
    let store: Store
    let smtp: Awaited<ReturnType<typeof startSmtp>>
    let a: ClusterNode
    let b: ClusterNode
    const prefix = `cluster:${randomBytes(4).toString('hex')}:`
    const admin = { authorization: `Bearer ${DEV_API_KEY}` }

    beforeAll(async () => {
      database = await createFreshDatabase(testDatabaseUrl(), 'cluster')
      smtp = await startSmtp()
      const env = clusterEnv({
        databaseUrl: database.url,
        redisUrl: testRedisUrl(),
        prefix,
        extra: {
          BLUEROUND_DEV_API_KEY: DEV_API_KEY,
          BLUEROUND_DATA_DIR: `.cache/cluster-test/${prefix.replaceAll(':', '-')}`,
          BLUEROUND_RATE_LIMIT_READ_BURST: '60',
          BLUEROUND_JOB_LEASE_MS: '1500',
          BLUEROUND_JOB_POLL_MS: '50',
          SMTP_URL: smtp.url,
        },
      })
      // Both start at once: migrations and the dev seed run one node at a time.
      ;[a, b] = await Promise.all([startNode('node-a', env), startNode('node-b', env)])
      store = await createPostgresStore({ url: database.url, poolSize: 2 })
    }, 60_000)

    afterAll(async () => {
      await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')])
      await store?.close()
      await smtp?.close()
      await database?.drop()
      const redis = await openRedis(testRedisUrl(), 'blueround-cluster-cleanup')
      await deleteKeys(redis, prefix)
      await redis.quit()
    }, 30_000)

    it('both nodes report PostgreSQL and Redis on /health', async () => {
      for (const node of [a, b]) {
        const res = await fetch(`${node.url}/health`)
        expect(res.status).toBe(200)
        expect(((await res.json()) as { dependencies: unknown }).dependencies).toEqual({
          database: { engine: 'postgres', status: 'healthy' },
          cache: { engine: 'redis', status: 'healthy' },
        })
      }
    })

    it('a token revoked through node A is refused by node B on the next request', async () => {
      const login = await fetch(`${a.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          username: 'admin@acme.test',
          password: DEV_ADMIN_PASSWORD,
        }),
      })
      expect(login.status).toBe(200)
      const { access_token: token } = (await login.json()) as { access_token: string }
      const bearer = { authorization: `Bearer ${token}` }
      expect((await fetch(`${b.url}/v1/me`, { headers: bearer })).status).toBe(200)
      const revoke = await fetch(`${a.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      })
      expect(revoke.status).toBe(200)
      const refused = await fetch(`${b.url}/v1/me`, { headers: bearer })
      expect(refused.status).toBe(401)
    })

    it('a user deactivated on node A cannot use node B', async () => {
      const tenant = await createTenant(store, systemClock, { name: `Deact${Date.now()}` })
      const now = new Date().toISOString()
      const member = await store.users.create({
        id: newId('usr'),
        organization_id: tenant.organization.id,
        email: `member-${Date.now()}@cluster.test`,
        name: 'Member',
        role: 'member',
        password_hash: 'scrypt$test$not-a-real-hash',
        created_at: now,
      })
      const { key } = await createApiKeyService(store, systemClock).issue(
        { organizationId: tenant.organization.id, userId: member.id },
        { name: 'member key', scopes: ['read', 'write'], expiresAt: null },
      )
      const memberAuth = { authorization: `Bearer ${key}` }
      expect((await fetch(`${b.url}/v1/me`, { headers: memberAuth })).status).toBe(200)
      const patch = await fetch(`${a.url}/v1/users/${member.id}`, {
        method: 'PATCH',
        headers: { ...tenant.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'inactive' }),
      })
      expect(patch.status).toBe(200)
      expect((await fetch(`${b.url}/v1/me`, { headers: memberAuth })).status).toBe(401)
    })

    it('a role changed on node A takes effect on node B at once (shared permission cache)', async () => {
      const tenant = await createTenant(store, systemClock, { name: `Roles${Date.now()}` })
      const member = await store.users.create({
        id: newId('usr'),
        organization_id: tenant.organization.id,
        email: `writer-${Date.now()}@cluster.test`,
        name: 'Writer',
        role: 'member',
        password_hash: 'scrypt$test$not-a-real-hash',
        created_at: new Date().toISOString(),
      })
      const { key } = await createApiKeyService(store, systemClock).issue(
        { organizationId: tenant.organization.id, userId: member.id },
        { name: 'writer key', scopes: ['read', 'write'], expiresAt: null },
      )
      const create = (sku: string) =>
        fetch(`${b.url}/v1/products`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            name: 'Hex bolt M8 x 40',
            sku,
            barcode: '4006381333931',
            reorderLevel: 20,
            reorderQuantity: 100,
          }),
        })
      // B loads the member's permissions (and caches them for 10 minutes).
      expect((await create('BOLT-1')).status).toBe(201)
      const patch = await fetch(`${a.url}/v1/users/${member.id}`, {
        method: 'PATCH',
        headers: { ...tenant.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'viewer' }),
      })
      expect(patch.status).toBe(200)
      // A dropped the cached entry in Redis, so B reloads the role: viewers may not write.
      expect((await create('BOLT-2')).status).toBe(403)
    })

    it('200 concurrent requests split across A and B against a limit of 60 admit exactly 60', async () => {
      const tenant = await createTenant(store, systemClock, { name: `Limit${Date.now()}` })
      const statuses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          fetch(`${(i % 2 === 0 ? a : b).url}/v1/me`, { headers: tenant.headers }).then(
            async (res) => {
              await res.arrayBuffer()
              return res.status
            },
          ),
        ),
      )
      expect(statuses.filter((s) => s === 200)).toHaveLength(60)
      expect(statuses.filter((s) => s === 429)).toHaveLength(140)
    })

    it('two workers never process the same job: 20 invitations, 20 emails, one attempt each', async () => {
      const before = smtp.received.length
      const emails = Array.from({ length: 20 }, (_, i) => `invitee-${i}-${Date.now()}@cluster.test`)
      for (const [i, email] of emails.entries()) {
        const res = await fetch(`${(i % 2 === 0 ? a : b).url}/v1/users`, {
          method: 'POST',
          headers: { ...admin, 'content-type': 'application/json' },
          body: JSON.stringify({ email, name: `Invitee ${i}`, role: 'viewer' }),
        })
        expect(res.status).toBe(201)
      }
      await until(async () => smtp.received.length - before >= 20, 20_000, '20 emails')
      await new Promise((resolve) => setTimeout(resolve, 500)) // a duplicate would arrive now
      const mine = smtp.received.slice(before)
      expect(mine).toHaveLength(20)
      expect(new Set(mine.map((m) => m.to[0]))).toEqual(new Set(emails))
      expect(new Set(mine.map((m) => m.messageId)).size).toBe(20)
      const jobs = await store.db
        .selectFrom('jobs')
        .select(['attempts', 'state', 'locked_by'])
        .where('type', '=', 'users.send-invitation')
        .execute()
      expect(jobs.filter((j) => j.state === 'done')).toHaveLength(jobs.length)
      expect(jobs.every((j) => j.attempts === 1)).toBe(true)
    })

    it('a broadcast published on node A reaches a socket held by node B', async () => {
      const socket = openSocket(`${b.url.replace('http', 'ws')}/web?token=${DEV_API_KEY}`)
      await socket.opened
      // Admitted once a package is answered.
      socket.ws.send(JSON.stringify({ pkg_id: 1, req_id: 'r1', data: {} }))
      await socket.next((m) => m['req_id'] === 'r1')
      const res = await fetch(`${a.url}/v1/realtime/broadcast`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ pkg_id: 100, data: { note: 'from node A' } }),
      })
      expect(res.status).toBe(202)
      const message = await socket.next((m) => m['pkg_id'] === 100)
      expect(message['data']).toEqual({ note: 'from node A' })
      socket.ws.close()
      await socket.closed
    })

    it("a user's 6th WebSocket across two nodes is refused with 1008", async () => {
      const tenant = await createTenant(store, systemClock, { name: `Sockets${Date.now()}` })
      const sockets = []
      for (let i = 0; i < 5; i++) {
        const socket = openSocket(
          `${(i % 2 === 0 ? a : b).url.replace('http', 'ws')}/web?token=${tenant.key}`,
        )
        await socket.opened
        socket.ws.send(JSON.stringify({ pkg_id: 1, req_id: `s${i}`, data: {} }))
        await socket.next((m) => m['req_id'] === `s${i}`)
        sockets.push(socket)
      }
      const sixth = openSocket(`${b.url.replace('http', 'ws')}/web?token=${tenant.key}`)
      expect((await sixth.closed).code).toBe(1008)
      for (const socket of sockets) expect(socket.ws.readyState).toBe(WebSocket.OPEN)
      // Closing one frees its slot on whichever node held it.
      sockets[0]?.ws.close()
      await sockets[0]?.closed
      await until(
        async () => {
          const retry = openSocket(`${a.url.replace('http', 'ws')}/web?token=${tenant.key}`)
          await retry.opened.catch(() => undefined)
          retry.ws.send(JSON.stringify({ pkg_id: 1, req_id: 'again', data: {} }))
          const outcome = await Promise.race([
            retry.next((m) => m['req_id'] === 'again', 2_000).then(() => true),
            retry.closed.then(() => false),
          ]).catch(() => false)
          retry.ws.close()
          return outcome
        },
        10_000,
        'a freed slot',
      )
      for (const socket of sockets.slice(1)) socket.ws.close()
    })

    it('kill -9 of the node holding a job: the other node finishes it, exactly one email', async () => {
      const before = smtp.received.length
      smtp.state.hangNext = true
      const email = `killed-${Date.now()}@cluster.test`
      const res = await fetch(`${a.url}/v1/users`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ email, name: 'Survivor', role: 'viewer' }),
      })
      expect(res.status).toBe(201)
      // The job is claimed by one node, which is now stuck in SMTP (MAIL FROM never answered).
      let holder = ''
      await until(
        async () => {
          if (smtp.state.hung === 0) return false
          const row = await store.db
            .selectFrom('jobs')
            .select('locked_by')
            .where('type', '=', 'users.send-invitation')
            .where('state', '=', 'running')
            .executeTakeFirst()
          holder = row?.locked_by ?? ''
          return holder !== ''
        },
        10_000,
        'a node to hold the job',
      )
      const [victim, survivor] = holder.startsWith('node-a') ? [a, b] : [b, a]
      await victim.kill('SIGKILL')
      await until(async () => smtp.received.length > before, 15_000, 'the email from the survivor')
      await new Promise((resolve) => setTimeout(resolve, 2_000)) // no second email arrives
      const mine = smtp.received.slice(before)
      expect(mine).toHaveLength(1)
      expect(mine[0]?.to).toEqual([email])
      const job = await store.db
        .selectFrom('jobs')
        .selectAll()
        .where('type', '=', 'users.send-invitation')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
      expect(job).toMatchObject({ state: 'done', attempts: 2 })
      expect(survivor.process.exitCode).toBeNull()
    })
  },
)
