import { AuthenticationError, Client, PermissionDeniedError } from '@blueround/redcore'

const admin = new Client() // REDCORE_API_KEY: the dev key, scopes read write admin

// A new key with only the read scope. Its secret is in the response this once.
const created = await admin.apiKeys.create({ name: 'docs: read only', scopes: ['read'] })
const readOnly = new Client({ apiKey: created.key ?? '' })
console.log(`Read-only key ${created.prefix}… can read: ${(await readOnly.me.get()).user.email}`)

// Writing needs the write scope: 403, raised at once and never retried.
try {
  await readOnly.apiKeys.create({ name: 'not allowed' })
} catch (error) {
  if (!(error instanceof PermissionDeniedError)) throw error
  console.log(`${error.name}: ${error.status} ${error.code}`)
}

// A revoked key is rejected with 401 when the next client initializes.
await admin.apiKeys.revoke(created.id)
try {
  await new Client({ apiKey: created.key ?? '' }).me.get()
} catch (error) {
  if (!(error instanceof AuthenticationError)) throw error
  console.log(`${error.name}: ${error.status} ${error.code}`)
}
