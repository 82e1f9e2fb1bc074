/**
 * @module The access-token signing keys: an Ed25519 key pair derived from `BLUEROUND_SIGNING_KEY`
 * (so every replica and every restart signs with the same key), published at
 * `/.well-known/jwks.json` with its `kid` (the RFC 7638 thumbprint). Rotation: the new secret
 * becomes `BLUEROUND_SIGNING_KEY` and the old one moves to `BLUEROUND_PREVIOUS_SIGNING_KEYS`;
 * new tokens are signed with the new key, the JWKS lists both, and tokens signed with the old key
 * keep verifying (by their `kid`) until they expire. After the access-token lifetime (1 hour)
 * the old secret can be dropped.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose'

/** PKCS #8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

export interface SigningKeys {
  alg: 'EdDSA'
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
  jwks: { keys: JWK[] }
}

export const createSigningKeys = async (secret: string): Promise<SigningKeys> => {
  const seed = createHash('sha256').update(`blueround-jwt:${secret}`).digest()
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const publicKey = createPublicKey(privateKey)
  const jwk = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(jwk)
  return {
    alg: 'EdDSA',
    kid,
    privateKey,
    publicKey,
    jwks: { keys: [{ ...jwk, kid, alg: 'EdDSA', use: 'sig' }] },
  }
}

/** The current key (signs) and the previous ones (verify only), looked up by `kid`. */
export interface KeyRing {
  current: SigningKeys
  /** The key a token names in its `kid` header, or `undefined` for an unknown or missing kid. */
  byKid(kid: string | undefined): SigningKeys | undefined
  /** Every public key, current first: what `/.well-known/jwks.json` serves. */
  jwks: { keys: JWK[] }
}

export const createKeyRing = async (
  currentSecret: string,
  previousSecrets: readonly string[] = [],
): Promise<KeyRing> => {
  const current = await createSigningKeys(currentSecret)
  const previous = await Promise.all(previousSecrets.map((secret) => createSigningKeys(secret)))
  const all = [current, ...previous.filter((k) => k.kid !== current.kid)]
  const byKid = new Map(all.map((k) => [k.kid, k]))
  return {
    current,
    byKid: (kid) => (kid === undefined ? undefined : byKid.get(kid)),
    jwks: { keys: all.flatMap((k) => k.jwks.keys) },
  }
}
