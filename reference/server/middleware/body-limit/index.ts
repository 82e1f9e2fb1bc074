/**
 * @module Request body cap: a body larger than `maxBytes` (default 1 MiB,
 * `BLUEROUND_MAX_BODY_BYTES`) answers 413 PAYLOAD_TOO_LARGE in the error envelope, before anything
 * parses it. Hono's `bodyLimit` does the counting: it trusts `Content-Length` and otherwise counts
 * the streamed bytes, stopping at the cap, so a chunked body cannot get round it.
 * @see https://docs.blueround.com/reference-server/security/#limits
 */
import type { MiddlewareHandler } from 'hono'
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import { PayloadTooLargeError } from '../../errors/payload-too-large-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { pipelineStep } from '../../observability/pipeline.ts'

export const bodyLimit = (maxBytes: number): MiddlewareHandler<AppEnv> => {
  if (!Number.isInteger(maxBytes) || maxBytes <= 0)
    throw new Error(`bodyLimit: maxBytes must be a positive integer, got ${maxBytes}`)
  const limit = honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(`Request body larger than ${maxBytes} bytes`)
    },
  })
  return function bodyLimit(c, next) {
    pipelineStep(c, 'BODY_LIMIT')
    // @hono/node-server gives GET and HEAD requests no body, so there is nothing to count.
    // Skipping them also spares building the full `Request` that asking for the body forces.
    const method = c.req.method
    if (method === 'GET' || method === 'HEAD') return next()
    return limit(c, next)
  }
}
