/** @module The pino logger. JSON lines on stdout; pipe through `pino-pretty` to read them. */
import pino, { type Logger } from 'pino'

export type { Logger } from 'pino'

export const createLogger = (level: string, destination?: pino.DestinationStream): Logger =>
  pino(
    {
      level,
      base: { service: 'blueround-reference' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Defence in depth: secrets are never passed to the logger, and these paths are censored
      // if one ever is.
      redact: [
        'req.headers.authorization',
        'authorization',
        'password',
        'token',
        'access_token',
        'refresh_token',
        'otp',
        'key',
        '*.password',
        '*.token',
        '*.access_token',
        '*.refresh_token',
        '*.otp',
      ],
    },
    destination,
  )

/**
 * A child logger that is only built when something logs through it. Most requests log nothing
 * below the configured level, and building a pino child (bindings serialised through the redaction
 * rules) on every request was a measurable share of the hot path.
 * @example c.set('log', lazyChild(logger, { requestId }))
 */
export const lazyChild = (parent: Logger, bindings: pino.Bindings): Logger => {
  let child: Logger | undefined
  const real = (): Logger => (child ??= parent.child(bindings))
  return new Proxy(parent, {
    get(_target, property) {
      const target = real()
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value
    },
    set: (_target, property, value) => Reflect.set(real(), property, value),
    has: (_target, property) => Reflect.has(real(), property),
  })
}
