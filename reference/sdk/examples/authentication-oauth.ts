import { Client } from '@blueround/redcore'

const client = new Client({
  oauth: { username: 'admin@acme.test', password: 'blueround-dev-admin' },
  onEvent: (event) => {
    if (event.flow === 'sdk/authentication' && ['passwordGrant', 'refresh'].includes(event.step))
      console.log(`Token request: ${event.step}`)
  },
})

// The first call signs in (grant_type=password); later calls reuse the stored pair
// and refresh it silently once it expires.
const me = await client.me.get()
const user = await client.users.get(me.user.id)
console.log(`${user.name} <${user.email}>, ${user.status}`)
