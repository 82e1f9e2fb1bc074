/**
 * @module The auth and users services of one app: tokens (OAuth 2.0), permissions (cached role
 * scopes), users and onboarding, and the mailer they send through.
 */
import type { AppDeps } from '../lib/app-env.ts'
import type { JobQueue } from '../jobs/index.ts'
import { createCapturingMailer, createSmtpMailer, type CapturedMail } from '../mailer/index.ts'
import type { Mailer } from './mailer.ts'
import { createPermissionService } from './permissions.ts'
import { createTokenService } from './tokens.ts'
import { createUserService } from './users.ts'

export const createAuthServices = (deps: AppDeps, jobs: JobQueue) => {
  const { store, clock, config, cache } = deps
  let mailer: Mailer
  let capturedMail: CapturedMail[] | undefined
  if (deps.mailer !== undefined) mailer = deps.mailer
  else if (config.smtpUrl !== undefined) mailer = createSmtpMailer(config.smtpUrl)
  else {
    const capturing = createCapturingMailer(clock)
    mailer = capturing
    capturedMail = capturing.captured
  }
  const permissions = createPermissionService(store, cache)
  const tokens = createTokenService({ store, clock, config, cache })
  const users = createUserService({ store, clock, config, jobs, mailer, tokens, permissions })
  return { mailer, capturedMail, permissions, tokens, users }
}

export type AuthServices = ReturnType<typeof createAuthServices>
