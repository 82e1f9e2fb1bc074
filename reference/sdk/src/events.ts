/**
 * @module The observability hook: every logical call reports the diagram steps it takes.
 *
 * `new Client({ onEvent })` receives `{ flow, step, run, ...details }`. `flow` is a diagram id
 * under `diagrams/` (e.g. `sdk/error-retry`), `step` is a node id of that flowchart or a branch
 * label of that sequence diagram, and `run` groups the steps of one logical call (one attempt,
 * for the authentication flow), in order. Log them, count them, or check them against the docs.
 * @see https://docs.blueround.com/sdk/retries-and-errors/#observability
 */

/** The steps of each documented flow, exactly as the diagrams in `diagrams/sdk/` name them. */
export const FLOW_STEPS = {
  'sdk/initialization': [
    'start',
    'readConfig',
    'hasCredential',
    'missingKey',
    'optionsValid',
    'invalidOptions',
    'baseUrlOverridden',
    'ready',
    'validUrl',
    'invalidUrl',
    'firstCall',
    'getMe',
    'meStatus',
    'initialized',
    'authError',
    'apiError',
  ],
  'sdk/authentication': [
    'start',
    'credentialKind',
    'useApiKey',
    'readStore',
    'hasAccess',
    'hasPassword',
    'passwordGrant',
    'reauthenticate',
    'isExpired',
    'useToken',
    'hasRefresh',
    'refresh',
    'tokenOk',
    'storePair',
    'tokenUnavailable',
    'send',
    'status',
    'success',
    'newerToken',
    'authError',
    'scopeError',
    'clientError',
    'retryLoop',
  ],
  'sdk/error-retry': [
    'start',
    'prepare',
    'send',
    'outcome',
    'success',
    'aborted',
    'typedError',
    'canRefresh',
    'authError',
    'refresh',
    'refreshOk',
    'nextAttempt',
    'giveUp',
    'retryAfter',
    'canWait',
    'rateLimitError',
    'sleepRetryAfter',
    'replayable',
    'retriesLeft',
    'backoff',
  ],
  'sdk/rate-limit': [
    'prepare',
    'classify',
    'readState',
    'noneLeft',
    'send',
    'computeSleep',
    'proactiveSleep',
    'status',
    'process',
    'readRetryAfter',
    'retryAllowed',
    'sleepRetryAfter',
    'rateLimitError',
    'handOff',
  ],
  'sdk/integration-sequence': [
    'API key',
    'OAuth, access token valid',
    'OAuth, access token expired',
    'OAuth, no token yet',
    'API answers 401 to an OAuth token',
  ],
  'sdk/error-recovery': ['A retry succeeds', 'Every retry fails'],
} as const

export type FlowId = keyof typeof FLOW_STEPS
export type FlowStep<F extends FlowId> = (typeof FLOW_STEPS)[F][number]

/** Extra facts some steps carry. */
export interface FlowDetails {
  method?: string
  url?: string
  attempt?: number
  status?: number
  /** The sleep a `backoff`, `sleepRetryAfter` or `proactiveSleep` step is about to take. */
  delayMs?: number
  /** The rate-limit class (`read`, `write`, …) of `sdk/rate-limit` steps. */
  rateLimitClass?: string
  /** Whether a refresh step made the token request or joined one already in flight. */
  shared?: boolean
}

/** One step of one flow. */
export type FlowEvent = {
  [F in FlowId]: { flow: F; step: FlowStep<F>; run: string } & FlowDetails
}[FlowId]

export type EventHandler = (event: FlowEvent) => void

/** Emits the steps of one flow under one run id. */
export interface FlowEmitter<F extends FlowId> {
  readonly run: string
  (step: FlowStep<F>, details?: FlowDetails): void
}

/**
 * Binds a handler to one flow and run. A throwing handler never breaks the call.
 * @internal
 */
export const flowEmitter = <F extends FlowId>(
  handler: EventHandler | undefined,
  flow: F,
  run: string,
): FlowEmitter<F> => {
  const emit = (step: FlowStep<F>, details: FlowDetails = {}) => {
    if (handler === undefined) return
    try {
      handler({ ...details, flow, step, run } as FlowEvent)
    } catch {
      // Observability must not change behaviour: a broken logger cannot fail an API call.
    }
  }
  return Object.assign(emit, { run })
}
