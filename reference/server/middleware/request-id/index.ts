/**
 * @module Pipeline step 2: the request ID. A well-formed incoming `X-Request-ID` is echoed;
 * otherwise a new UUID is generated. It is on every response, in every log line (a pino child
 * logger) and in every envelope's `meta.requestId`.
 * @see https://docs.blueround.com/api/tenancy-and-request-ids/
 */
import { randomUUID } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../lib/app-env.ts'
import { flowStep } from '../../observability/flow.ts'
import { lazyChild, type Logger } from '../../observability/logger.ts'
import { pipelineStep } from '../../observability/pipeline.ts'
import { setResponseHeader } from '../../lib/response-headers.ts'
import { requestHeader } from '../../lib/request-headers.ts'

/** 1–128 characters: letters, digits and `.` `_` `:` `-`, starting with a letter or digit. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

export interface RequestIdOptions {
  logger: Logger
  /** Log one line per request at `info`. @default true */
  accessLog?: boolean
}

export const requestId = (options: RequestIdOptions): MiddlewareHandler<AppEnv> => {
  const { logger } = options
  const accessLog = options.accessLog ?? true
  const logCompleted = (c: Context<AppEnv>, log: Logger): void => {
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - c.get('startedAt')) * 1000) / 1000,
      },
      'request completed',
    )
  }
  // Not `async`: with the access log off (LOG_LEVEL above info) nothing runs after `next()`.
  return function requestId(c, next) {
    const incoming = requestHeader(c, 'x-request-id')
    const echoed = incoming !== undefined && REQUEST_ID_PATTERN.test(incoming)
    const id = echoed ? incoming : randomUUID()
    flowStep(
      'api/tenancy-and-request-ids',
      'REQUEST',
      'HAS_ID',
      echoed ? 'ECHO' : 'GENERATE',
      'BIND',
    )
    pipelineStep(c, 'REQUEST_ID')
    c.set('requestId', id)
    const log = lazyChild(logger, { requestId: id })
    c.set('log', log)
    // Set before `next()` so every response, errors included, carries it (the cheap way:
    // lib/response-headers.ts).
    setResponseHeader(c, 'X-Request-ID', id)
    if (!accessLog || !logger.isLevelEnabled('info')) return next()
    return next().then(() => logCompleted(c, log))
  }
}
