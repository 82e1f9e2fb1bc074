/**
 * @module Test helper: collects the SDK's flow events for assertions and forwards each one as an
 * OpenTelemetry `flow.step` span event, so the project's conformance recorder
 * (`site/conformance/recorder/vitest-setup.ts`) sees SDK steps exactly as it sees the server's.
 * Without a registered tracer provider the forwarding is a no-op.
 */
import { trace } from '@opentelemetry/api'
import type { FlowEvent, FlowId } from '../src/events.ts'

const tracer = trace.getTracer('@blueround/redcore tests')

/**
 * A strictly increasing timestamp (epoch ms, sub-ms precision). Each step gets its own span, and
 * spans anchor their clocks separately, so without an explicit time the steps of one run could
 * be recorded out of order.
 */
let last = 0
const monotonicNow = () => {
  last = Math.max(performance.timeOrigin + performance.now(), last + 0.001)
  return last
}

/**
 * The SDK source line that emitted the step: the first stack frame inside `reference/sdk/src/`
 * other than the event helper itself. The conformance report links flow pages to it.
 */
const emitterLocation = (): { file: string; line: number } | undefined => {
  for (const frame of new Error().stack?.split('\n').slice(1) ?? []) {
    const match =
      /(?:\(|at )(?:file:\/\/)?([^()\s]+\/reference\/sdk\/src\/[^():]+):(\d+):\d+\)?$/.exec(frame)
    if (match && !match[1]?.endsWith('/events.ts'))
      return { file: match[1] ?? '', line: Number(match[2]) }
  }
  return undefined
}

export interface FlowRecorder {
  events: FlowEvent[]
  onEvent: (event: FlowEvent) => void
  /** The steps of one flow, in order, optionally of one run only. */
  steps(flow: FlowId, run?: string): string[]
  /** The run ids seen for a flow, in order of first appearance. */
  runs(flow: FlowId): string[]
  /** The delays of the sleeps the SDK announced (`backoff`, `sleepRetryAfter`, `proactiveSleep`). */
  delays(step: 'backoff' | 'sleepRetryAfter' | 'proactiveSleep'): number[]
}

export const createFlowRecorder = (): FlowRecorder => {
  const events: FlowEvent[] = []
  return {
    events,
    onEvent(event) {
      events.push(event)
      const time = monotonicNow()
      const span = tracer.startSpan(`sdk ${event.flow}`, { startTime: time })
      const source = emitterLocation()
      span.addEvent(
        'flow.step',
        {
          'flow.id': event.flow,
          'flow.step': event.step,
          'flow.run': event.run,
          ...(source ? { 'code.filepath': source.file, 'code.lineno': source.line } : {}),
        },
        time,
      )
      span.end(time)
    },
    steps: (flow, run) =>
      events
        .filter((e) => e.flow === flow && (run === undefined || e.run === run))
        .map((e) => e.step),
    runs: (flow) => [...new Set(events.filter((e) => e.flow === flow).map((e) => e.run))],
    delays: (step) =>
      events
        .filter((e) => e.flow === 'sdk/error-retry' || e.flow === 'sdk/rate-limit')
        .filter(
          (e) =>
            e.step === step &&
            e.flow === (step === 'proactiveSleep' ? 'sdk/rate-limit' : 'sdk/error-retry'),
        )
        .map((e) => e.delayMs ?? Number.NaN),
  }
}
