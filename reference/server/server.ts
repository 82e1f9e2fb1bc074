/** @module Serving an app over HTTP with @hono/node-server (used by main.ts, tests and the bench). */
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { App } from './create-app.ts'

export interface RunningServer {
  server: ServerType
  /** e.g. `http://127.0.0.1:8787` */
  url: string
  close(): Promise<void>
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once listening. */
export const listen = (app: App, host: string, port: number): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address
      resolve({
        server,
        url: `http://${shownHost}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()))
            if ('closeAllConnections' in server) server.closeAllConnections()
          }),
      })
    })
    server.once('error', reject)
  })
