/**
 * @module Steps of diagrams/api/request-pipeline.mmd. Each middleware marks its decision node
 * where it decides; the error handler maps a failed decision to its error node, so every node is
 * emitted in exactly one place. Only API paths (`/v{n}/…`) take this flow.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../lib/app-env.ts'
import { flowRecording, flowStep } from './flow.ts'

const API_PATH = /^\/v\d+(?:\/|$)/

export const isApiPath = (path: string): boolean => API_PATH.test(path)

/**
 * Marks pipeline nodes for this request and remembers the last one. Without a tracer provider
 * (see `flowRecording`) it does nothing at all: the last node is only read to mark later steps.
 */
export const pipelineStep = (c: Context<AppEnv>, ...nodes: string[]): void => {
  if (!c.get('apiRequest') || !flowRecording()) return
  flowStep('api/request-pipeline', ...nodes)
  const last = nodes.at(-1)
  if (last !== undefined) c.set('pipelineStep', last)
}

/** The error node each decision leads to, and the error codes that mean that branch. */
const FAILURES: Record<string, { node: string; codes: readonly string[] }> = {
  BODY_LIMIT: { node: 'TOO_LARGE', codes: ['PAYLOAD_TOO_LARGE'] },
  VERSION: { node: 'UNSUPPORTED', codes: ['UNSUPPORTED_VERSION'] },
  RATE_LIMIT: { node: 'RATE_LIMITED', codes: ['RATE_LIMITED'] },
  AUTHENTICATE: { node: 'UNAUTHORIZED', codes: ['UNAUTHORIZED'] },
  TENANT: { node: 'ACCOUNT_INACTIVE', codes: ['ACCOUNT_INACTIVE'] },
  ROUTE: { node: 'NOT_FOUND', codes: ['NOT_FOUND'] },
  PERMISSION: { node: 'FORBIDDEN', codes: ['INSUFFICIENT_SCOPE', 'FORBIDDEN'] },
  VALIDATE: { node: 'INVALID', codes: ['VALIDATION_ERROR'] },
}

/**
 * Marks how an error leaves the pipeline: the failed decision's error node (or, after
 * validation passed, the handler's "No" branch), then the error envelope. Errors the diagram does
 * not show (timeouts, injected faults) mark nothing.
 */
export const pipelineError = (c: Context<AppEnv>, code: string): void => {
  const last = c.get('pipelineStep')
  if (last === undefined) return
  const failure = FAILURES[last]
  if (failure?.codes.includes(code) === true) pipelineStep(c, failure.node, 'ERROR_ENVELOPE')
  else if (last === 'VALIDATE') pipelineStep(c, 'HANDLER', 'ERROR_ENVELOPE')
}
