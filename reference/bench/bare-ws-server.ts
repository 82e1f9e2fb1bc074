/**
 * @module The realtime baseline: a bare `ws` server that echoes every text frame back, and on the
 * frame `broadcast` sends one fixed message to every other socket at once. No auth, no routing,
 * no database. Usage: node reference/bench/bare-ws-server.ts
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

const server = createServer()
const wss = new WebSocketServer({ server })
const message = JSON.stringify({
  pkg_id: 100,
  req_id: '00000000-0000-0000-0000-000000000000',
  data: { notice: 'bench' },
})
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    if (String(data) !== 'broadcast') return ws.send(data)
    for (const client of wss.clients) if (client !== ws) client.send(message)
  })
})
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`)
})
