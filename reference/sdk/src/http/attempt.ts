/**
 * @module One HTTP attempt: `fetch` with a per-attempt timeout (an `AbortSignal`), combined with
 * the caller's own signal, and the body read inside the same timeout.
 */

export type AttemptResult =
  | { kind: 'response'; response: Response; body: unknown }
  | { kind: 'network'; cause: unknown }
  | { kind: 'timeout' }
  | { kind: 'aborted'; reason: unknown }

export interface AttemptInit {
  fetch: typeof fetch
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
  timeout: number
  signal: AbortSignal | undefined
}

const parseBody = (text: string): unknown => {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Sends one request. Never throws: every way it can end is a result. */
export const attempt = async (init: AttemptInit): Promise<AttemptResult> => {
  const timeout = AbortSignal.timeout(init.timeout)
  const signal = init.signal === undefined ? timeout : AbortSignal.any([init.signal, timeout])
  try {
    const response = await init.fetch(init.url, {
      method: init.method,
      headers: init.headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      signal,
    })
    return { kind: 'response', response, body: parseBody(await response.text()) }
  } catch (cause) {
    // The caller's abort wins over a timeout that fired at the same moment.
    if (init.signal?.aborted) return { kind: 'aborted', reason: init.signal.reason }
    if (timeout.aborted) return { kind: 'timeout' }
    return { kind: 'network', cause }
  }
}
