/**
 * @module Flow steps: marks each step of a documented diagram where it happens in the code, as an
 * OpenTelemetry span event. Without a registered tracer provider this is a cheap no-op; the flow
 * conformance issue registers one and checks the events against `diagrams/api/*.mmd`.
 */
import { trace } from '@opentelemetry/api'

/** Diagram ids under `diagrams/`, e.g. `api/rate-limiting`. */
export type FlowId =
  | 'api/request-pipeline'
  | 'api/error-handling'
  | 'api/handler-error-recovery'
  | 'api/rate-limiting'
  | 'api/health-check'
  | 'api/metrics-scraping'
  | 'api/versioning-and-deprecation'
  | 'api/tenancy-and-request-ids'

/**
 * Records that a request passed one step (node or edge) of a diagram.
 * @example flowStep('api/rate-limiting', 'count_ok')
 */
export const flowStep = (flow: FlowId, step: string): void => {
  const span = trace.getActiveSpan()
  if (span === undefined) return
  span.addEvent('flow.step', { 'flow.id': flow, 'flow.step': step })
}
