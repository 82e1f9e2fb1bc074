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
