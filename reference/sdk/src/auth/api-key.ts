/** @module API-key credentials: the key is sent as a bearer token and never refreshed. */
import { RedcoreError } from '../errors/redcore-error.ts'
import type { Authorization, CredentialProvider } from './credentials.ts'

export const apiKeyCredentials = (apiKey: string): CredentialProvider => {
  const authorization: Authorization = { header: `Bearer ${apiKey}`, token: apiKey }
  return {
    kind: 'apiKey',
    canRefresh: false,
    async authorize(flow, sequence) {
      flow('start')
      flow('credentialKind')
      sequence('API key')
      flow('useApiKey')
      return authorization
    },
    recover() {
      // The retry decision never asks: API keys cannot be refreshed.
      return Promise.reject(new RedcoreError('An API key cannot be refreshed'))
    },
  }
}
