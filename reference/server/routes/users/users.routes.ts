/** @module Contracts of `/v{n}/users` and `/v{n}/invitations/accept`. */
import { createRoute, z } from '@hono/zod-openapi'
import {
  ErrorEnvelopeSchema,
  PageQuerySchema,
  badRequestError,
  bearerSecurity,
  commonErrors,
  conflictError,
  json,
  notFoundError,
  paginatedEnvelope,
  successEnvelope,
} from '../../lib/openapi-schemas.ts'
import { requireRole, requireScope } from '../../middleware/permission/index.ts'

const Role = z.enum(['admin', 'member', 'viewer'])
const Status = z.enum(['pending_invite', 'active', 'inactive'])

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: 'usr_8fJ2kQ0xVb1mZt7c' }),
    email: z.string().openapi({ example: 'dana@acme.test' }),
    name: z.string().openapi({ example: 'Dana Smith' }),
    role: Role,
    status: Status,
    createdAt: z.string().openapi({ example: '2026-11-22T10:00:00.000Z' }),
  })
  .openapi('User')

export const CreateUserSchema = z
  .object({
    email: z.email().max(254),
    name: z.string().trim().min(1).max(200),
    role: Role.default('member'),
  })
  .openapi('CreateUser', {
    example: { email: 'dana@acme.test', name: 'Dana Smith', role: 'member' },
  })

export const UpdateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: Role.optional(),
    status: z.enum(['active', 'inactive']).optional(),
  })
  .refine((v) => v.name !== undefined || v.role !== undefined || v.status !== undefined, {
    message: 'send at least one of name, role, status',
  })
  .openapi('UpdateUser', { example: { status: 'inactive' } })

const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'usr_8fJ2kQ0xVb1mZt7c' }),
})

export const createUser = createRoute({
  method: 'post',
  path: '/users',
  tags: ['Users'],
  summary: 'Invite a user: creates it as pending_invite and emails a signup link (48 h)',
  security: bearerSecurity,
  middleware: [requireScope('users:write')] as const,
  request: {
    body: { content: { 'application/json': { schema: CreateUserSchema } }, required: true },
  },
  responses: {
    201: {
      ...json(successEnvelope(UserSchema), 'The new user; Location names it'),
      headers: z.object({
        Location: z.string().openapi({ example: '/v1/users/usr_8fJ2kQ0xVb1mZt7c' }),
      }),
    },
    ...badRequestError,
    ...conflictError,
    ...commonErrors,
  },
})

export const listUsers = createRoute({
  method: 'get',
  path: '/users',
  tags: ['Users'],
  summary: "List the organization's users",
  security: bearerSecurity,
  middleware: [requireScope('users:read')] as const,
  request: { query: PageQuerySchema },
  responses: {
    200: json(paginatedEnvelope(UserSchema), 'A page of users, oldest first'),
    ...commonErrors,
  },
})

export const getUser = createRoute({
  method: 'get',
  path: '/users/{id}',
  tags: ['Users'],
  summary: 'Get one user',
  security: bearerSecurity,
  middleware: [requireScope('users:read')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(UserSchema), 'The user'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const updateUser = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['Users'],
  summary: 'Change name, role or status; inactive revokes every token of the user at once',
  security: bearerSecurity,
  middleware: [requireScope('users:write')] as const,
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: UpdateUserSchema } }, required: true },
  },
  responses: {
    200: json(successEnvelope(UserSchema), 'The updated user'),
    ...badRequestError,
    ...notFoundError,
    ...commonErrors,
  },
})

export const deleteUser = createRoute({
  method: 'delete',
  path: '/users/{id}',
  tags: ['Users'],
  summary: 'Soft-delete a user (purged after the retention period)',
  security: bearerSecurity,
  middleware: [requireScope('users:write')] as const,
  request: { params: IdParams },
  responses: {
    204: { description: 'Deleted' },
    ...notFoundError,
    ...commonErrors,
  },
})

export const ResentSchema = z
  .object({ user: UserSchema, expiresAt: z.string() })
  .openapi('InvitationResent')

export const resendInvitation = createRoute({
  method: 'post',
  path: '/users/{id}/invitation',
  tags: ['Users'],
  summary: 'Resend the invitation (admin): the new link replaces the old one',
  security: bearerSecurity,
  middleware: [requireScope('users:write'), requireRole('admin')] as const,
  request: { params: IdParams },
  responses: {
    202: json(successEnvelope(ResentSchema), 'A new invitation email is queued'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const AcceptInvitationSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: z.string().min(12, 'must be at least 12 characters').max(1024),
  })
  .openapi('AcceptInvitation', {
    example: { token: 'inv_…', password: 'a long passphrase' },
  })

export const acceptInvitation = createRoute({
  method: 'post',
  path: '/invitations/accept',
  tags: ['Users'],
  summary: 'Accept an invitation: set a password; the user becomes active',
  request: {
    body: { content: { 'application/json': { schema: AcceptInvitationSchema } }, required: true },
  },
  responses: {
    200: json(successEnvelope(UserSchema), 'The now active user'),
    400: json(ErrorEnvelopeSchema, 'VALIDATION_ERROR: unknown, used or replaced token'),
    410: json(ErrorEnvelopeSchema, 'INVITATION_EXPIRED: more than 48 hours old'),
    422: json(ErrorEnvelopeSchema, 'VALIDATION_ERROR with field details'),
    429: json(ErrorEnvelopeSchema, 'RATE_LIMITED; see Retry-After'),
  },
})
