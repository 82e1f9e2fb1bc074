/**
 * @module `GET /_dev/notifications` (development and tests only; not mounted in production, so
 * it answers 404 there): a JSON array of the SMS notifications the capturing notifier kept,
 * oldest first, like `GET /_dev/mail`. Optional `?userId=` and `?kind=` filters.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../../lib/app-env.ts'
import { isCapturing, type Notifier } from '../../notifier/index.ts'

export const createDevNotificationsRouter = (notifier: Notifier) =>
  new Hono<AppEnv>().get('/notifications', (c) => {
    const all = isCapturing(notifier) ? notifier.list() : []
    const userId = c.req.query('userId')
    const kind = c.req.query('kind')
    const data = all.filter(
      (n) =>
        (userId === undefined || n.userId === userId) && (kind === undefined || n.kind === kind),
    )
    return c.json(data, 200, { 'Cache-Control': 'no-store' })
  })
