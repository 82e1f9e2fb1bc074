/**
 * @module Signed, expiring download links of reports: a compact JWT (HS256, through `jose`) whose
 * key is derived from `BLUEROUND_SIGNING_KEY`, naming the report and its organization. Checked on
 * the injected clock.
 */
import { createHmac } from 'node:crypto'
import { SignJWT, errors, jwtVerify } from 'jose'
import type { Clock } from '../../lib/clock.ts'

export const REPORT_LINK_TTL_MS = 24 * 60 * 60_000
const AUDIENCE = 'blueround:report-download'

export type LinkCheck = 'valid' | 'expired' | 'invalid'

export const createReportLinks = (signingKey: string, clock: Clock, publicUrl: string) => {
  // A key of its own: a link token can never pass for an access token, or the reverse.
  const key = createHmac('sha256', signingKey).update('blueround-report-links').digest()
  return {
    async issue(report: { id: string; organizationId: string }) {
      const now = clock.now()
      const expiresAt = now + REPORT_LINK_TTL_MS
      const token = await new SignJWT({ org: report.organizationId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(report.id)
        .setAudience(AUDIENCE)
        .setIssuedAt(Math.floor(now / 1000))
        .setExpirationTime(Math.floor(expiresAt / 1000))
        .sign(key)
      return {
        url: `${publicUrl}/v1/reports/${report.id}/download?token=${token}`,
        expiresAt: new Date(expiresAt).toISOString(),
      }
    },

    /**
     * Checks a link's token for report `id`: its signature, audience, subject and expiry.
     * @returns the organization the link was issued to, or why it cannot be used
     */
    async read(
      token: string,
      id: string,
    ): Promise<{ organizationId: string } | Exclude<LinkCheck, 'valid'>> {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          audience: AUDIENCE,
          subject: id,
          currentDate: new Date(clock.now()),
          clockTolerance: 0,
        })
        const org = payload['org']
        return typeof org === 'string' ? { organizationId: org } : 'invalid'
      } catch (error) {
        return error instanceof errors.JWTExpired ? 'expired' : 'invalid'
      }
    },
  }
}

export type ReportLinks = ReturnType<typeof createReportLinks>
