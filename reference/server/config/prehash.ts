/**
 * @module Starts hashing the admin password at the very start of the process, before the server's
 * modules load. scrypt runs on libuv's thread pool, so on a first start (when the admin is created)
 * the ~50 ms hash overlaps module loading instead of delaying "listening". The value is validated
 * later by {@link loadConfig}; the hash is used only if it matches the validated password.
 */
import { hashPassword } from '../services/password.ts'
import { DEV_ADMIN_PASSWORD } from './constants.ts'

export interface PasswordPrehash {
  password: string
  hash: Promise<string>
}

export const prehashAdminPassword = (): PasswordPrehash => {
  const password = process.env['BLUEROUND_ADMIN_PASSWORD'] ?? DEV_ADMIN_PASSWORD
  const hash = hashPassword(password)
  // Awaited only when the admin is created; never let an unused failure crash the process.
  hash.catch(() => undefined)
  return { password, hash }
}
