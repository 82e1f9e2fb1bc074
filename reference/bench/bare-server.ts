/**
 * @module The baseline: a bare Hono app on @hono/node-server with one handler that returns a
 * fixed JSON body (the body the real pipeline returned), and nothing else.
 * Usage: node reference/bench/bare-server.ts <body.json>
 */
import { readFileSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const file = process.argv[2]
if (file === undefined) throw new Error('usage: bare-server.ts <body.json>')
const payload: unknown = JSON.parse(readFileSync(file, 'utf8'))

const app = new Hono()
app.get('*', (c) => c.json(payload))

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`listening on http://127.0.0.1:${info.port}\n`)
})
