import { Client } from '@blueround/redcore'

const client = new Client()
const names = ['docs: page 1', 'docs: page 2', 'docs: page 3']
const created = []
for (const name of names) created.push(await client.apiKeys.create({ name, scopes: ['read'] }))

// One page at a time.
const page = await client.apiKeys.listPage({ page: 1, pageSize: 2 })
const { page: number, totalPages, hasNextPage } = page.pagination
console.log(`Page ${number} of ${totalPages}: ${page.data.length} keys, more: ${hasNextPage}`)

// Every key: the iterator fetches the next page only when the loop needs it.
let count = 0
for await (const key of client.apiKeys.list({ pageSize: 2 })) {
  if (key.revokedAt === null) count += 1
}
console.log(`${count} active keys`)

for (const key of created) await client.apiKeys.revoke(key.id)
