/**
 * @module vitest setup file: records the flow events emitted while each test runs.
 *
 * It registers an OpenTelemetry tracer provider with an in-memory exporter and an
 * AsyncLocalStorage context manager, so the `flow.step` span events that the server and the SDK
 * emit are captured, together with the test that caused them. After each test file the events go
 * to `.cache/flow-events/` for the conformance check. Production code never depends on this.
 */
import { createHash } from 'node:crypto'
import { relative, resolve } from 'node:path'
import { context, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { afterAll, afterEach, beforeEach, expect } from 'vitest'
import { EVENTS_DIR, writeFlowEvents } from '../flow-events.ts'
import type { FlowEvent } from '../flow-events.ts'

const root = resolve(import.meta.dirname, '../../..')
const exporter = new InMemorySpanExporter()
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
const contextManager = new AsyncLocalStorageContextManager().enable()
context.setGlobalContextManager(contextManager)
trace.setGlobalTracerProvider(provider)

const recorded: FlowEvent[] = []
let testFile = ''

const toNanos = ([seconds, nanos]: [number, number]) => seconds * 1e9 + nanos

beforeEach(() => {
  exporter.reset()
})

afterEach(async () => {
  await provider.forceFlush()
  const state = expect.getState()
  testFile = relative(root, state.testPath ?? '')
  const testName = state.currentTestName ?? '(unnamed)'
  for (const span of exporter.getFinishedSpans()) {
    const spanRun = `${span.spanContext().traceId}:${span.spanContext().spanId}`
    for (const event of span.events) {
      if (event.name !== 'flow.step') continue
      const a = event.attributes ?? {}
      const file = a['code.filepath']
      const line = a['code.lineno']
      recorded.push({
        flow: String(a['flow.id']),
        step: String(a['flow.step']),
        run: typeof a['flow.run'] === 'string' ? `${a['flow.id']}:${a['flow.run']}` : spanRun,
        time: toNanos(event.time as [number, number]),
        testFile,
        testName,
        ...(typeof file === 'string' && typeof line === 'number'
          ? { source: { file: relative(root, file), line } }
          : {}),
      })
    }
  }
  exporter.reset()
})

afterAll(async () => {
  if (recorded.length === 0) return
  const name = createHash('sha1').update(testFile).digest('hex').slice(0, 16)
  await writeFlowEvents(resolve(root, EVENTS_DIR), name, recorded)
})
