/**
 * @module `npm run conformance`: checks the flow events recorded by the test suite against every
 * diagram, prints the table, writes `.cache/conformance/report.json` (the site shows it on each
 * flow page) and fails when a behavioural diagram is below 100 % or an undocumented step appears.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { buildDiagramLibrary } from '../site/diagrams/engine/diagram-library.ts'
import { checkConformance } from '../site/conformance/check-conformance.ts'
import { readDescriptiveDiagrams } from '../site/conformance/descriptive-diagrams.ts'
import { EVENTS_DIR, readFlowEvents } from '../site/conformance/flow-events.ts'
import { formatReport } from '../site/conformance/format-report.ts'

const root = resolve(import.meta.dirname, '..')
const library = await buildDiagramLibrary({
  diagramsDir: join(root, 'diagrams'),
  root,
  cacheDir: join(root, '.cache/diagrams'),
})
const events = await readFlowEvents(join(root, EVENTS_DIR))
const descriptive = await readDescriptiveDiagrams(join(root, 'diagrams/descriptive.yaml'))
for (const id of descriptive.keys()) {
  if (!library.diagrams.has(id)) {
    console.error(`diagrams/descriptive.yaml lists "${id}", but there is no diagrams/${id}.mmd.`)
    process.exit(1)
  }
}
const report = checkConformance([...library.diagrams.values()], events, descriptive)
await mkdir(join(root, '.cache/conformance'), { recursive: true })
await writeFile(join(root, '.cache/conformance/report.json'), JSON.stringify(report, null, 2))
console.log(formatReport(report))
console.log(
  `(${events.length} flow events from ${new Set(events.map((e) => e.testFile)).size} test files)`,
)
// `--report-only` prints and writes the report without failing, for a look while a flow is half
// instrumented; the test command and the pipeline never pass it.
process.exit(report.passed || process.argv.includes('--report-only') ? 0 : 1)
