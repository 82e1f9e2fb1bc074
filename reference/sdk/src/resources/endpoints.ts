/**
 * @module Every API operation the resources call: method, path template and the models of the
 * request and response. The resources read their paths from here, and a test checks each entry
 * against the server's OpenAPI document.
 */
import type { HttpMethod } from '../http/request.ts'
import {
  API_KEY,
  CREATED_API_KEY,
  CREATE_API_KEY,
  CREATE_USER,
  ME,
  ORGANIZATION,
  USER,
  type ModelSpec,
} from './model.ts'

export interface Endpoint {
  method: HttpMethod
  /** OpenAPI-style template, e.g. `/v1/api-keys/{id}`. */
  path: string
  /** `item`: `{ data: Model }`; `page`: `{ data: Model[], pagination }`. */
  response: { kind: 'item' | 'page'; status: number; model: ModelSpec }
  request?: ModelSpec
}

export const ENDPOINTS = {
  'me.get': { method: 'GET', path: '/v1/me', response: { kind: 'item', status: 200, model: ME } },
  'organizations.current': {
    method: 'GET',
    // v1 of this route is deprecated (Deprecation and Sunset headers); the SDK uses v2.
    path: '/v2/organizations/current',
    response: { kind: 'item', status: 200, model: ORGANIZATION },
  },
  'apiKeys.list': {
    method: 'GET',
    path: '/v1/api-keys',
    response: { kind: 'page', status: 200, model: API_KEY },
  },
  'apiKeys.get': {
    method: 'GET',
    path: '/v1/api-keys/{id}',
    response: { kind: 'item', status: 200, model: API_KEY },
  },
  'apiKeys.create': {
    method: 'POST',
    path: '/v1/api-keys',
    request: CREATE_API_KEY,
    response: { kind: 'item', status: 201, model: CREATED_API_KEY },
  },
  'apiKeys.revoke': {
    method: 'DELETE',
    path: '/v1/api-keys/{id}',
    response: { kind: 'item', status: 200, model: API_KEY },
  },
  'users.list': {
    method: 'GET',
    path: '/v1/users',
    response: { kind: 'page', status: 200, model: USER },
  },
  'users.get': {
    method: 'GET',
    path: '/v1/users/{id}',
    response: { kind: 'item', status: 200, model: USER },
  },
  'users.create': {
    method: 'POST',
    path: '/v1/users',
    request: CREATE_USER,
    response: { kind: 'item', status: 201, model: USER },
  },
} as const satisfies Record<string, Endpoint>

export type EndpointName = keyof typeof ENDPOINTS

/**
 * Operations whose server routes have not arrived yet. The contract test expects them to be
 * absent from the OpenAPI document, and fails once they appear, so that they are checked (and
 * removed from this list) as soon as the server has them. Empty since the auth issue.
 */
export const PENDING_ENDPOINTS: ReadonlySet<EndpointName> = new Set<EndpointName>([])

/** Fills `{name}` placeholders, encoding each value. */
export const pathOf = (name: EndpointName, params: Record<string, string> = {}): string =>
  ENDPOINTS[name].path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key]
    if (value === undefined) throw new TypeError(`${name}: missing path parameter ${key}`)
    return encodeURIComponent(value)
  })
