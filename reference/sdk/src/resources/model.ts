/**
 * @module Resource shapes as data. Each model is a small runtime spec; its TypeScript type is
 * derived from the spec, and a test compares every spec with the server's OpenAPI document, so
 * the types cannot drift from the API unnoticed.
 */

/**
 * One field: `string`, `string|null`, `integer`, `number`, `boolean`, `enum:a|b`, `enum[]:a|b`,
 * or a nested model. A trailing `?` (`'string?'`) marks an optional request field.
 */
export type FieldSpec = ScalarSpec | `${ScalarSpec}?` | ModelSpec
type ScalarSpec =
  | 'string'
  | 'string|null'
  | 'integer'
  | 'number'
  | 'boolean'
  | `enum:${string}`
  | `enum[]:${string}`

export interface ModelSpec {
  readonly [field: string]: FieldSpec
}

type Split<S extends string> = S extends `${infer Head}|${infer Tail}` ? Head | Split<Tail> : S
type Scalar<F> = F extends 'string'
  ? string
  : F extends 'string|null'
    ? string | null
    : F extends 'integer' | 'number'
      ? number
      : F extends 'boolean'
        ? boolean
        : F extends `enum[]:${infer Values}`
          ? Split<Values>[]
          : F extends `enum:${infer Values}`
            ? Split<Values>
            : never
type FieldType<F> = F extends ModelSpec
  ? ModelOf<F>
  : F extends `${infer S}?`
    ? Scalar<S>
    : Scalar<F>
type OptionalKeys<S extends ModelSpec> = {
  [K in keyof S]: S[K] extends `${string}?` ? K : never
}[keyof S]
type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** The TypeScript type a spec describes. */
export type ModelOf<S extends ModelSpec> = Simplify<
  { -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: FieldType<S[K]> } & {
    -readonly [K in OptionalKeys<S>]?: FieldType<S[K]>
  }
>

const Scope = 'enum[]:read|write|admin'

/** `GET /v1/me`: the caller. */
/** Every scope a credential can carry: API keys' coarse ones and OAuth tokens' `<area>:<action>`. */
const CredentialScope =
  'enum[]:read|write|admin|users:read|users:write|api-keys:read|api-keys:write|products:read|products:write|inventory:read|inventory:write|orders:read|orders:write|shipments:read|shipments:write|reports:read|reports:write|devices:read|devices:write'

export const ME = {
  user: { id: 'string', email: 'string', name: 'string', role: 'enum:admin|member|viewer' },
  organization: { id: 'string', name: 'string', slug: 'string', status: 'enum:active|suspended' },
  credential: { kind: 'enum:api_key|jwt', id: 'string', scopes: CredentialScope },
} as const satisfies ModelSpec
export type Me = ModelOf<typeof ME>

/** `GET /v2/organizations/current`. */
export const ORGANIZATION = {
  id: 'string',
  displayName: 'string',
  slug: 'string',
  status: 'enum:active|suspended',
  createdAt: 'string',
} as const satisfies ModelSpec
export type Organization = ModelOf<typeof ORGANIZATION>

/** An API key as listed; the secret is never included. */
export const API_KEY = {
  id: 'string',
  name: 'string',
  prefix: 'string',
  scopes: Scope,
  createdAt: 'string',
  expiresAt: 'string|null',
  revokedAt: 'string|null',
} as const satisfies ModelSpec
export type ApiKey = ModelOf<typeof API_KEY>

/** The answer to `POST /v1/api-keys`: the key's secret, once (`null` on an idempotent replay). */
export const CREATED_API_KEY = { ...API_KEY, key: 'string|null' } as const satisfies ModelSpec
export type CreatedApiKey = ModelOf<typeof CREATED_API_KEY>

export const CREATE_API_KEY = {
  name: 'string',
  scopes: `${Scope}?`,
  expiresAt: 'string?',
} as const satisfies ModelSpec
export type CreateApiKeyInput = ModelOf<typeof CREATE_API_KEY>

/** A user, as `/v1/users` returns it. */
export const USER = {
  id: 'string',
  email: 'string',
  name: 'string',
  role: 'enum:admin|member|viewer',
  status: 'enum:pending_invite|active|inactive',
  createdAt: 'string',
} as const satisfies ModelSpec
export type User = ModelOf<typeof USER>

export const CREATE_USER = {
  email: 'string',
  name: 'string',
  role: 'enum:admin|member|viewer?',
} as const satisfies ModelSpec
export type CreateUserInput = ModelOf<typeof CREATE_USER>

/** The `pagination` object of every list response. */
export const PAGINATION = {
  page: 'integer',
  pageSize: 'integer',
  total: 'integer',
  totalPages: 'integer',
  hasNextPage: 'boolean',
  hasPreviousPage: 'boolean',
} as const satisfies ModelSpec
export type Pagination = ModelOf<typeof PAGINATION>
