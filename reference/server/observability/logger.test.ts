import { Writable } from 'node:stream'
import { describe, expect, it, vi } from 'vitest'
import { createLogger, lazyChild } from './logger.ts'

const capture = () => {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>)
      done()
    },
  })
  return { lines, logger: createLogger('info', stream) }
}

describe('lazyChild', () => {
  it('builds the child only when something logs through it', () => {
    const { logger } = capture()
    const child = vi.spyOn(logger, 'child')
    const log = lazyChild(logger, { requestId: 'req-1' })
    expect(child).not.toHaveBeenCalled()
    log.info('hello')
    log.warn('again')
    expect(child).toHaveBeenCalledTimes(1)
  })

  it('logs with the bindings, the level and the redaction of a real child', async () => {
    const { lines, logger } = capture()
    const log = lazyChild(logger, { requestId: 'req-2' })
    log.info({ password: 'hunter2' }, 'signed in')
    log.debug('below the level')
    await new Promise((resolve) => setImmediate(resolve))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ requestId: 'req-2', msg: 'signed in', password: '[Redacted]' })
    expect(log.isLevelEnabled('debug')).toBe(false)
    expect(log.level).toBe('info')
  })
})
