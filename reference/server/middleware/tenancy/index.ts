/**
 * @module Pipeline step 8: tenant (organization) context. Every resource belongs to the caller's
 * organization; a suspended organization gets 403 ACCOUNT_INACTIVE. An admin who sends
 * `X-Debug-Resource-Tracking: true` gets `X-Resource-Tracking-ID` and `Server-Timing` figures.
 * @see https://docs.blueround.com/api/tenancy-and-request-ids/
 */
import type { Context, MiddlewareHandler, Next } from 'hono'
import { AccountInactiveError } from '../../errors/account-inactive-error.ts'
import { UnauthorizedError } from '../../errors/unauthorized-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { newId } from '../../lib/ids.ts'
import { requestHeader } from '../../lib/request-headers.ts'
import { flowRecording, flowStep } from '../../observability/flow.ts'
import { pipelineStep } from '../../observability/pipeline.ts'
import type { Organization, Store } from '../../store/index.ts'

const FLOW = 'api/tenancy-and-request-ids'

const ms = (value: number): string => value.toFixed(3)

export const tenancy = (store: Store): MiddlewareHandler<AppEnv> => {
  // Not `async`: credentials carry their organization, so the common path awaits nothing and,
  // without flow recording, nothing runs after `next()`.
  return function tenancy(c, next) {
    const principal = c.get('principal')
    if (principal.organization !== undefined) return enter(c, next, principal.organization)
    return store.organizations
      .findById(principal.organizationId)
      .then((organization) => enter(c, next, organization))
  }
}

/** The rest of tenancy, once the organization is known. */
const enter = (
  c: Context<AppEnv>,
  next: Next,
  organization: Organization | undefined,
): Promise<void> => {
  const principal = c.get('principal')
  if (organization === undefined) throw new UnauthorizedError('Credential has no organization')
  pipelineStep(c, 'TENANT')
  flowStep(FLOW, 'ACTIVE')
  if (organization.status !== 'active') {
    flowStep(FLOW, 'E403')
    throw new AccountInactiveError(`Organization ${organization.name} is suspended`)
  }
  c.set('organization', organization)
  const tracking =
    requestHeader(c, 'x-debug-resource-tracking') === 'true' && principal.user.role === 'admin'
  const rest = tracking ? track(c, next) : next()
  if (!flowRecording()) return rest
  return rest.then(() => {
    // Resources are looked up scoped to the organization, so a foreign one answers 404.
    if (c.res.status === 404) flowStep(FLOW, 'OWNED', 'E404')
    else if (tracking) flowStep(FLOW, 'OWNED', 'TRACK', 'TRACKED', 'RESPOND')
    else flowStep(FLOW, 'OWNED', 'TRACK', 'RESPOND')
  })
}

/** Runs the rest of the request and adds the tracking ID and timing figures. */
const track = async (c: Context<AppEnv>, next: Next): Promise<void> => {
  const trackingId = newId('rt')
  const appStart = performance.now()
  const cpuStart = process.cpuUsage()
  await next()
  const cpu = process.cpuUsage(cpuStart)
  const timings = {
    totalMs: performance.now() - c.get('startedAt'),
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
  c.get('log').info({ resourceTrackingId: trackingId, ...timings }, 'resource tracking')
}
