/**
 * @module The operations the fuzzer drives, read from the server's own OpenAPI document, so a
 * route added anywhere in the app factory is fuzzed without touching this suite.
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../lib/app-env.ts'
import { openApiDocument } from '../routes/openapi.ts'

/** A JSON Schema as found in the document (OpenAPI 3.1 is JSON Schema 2020-12). */
export type JsonSchema = {
  type?: string | string[]
  format?: string
  enum?: unknown[]
  const?: unknown
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  pattern?: string
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  default?: unknown
  $ref?: string
}

export interface FuzzParameter {
  name: string
  in: 'path' | 'query' | 'header'
  required: boolean
  schema: JsonSchema
}

export interface FuzzOperation {
  method: string
  /** The OpenAPI path template, e.g. `/v1/products/{id}`. */
  path: string
  parameters: FuzzParameter[]
  /** The request body's media type and schema, if the operation takes one. */
  body: { contentType: string; schema: JsonSchema } | undefined
  /** The statuses the document lists for this operation. */
  statuses: number[]
  /** Whether the operation takes a credential (has a `security` requirement). */
  secured: boolean
}

interface RawOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
  responses?: Record<string, unknown>
  security?: unknown[]
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const

/** Inlines local `$ref`s (`#/components/schemas/X`) so generators see plain schemas. */
const resolver = (document: { components?: { schemas?: Record<string, JsonSchema> } }) => {
  const resolve = (schema: JsonSchema | undefined, depth = 0): JsonSchema => {
    if (schema === undefined || depth > 8) return {}
    if (schema.$ref !== undefined) {
      const name = schema.$ref.replace('#/components/schemas/', '')
      return resolve(document.components?.schemas?.[name], depth + 1)
    }
    const out: JsonSchema = { ...schema }
    if (schema.items !== undefined) out.items = resolve(schema.items, depth + 1)
    if (schema.properties !== undefined)
      out.properties = Object.fromEntries(
        Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, depth + 1)]),
      )
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      if (schema[key] !== undefined) out[key] = schema[key].map((s) => resolve(s, depth + 1))
    return out
  }
  return resolve
}

/** Every operation of the app's OpenAPI document. */
export const fuzzOperations = (app: OpenAPIHono<AppEnv>): FuzzOperation[] => {
  const document = openApiDocument(app, { publicUrl: 'http://127.0.0.1:8787' }) as unknown as {
    paths: Record<string, Partial<Record<(typeof METHODS)[number], RawOperation>>>
    components?: { schemas?: Record<string, JsonSchema> }
  }
  const resolve = resolver(document)
  const operations: FuzzOperation[] = []
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (op === undefined) continue
      const [contentType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? []
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
          .map((p) => ({
            name: p.name,
            in: p.in as FuzzParameter['in'],
            required: p.required === true,
            schema: resolve(p.schema),
          })),
        body:
          contentType === undefined ? undefined : { contentType, schema: resolve(media?.schema) },
        statuses: Object.keys(op.responses ?? {}).map(Number),
        secured: (op.security ?? []).length > 0,
      })
    }
  }
  return operations
}
