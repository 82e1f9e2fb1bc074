/**
 * @module Optional TOTP multi-factor authentication (RFC 6238, with `otpauth`): 6 digits, 30 s
 * period, SHA-1, one period of drift either side. Once enrolled, the password grant needs `otp`.
 * @see https://docs.blueround.com/auth/http-login/
 */
import { Secret, TOTP } from 'otpauth'

const totp = (secret: string, label = 'BlueRound') =>
  new TOTP({
    issuer: 'BlueRound',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  })

/** A new random base32 secret (160 bits). */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32

/** The `otpauth://` URI an authenticator app scans. */
export const totpUri = (secret: string, email: string): string => totp(secret, email).toString()

/** Checks a code at `now` (epoch ms, the injected clock), allowing ±1 period. */
export const verifyTotp = (secret: string, token: string, now: number): boolean =>
  /^\d{6}$/.test(token) && totp(secret).validate({ token, timestamp: now, window: 1 }) !== null

/** The current code; for tests and the docs' examples. */
export const currentTotp = (secret: string, now: number): string =>
  totp(secret).generate({ timestamp: now })
