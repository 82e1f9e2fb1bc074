/**
 * @module The access-token signing key: an Ed25519 key pair derived from `BLUEROUND_SIGNING_KEY`
 * (so every replica and every restart signs with the same key), published at
 * `/.well-known/jwks.json` with its `kid` (the RFC 7638 thumbprint).
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
