/** @module Handler of `GET /_dev/mail`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import type { listMail } from './dev-mail.routes.ts'

export const list: AppRouteHandler<typeof listMail> = (c) =>
  c.json([...(c.get('services').auth.capturedMail ?? [])], 200, { 'Cache-Control': 'no-store' })
