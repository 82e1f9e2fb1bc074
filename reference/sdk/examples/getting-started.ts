import { Client } from '@blueround/redcore'

// Reads REDCORE_API_KEY and REDCORE_BASE_URL from the environment.
const client = new Client()

// The first call makes the implicit GET /v1/me: a 200 means the SDK is initialized.
const me = await client.me.get()
console.log(`Signed in as ${me.user.email} (${me.organization.name})`)
console.log(`Scopes: ${me.credential.scopes.join(' ')}`)

const organization = await client.organizations.current()
console.log(`Organization: ${organization.displayName} (${organization.slug})`)
