/** @module The OpenAPI 3.1 document served at `/openapi.json`. */
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppConfig } from '../config/index.ts'
import type { AppEnv } from '../lib/app-env.ts'

export const OPENAPI_PATH = '/openapi.json'

export const openApiInfo = (config: Pick<AppConfig, 'publicUrl'>) => ({
  openapi: '3.1.0',
  info: {
    title: 'BlueRound API',
    version: '1.0.0',
    description:
      'The BlueRound API as served by the reference server. Every `/v1` and `/v2` response uses ' +
      'the envelopes described at https://docs.blueround.com/api/response-formats/.',
  },
  servers: [{ url: config.publicUrl, description: 'Local reference server' }],
  tags: [
    { name: 'Account', description: 'The caller and its organization' },
    { name: 'API keys', description: 'Credentials for server-to-server calls' },
    { name: 'OAuth 2.0', description: 'Token endpoint, revocation, introspection and JWKS' },
    { name: 'Users', description: 'Users, invitations and onboarding' },
    { name: 'Operations', description: 'Health and metrics' },
    { name: 'Development', description: 'Fault injection (dev and test mode only)' },
    { name: 'Products', description: 'The product catalog' },
    { name: 'Inventory', description: 'Barcode scans and reorder alerts' },
    { name: 'Suppliers', description: 'Suppliers, their credentials and the webhook delivery log' },
    { name: 'Purchase orders', description: 'Orders to suppliers and their acknowledgement' },
    { name: 'Shipments', description: 'Shipment tracking and delivery' },
    {
      name: 'Realtime',
      description:
        'Broadcasts to the WebSocket endpoint `GET /web?token=…` (protocol: ' +
        'https://docs.blueround.com/realtime/protocol/)',
    },
  ],
})

/** Registers the security scheme and the document route. */
export const registerOpenApi = (app: OpenAPIHono<AppEnv>, config: AppConfig): void => {
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`Authorization: Bearer brk_…`) or an OAuth 2.0 access token from ' +
      '`POST /oauth/token` (`Authorization: Bearer eyJ…`)',
  })
  app.doc31(OPENAPI_PATH, openApiInfo(config))
}

/** The document without serving it (for `scripts/write-openapi.ts`). */
export const openApiDocument = (app: OpenAPIHono<AppEnv>, config: Pick<AppConfig, 'publicUrl'>) =>
  app.getOpenAPI31Document(openApiInfo(config))
