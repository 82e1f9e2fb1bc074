/** @module Contract of `GET /_dev/mail` (dev and test mode only; 404 in production). */
import { createRoute, z } from '@hono/zod-openapi'

export const CapturedMailSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    links: z.array(z.string()),
    sentAt: z.string(),
  })
  .openapi('CapturedMail')

export const listMail = createRoute({
  method: 'get',
  path: '/_dev/mail',
  tags: ['Development'],
  summary: 'Mail captured in dev mode (no SMTP_URL), oldest first',
  responses: {
    200: {
      content: { 'application/json': { schema: z.array(CapturedMailSchema) } },
      description: 'Every captured message',
    },
  },
})
