/** @module What the request loop needs from a credential, API key or OAuth. */
import type { FlowEmitter } from '../events.ts'

/** The `Authorization` header for one attempt, and the token in it. */
export interface Authorization {
  header: string
  token: string
}

export type AuthFlow = FlowEmitter<'sdk/authentication'>
export type IntegrationFlow = FlowEmitter<'sdk/integration-sequence'>

export interface CredentialProvider {
  readonly kind: 'apiKey' | 'oauth'
  /** Whether a 401 can be answered with one refresh (OAuth) rather than an error (API key). */
  readonly canRefresh: boolean
  /** The credential for the next attempt. Emits the authentication flow up to `useApiKey` or `useToken`. */
  authorize(flow: AuthFlow, sequence: IntegrationFlow): Promise<Authorization>
  /** After a first 401: a newer stored token, or one refresh. Emits from `newerToken`. */
  recover(
    rejected: Authorization,
    flow: AuthFlow,
    sequence: IntegrationFlow,
  ): Promise<Authorization>
}
