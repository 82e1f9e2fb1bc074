/**
 * @module `@blueround/redcore`: the RedCore TypeScript SDK for the BlueRound API.
 * @see https://docs.blueround.com/sdk/getting-started/
 */
export { Client } from './client.ts'
export { DEFAULTS } from './options.ts'
export type { ClientOptions, OAuthOptions, RetryOptions, Sleep } from './options.ts'
export { FLOW_STEPS } from './events.ts'
export type { EventHandler, FlowDetails, FlowEvent, FlowId, FlowStep } from './events.ts'
export * from './errors/index.ts'
export { MemoryTokenStore } from './auth/token-store.ts'
export type { TokenPair, TokenStore } from './auth/token-store.ts'
export type { ApiResponse, CallSpec, HttpMethod, RequestOptions } from './http/request.ts'
export type { Page } from './resources/envelope.ts'
export type { ListParams, PageParams } from './resources/pagination.ts'
export type {
  ApiKey,
  CreateApiKeyInput,
  CreateUserInput,
  CreatedApiKey,
  Me,
  Organization,
  Pagination,
  User,
} from './resources/model.ts'
export type { RateLimitClass } from './rate-limit/classify.ts'
