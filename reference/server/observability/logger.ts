/** @module The pino logger. JSON lines on stdout; pipe through `pino-pretty` to read them. */
import pino, { type Logger } from 'pino'

export type { Logger } from 'pino'

export const createLogger = (level: string, destination?: pino.DestinationStream): Logger =>
  pino(
    {
      level,
      base: { service: 'blueround-reference' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ['req.headers.authorization', 'authorization'],
    },
    destination,
  )
