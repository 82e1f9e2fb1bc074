/**
 * @module `POST /_dev/supplier-simulator/webhook` (development and tests only): the simulated
 * supplier's webhook endpoint. 202 when the signed "PO created" webhook is accepted (the
 * acknowledgement follows asynchronously), 401 when the signature does not verify.
 */
import { Hono } from 'hono'
import { isAppError } from '../../errors/app-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import type { SupplierSimulator } from '../../services/supply-chain/supplier-simulator.ts'

export const createSupplierSimulatorRouter = (simulator: SupplierSimulator) =>
  new Hono<AppEnv>().post('/supplier-simulator/webhook', async (c) => {
    const raw = await c.req.text()
    try {
      const result = await simulator.receive(raw, (name) => c.req.header(name))
      return c.json({ received: true, ...result }, 202)
    } catch (error) {
      if (isAppError(error) && error.status === 401)
        return c.json({ received: false, error: error.message }, 401)
      throw error
    }
  })
