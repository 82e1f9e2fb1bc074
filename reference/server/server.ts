/** @module Serving an app over HTTP with @hono/node-server (used by main.ts, tests and the bench). */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { App } from './create-app.ts'
import { onClientError } from './lib/http-client-errors.ts'

export interface RunningServer {
  server: ServerType
  /** e.g. `http://127.0.0.1:8787` */
  url: string
  close(): Promise<void>
}

/**
 * Listens on `host:port` (port 0 picks a free one) and resolves once listening. The app's config
 * sets the request-head cap (`maxHeaderSize`, 431) and the time a whole request may take to
 * arrive (seed 003's 5-minute upload limit, 408); both answer in the error envelope.
 */
export const listen = (app: App, host: string, port: number): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const { config } = app.services.deps
    const serverOptions = {
      maxHeaderSize: config.maxHeaderBytes,
      requestTimeout: config.uploadTimeoutMs,
      // The head must arrive within a minute (slow-loris), and never later than the whole request.
      headersTimeout: Math.min(60_000, config.uploadTimeoutMs),
    }
    const server = serve(
      { fetch: app.fetch, hostname: host, port, serverOptions },
      (info: AddressInfo) => {
        const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address
        // The WebSocket endpoint `/web` shares the port (see realtime/hub.ts).
        app.realtime.attach(server as Server)
        resolve({
          server,
          url: `http://${shownHost}:${info.port}`,
          close: async () => {
            // Sockets first, with 1001 Going Away, so clients see a clean close.
            await app.realtime.close()
            await new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()))
              if ('closeAllConnections' in server) server.closeAllConnections()
            })
          },
        })
      },
    )
    server.on('clientError', onClientError)
    server.once('error', reject)
  })
