/**
 * @module `npm run check:links`: link-checks the built site in dist/ and fails on any broken link.
 * Set LINKS_ONLINE=1 (automatic on GitHub Actions) to check external links too.
 */
import { existsSync } from 'node:fs'
import { checkLinks } from '../site/checks/link-check.ts'
import { writeFigures } from '../site/checks/test-summary.ts'

const dir = process.argv[2] ?? 'dist'
if (!existsSync(dir)) {
  console.error(`No built site in ${dir}/. Run \`npm run build\` first.`)
  process.exit(1)
}
const online = process.env['LINKS_ONLINE'] === '1' || process.env['GITHUB_ACTIONS'] === 'true'
const result = await checkLinks({ dir, online })
for (const link of result.broken) {
  console.error(`BROKEN ${link.url} (on ${link.parent ?? '?'}): ${link.reason}`)
}
console.log(
  `Links: ${result.checked} ok, ${result.skipped} skipped${online ? '' : ' (external, offline mode)'}, ${result.broken.length} broken`,
)
// For the closing figures of `npm test` (site/checks/test-summary.ts): links checked, ok or not.
writeFigures('links', {
  checked: result.checked + result.broken.length,
  broken: result.broken.length,
})
process.exit(result.passed ? 0 : 1)
