import { Client, NotFoundError, isRedcoreAPIError } from '@blueround/redcore'

const client = new Client({
  // The observability hook: print each back-off as it is decided.
  onEvent: (event) => {
    if (event.flow === 'sdk/error-retry' && event.step === 'backoff')
      console.log(`Attempt ${event.attempt} failed; retrying in ${event.delayMs} ms`)
  },
})

// Fault injection (reference server only): 503, then 500, then success for this session.
const session = { 'X-Fault-Session': `docs-${Date.now()}`, 'X-Fault-Sequence': '503,500,200' }
const organization = await client.organizations.current({ headers: session })
console.log(`Got ${organization.displayName} after two retries`)

// A 404 is raised at once, as a typed error.
try {
  await client.apiKeys.get('key_doesnotexist')
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error
  console.log(`${error.name}: ${error.status} ${error.code}, request ${error.requestId}`)
}

// Every attempt fails: when the retries run out, the SDK raises RedcoreAPIError.
const impatient = new Client({ maxRetries: 1 })
try {
  await impatient.organizations.current({ headers: { 'X-Fault-Status': '500' } })
} catch (error) {
  if (!isRedcoreAPIError(error)) throw error
  console.log(`${error.name}: ${error.status} ${error.code} after ${error.attempts} attempts`)
}
