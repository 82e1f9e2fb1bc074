import { Client } from '@blueround/redcore'

const client = new Client({
  onEvent: (event) => {
    if (event.flow !== 'sdk/rate-limit') return
    if (event.step === 'proactiveSleep')
      console.log(`No ${event.rateLimitClass} requests left: sleeping ${event.delayMs} ms`)
    if (event.step === 'sleepRetryAfter') console.log(`429: waiting ${event.delayMs} ms`)
  },
})

await client.apiKeys.listPage()
const read = client.rateLimits.snapshot('read')
console.log(`read: ${read?.remaining} left until ${new Date(read?.resetAt ?? 0).toISOString()}`)

// Another worker with the same API key used up the limit: the server answers 429
// with Retry-After: 1 (simulated here with fault injection), and the SDK waits exactly 1 s.
const busy = {
  'X-Fault-Session': `docs-429-${Date.now()}`,
  'X-Fault-Sequence': '429',
  'X-Fault-Retry-After': '1',
}
const page = await client.apiKeys.listPage({}, { headers: busy })
console.log(`Then the retry succeeded: ${page.data.length} keys`)
