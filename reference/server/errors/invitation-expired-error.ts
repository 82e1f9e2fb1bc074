/** @module 410 INVITATION_EXPIRED: the signup link is more than 48 hours old. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 410 INVITATION_EXPIRED: the signup link is more than 48 hours old; ask an admin to resend. */
export class InvitationExpiredError extends AppError {
  override name = 'InvitationExpiredError'
  constructor(message = 'The invitation has expired', options: AppErrorOptions = {}) {
    super(410, 'INVITATION_EXPIRED', message, options)
  }
}
