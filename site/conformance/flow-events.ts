/**
 * @module Flow events as recorded from the test suite, and how they are stored between the test
 * run and the conformance check: one JSON object per line in `.cache/flow-events/*.jsonl`.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** One step of one documented flow, observed while a test ran. */
export interface FlowEvent {
  /** Diagram id, e.g. `api/rate-limiting`. */
  flow: string
  /** Node id (flowcharts), state name or `[*]` (state diagrams), branch label (sequences). */
  step: string
  /** Events of one run are ordered; consecutive steps must be edges of the diagram. */
  run: string
  /** Nanoseconds since the epoch, for ordering within a run. */
  time: number
  /** Test file, relative to the project root, and the test's full name. */
  testFile: string
  testName: string
  /** Where the step was emitted, relative to the project root, when known. */
  source?: { file: string; line: number }
}

export const EVENTS_DIR = '.cache/flow-events'

export async function writeFlowEvents(dir: string, name: string, events: readonly FlowEvent[]) {
  await mkdir(dir, { recursive: true })
  await writeFile(
    join(dir, `${name}.jsonl`),
    events.map((e) => JSON.stringify(e)).join('\n') + '\n',
  )
}

export async function readFlowEvents(dir: string): Promise<FlowEvent[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl'))
  const events: FlowEvent[] = []
  for (const file of files.sort()) {
    for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
      if (line.trim()) events.push(JSON.parse(line) as FlowEvent)
    }
  }
  return events
}
