/**
 * @module Answers for requests Node's HTTP parser refuses before the app sees them: a request
 * head over `maxHeaderSize` (431), a request that took longer than `requestTimeout` to arrive
 * (408), and unparsable HTTP (400). Node would send a bare status line; this sends the documented
 * error envelope, then closes the connection.
 * @see https://docs.blueround.com/api/errors/
 */
import { randomUUID } from 'node:crypto'
import type { Socket } from 'node:net'

const ANSWERS: Record<string, { status: number; reason: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'HEADERS_TOO_LARGE',
    message: 'Request line and headers exceed the size limit',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'TIMEOUT',
    message: 'The request did not arrive in time',
  },
}

const MALFORMED = {
  status: 400,
  reason: 'Bad Request',
  code: 'VALIDATION_ERROR',
  message: 'Malformed HTTP request',
}

/** The raw HTTP response for a client error, in the error envelope. */
export const clientErrorResponse = (code: string | undefined, now = new Date()): string => {
  const answer = (code === undefined ? undefined : ANSWERS[code]) ?? MALFORMED
  const requestId = randomUUID()
  const body = JSON.stringify({
    success: false,
    error: { code: answer.code, message: answer.message },
    meta: { timestamp: now.toISOString(), requestId },
  })
  return [
    `HTTP/1.1 ${answer.status} ${answer.reason}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-ID: ${requestId}`,
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n')
}

/** The `clientError` listener of the HTTP server. */
export const onClientError = (error: Error & { code?: string }, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  socket.end(clientErrorResponse(error.code))
}
