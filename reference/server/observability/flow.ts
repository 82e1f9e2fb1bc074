/**
 * @module Flow steps: marks each step of a documented diagram where it happens in the code, as an
 * OpenTelemetry span event (`flow.step` with `flow.id` and `flow.step`) on the request's span.
 * Steps are Mermaid node ids (flowcharts), state names (state diagrams) or branch labels
 * (sequence diagrams) of `diagrams/**.mmd`. With no tracer provider registered this costs next to
 * nothing; the test suite registers one and the conformance check compares the steps with the
 * diagrams.
 * @see https://docs.blueround.com/contributing/flow-conformance/
 */
import { ProxyTracerProvider, trace } from '@opentelemetry/api'
import type { Attributes, Span } from '@opentelemetry/api'

/** The API's no-op provider: what a proxy delegates to while no SDK is registered. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate()

/**
 * Whether a tracer provider is registered (the test suite's recorder, or an OpenTelemetry SDK an
 * operator installs). Without one, flow steps and the per-request span are skipped entirely: the
 * API's no-op spans still cost an async context switch and several allocations per request.
 */
export const flowRecording = (): boolean => {
  const provider = trace.getTracerProvider()
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NOOP_PROVIDER
}

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
  | 'architecture/token-lifecycle'
  | 'auth/token-flow'
  | 'auth/token-endpoint'
  | 'auth/http-login'
  | 'auth/permission-flow'
  | 'auth/api-keys'
  | 'users/onboarding'
  | 'users/user-creation'
  | 'catalog/list-products'
  | 'catalog/create-product'
  | 'workflows/inventory-scan'
  | 'workflows/purchase-order'
  | 'workflows/webhook-delivery'
  | 'workflows/shipment-tracking'
  | 'workflows/order-lifecycle'
  | 'workflows/report-generation'
  | 'workflows/real-time-analytics'
  | 'workflows/device-grouping'
  | 'workflows/data-aggregation'
  | 'workflows/multi-cloud-routing'
  | 'realtime/websocket-authentication'
  | 'realtime/connection-limiting'
  | 'realtime/get-products'
  | 'realtime/paginated-products'
  | 'realtime/broadcast'
  | 'realtime/channels-and-heartbeat'

export interface FlowStepOptions {
  /**
   * Groups steps of one logical run across spans (a user's onboarding spans a request and a
   * background job, say). Without it, the steps of one span form one run.
   */
  run?: string
}

/** The tracer that opens one span per request, so each request's steps form one run. */
export const tracer = trace.getTracer('blueround-reference')

/**
 * Strictly increasing event times: spans anchor their clocks separately, so two steps recorded on
 * different spans in quick succession could otherwise come out in the wrong order.
 */
let lastTime = 0
const monotonicNow = (): number => {
  lastTime = Math.max(performance.timeOrigin + performance.now(), lastTime + 0.001)
  return lastTime
}

/** The caller's file and line, as OpenTelemetry's `code.*` attributes, for the flow pages. */
const callerLocation = (): Attributes => {
  // A short stack: the caller is a few frames up, and a full (source-mapped) stack per step made
  // flow recording the slowest part of every request under test.
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 8
  const stack = new Error().stack
  Error.stackTraceLimit = limit
  for (const frame of stack?.split('\n').slice(1) ?? []) {
    if (frame.includes('/observability/flow.ts')) continue
    const match = /(?:\(|at )(?:file:\/\/)?([^()\s]+):(\d+):\d+\)?$/.exec(frame)
    return match ? { 'code.filepath': match[1], 'code.lineno': Number(match[2]) } : {}
  }
  return {}
}

const record = (span: Span, flow: string, steps: string[], options: FlowStepOptions) => {
  const location = callerLocation()
  for (const step of steps) {
    span.addEvent(
      'flow.step',
      {
        'flow.id': flow,
        'flow.step': step,
        ...(options.run === undefined ? {} : { 'flow.run': options.run }),
        ...location,
      },
      monotonicNow(),
    )
  }
}

/**
 * Records that the current request (or job) passed one or more steps of a diagram, in order.
 * Outside any span (a background job, say), the steps get a span of their own.
 * @example flowStep('api/rate-limiting', 'limit_exceeded')
 */
export function flowStep(flow: FlowId, ...steps: string[]): void {
  flowStepIn(flow, {}, ...steps)
}

/**
 * {@link flowStep} with options, e.g. a `run` id that ties steps in different spans together.
 * @example flowStepIn('users/onboarding', { run: user.id }, 'send_email')
 */
export function flowStepIn(flow: FlowId, options: FlowStepOptions, ...steps: string[]): void {
  if (!flowRecording()) return
  const active = trace.getActiveSpan()
  if (active !== undefined) {
    if (active.isRecording()) record(active, flow, steps, options)
    return
  }
  const span = tracer.startSpan(`flow ${flow}`)
  if (span.isRecording()) record(span, flow, steps, options)
  span.end()
}
