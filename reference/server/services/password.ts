/** @module Password hashing with scrypt from `node:crypto` (no native addons). */
import type { ScryptOptions } from 'node:crypto'

// `process.getBuiltinModule`, not an ES import: `main.ts` loads this file (config/prehash.ts)
// before the server, and an ES import of `node:crypto` also builds its namespace, reading every
// export (webcrypto included) at start-up.
const { randomBytes, scrypt, timingSafeEqual } = process.getBuiltinModule('node:crypto')

const PARAMS = { N: 16_384, r: 8, p: 1 } as const
const KEY_LENGTH = 64

const derive = (password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    )
  })

/** Hashes a password as `scrypt$N$r$p$<salt>$<hash>` (base64url parts). */
export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16)
  const key = await derive(password, salt, PARAMS)
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$')
}

/** Verifies a password against {@link hashPassword}'s output in constant time. */
export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}
