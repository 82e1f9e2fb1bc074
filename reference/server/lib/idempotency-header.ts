/** @module The `Idempotency-Key` request header, as documented on POST routes that accept it. */
import { z } from '@hono/zod-openapi'

export const IdempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { in: 'header' },
      description:
        'Makes retries safe: a repeat with the same key and body returns the first result ' +
        'with `Idempotent-Replayed: true` and changes nothing.',
    }),
})
