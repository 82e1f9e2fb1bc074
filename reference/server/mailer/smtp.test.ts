/** Real SMTP: nodemailer against an `smtp-server` peer on loopback. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteStore, type Store } from '../store/index.ts'
import { createFakeClock } from '../lib/clock.ts'
import { createAuthTestApp } from '../testing/auth.ts'
import { startSmtpPeer, type ReceivedMail } from '../testing/smtp-peer.ts'
import { body } from '../testing/test-app.ts'
import { createSmtpMailer, renderInvitation, sendOnce } from './index.ts'

describe('SMTP mailer', () => {
  let peer: Awaited<ReturnType<typeof startSmtpPeer>>
  let url: string
  let received: ReceivedMail[]

  beforeEach(async () => {
    peer = await startSmtpPeer()
    url = peer.url
    received = peer.received
  })
  afterEach(() => peer.close())

  it('delivers the invitation over SMTP with a Message-ID keyed by the job, once', async () => {
    const store: Store = createSqliteStore({ path: ':memory:' })
    await store.migrate()
    const mailer = createSmtpMailer(url)
    const message = renderInvitation({
      to: 'dana@acme.test',
      name: 'Dana',
      organization: 'Acme',
      link: 'http://127.0.0.1:8787/signup?token=inv_x',
      expiresAt: '2026-11-24T10:00:00.000Z',
    })
    const deps = { db: store.db, mailer, clock: createFakeClock() }
    expect(await sendOnce(deps, 'invitation:inv_1', message)).toEqual({ sent: true })
    expect(await sendOnce(deps, 'invitation:inv_1', message)).toEqual({ sent: false })
    expect(received).toHaveLength(1)
    expect(received[0]?.to).toEqual(['dana@acme.test'])
    expect(received[0]?.from).toBe('no-reply@blueround.test')
    expect(received[0]?.data).toContain('Message-ID: <invitation:inv_1@blueround.test>')
    expect(received[0]?.data).toContain('Subject: You are invited to Acme on BlueRound')
    // The body is quoted-printable: undo soft line breaks and `=3D`.
    const text = received[0]?.data.replaceAll('=\r\n', '').replaceAll('=3D', '=')
    expect(text).toContain('http://127.0.0.1:8787/signup?token=inv_x')
    mailer.close()
    await store.close()
  })

  it('the app sends invitations over SMTP when SMTP_URL is set', async () => {
    const t = await createAuthTestApp({ config: { smtpUrl: url } })
    const res = await t.app.request('/v1/users', {
      method: 'POST',
      headers: { ...t.acme.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'sam@acme.test', name: 'Sam', role: 'viewer' }),
    })
    expect(res.status).toBe(201)
    expect(await t.app.services.jobs.drain()).toMatchObject({ succeeded: 1 })
    expect(received.map((r) => r.to)).toEqual([['sam@acme.test']])
    // Nothing is captured when real SMTP is configured.
    expect(await body(await t.app.request('/_dev/mail'))).toEqual([])
  })
})
