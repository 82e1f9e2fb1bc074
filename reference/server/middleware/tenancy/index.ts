/**
 * @module Pipeline step 5: tenant (organization) context. Every resource belongs to the caller's
 * organization; a suspended organization gets 403 ACCOUNT_INACTIVE. An admin who sends
 * `X-Debug-Resource-Tracking: true` gets `X-Resource-Tracking-ID` and `Server-Timing` figures.
 * @see https://docs.blueround.com/api/tenancy-and-request-ids/
 */
import type { MiddlewareHandler } from 'hono'
import { AccountInactiveError } from '../../errors/account-inactive-error.ts'
import { UnauthorizedError } from '../../errors/unauthorized-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { newId } from '../../lib/ids.ts'
import { flowStep } from '../../observability/flow.ts'
import type { Store } from '../../store/index.ts'

const ms = (value: number): string => value.toFixed(3)

export const tenancy = (store: Store): MiddlewareHandler<AppEnv> => {
  return async function tenancy(c, next) {
    const principal = c.var.principal
    const organization =
      principal.organization ?? (await store.organizations.findById(principal.organizationId))
    if (organization === undefined) throw new UnauthorizedError('Credential has no organization')
    if (organization.status !== 'active') {
      flowStep('api/tenancy-and-request-ids', 'organization_suspended')
      throw new AccountInactiveError(`Organization ${organization.name} is suspended`)
    }
    flowStep('api/tenancy-and-request-ids', 'organization_active')
    c.set('organization', organization)
    const tracking =
      c.req.header('x-debug-resource-tracking') === 'true' && principal.user.role === 'admin'
    if (!tracking) return next()

    flowStep('api/tenancy-and-request-ids', 'resource_tracking')
    const trackingId = newId('rt')
    const appStart = performance.now()
    const cpuStart = process.cpuUsage()
    await next()
    const cpu = process.cpuUsage(cpuStart)
    const timings = {
      totalMs: performance.now() - c.var.startedAt,
      appMs: performance.now() - appStart,
      cpuMs: (cpu.user + cpu.system) / 1000,
    }
    c.header('X-Resource-Tracking-ID', trackingId)
    c.header(
      'Server-Timing',
      `total;dur=${ms(timings.totalMs)};desc="Whole request", ` +
        `app;dur=${ms(timings.appMs)};desc="Permission, validation, handler, envelope", ` +
        `cpu;dur=${ms(timings.cpuMs)};desc="Process CPU time during the request"`,
    )
    c.var.log.info({ resourceTrackingId: trackingId, ...timings }, 'resource tracking')
  }
}
