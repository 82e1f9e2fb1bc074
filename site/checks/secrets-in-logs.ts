/**
 * @module The whole-suite secrets-in-logs check (run by scripts/check-secrets-in-logs.ts after
 * every test suite of `npm test`): reads the log lines and secrets the suites recorded in
 * `.cache/test-logs/` (reference/server/testing/suite-capture.ts) and looks for every secret in
 * every line: as it is, JSON-escaped, percent-encoded and form-encoded, and the secret half of a
 * key (what follows `brk_xxxxxxxx_`) or the signature of a JWT on its own.
 *
 * One kind of line is exempt, and counted as such: the dev start-up banner of a server process
 * (`boot.ts`), which prints the seeded dev login and API key on purpose. The check fails when it
 * saw too little to mean anything (no line, no secret, or a required kind or source missing).
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { MIN_SECRET_LENGTH } from '../../reference/server/testing/secret-extraction.ts'
import type {
  CaptureRecord,
  LogLineRecord,
  SecretRecord,
} from '../../reference/server/testing/suite-capture.ts'

export interface Leak {
  kind: string
  /** The secret's first characters and its length, never the secret. */
  preview: string
  /** How the secret was recorded (where the suite used it) and in which test. */
  usedVia: string
  usedIn: string
  /** Where the line came from, in which test, and the line with the secret blanked out. */
  source: string
  loggedIn: string
  excerpt: string
}

export interface ScanResult {
  secrets: number
  lines: number
  /** Lines of the dev start-up banner: scanned, but a match there is not a leak. */
  exemptLines: number
  exemptMatches: number
  leaks: Leak[]
  kinds: Set<string>
  sources: Set<string>
}

/** Lines a server process prints on purpose with the dev credentials (boot.ts's banner). */
const DEV_BANNER = /^ {2}(?:Dev login|Dev API key[^:]*|Try it|WebSocket): /
const isExempt = (line: LogLineRecord) =>
  line.source.startsWith('process ') && DEV_BANNER.test(line.text)

/** The forms in which a secret could appear in a line. */
export const needlesOf = (secret: string): string[] => {
  const forms = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ])
  const keyTail = /^br[ks]_[a-z0-9]+_(.+)$/.exec(secret)?.[1]
  if (keyTail !== undefined) forms.add(keyTail)
  const jwtSignature = /^eyJ[\w-]*\.[\w-]*\.([\w-]+)$/.exec(secret)?.[1]
  if (jwtSignature !== undefined) forms.add(jwtSignature)
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH)
}

/** `brk_ab…` (52 chars): enough to find the secret in the test, not enough to use it. */
export const preview = (secret: string) =>
  `${secret.slice(0, Math.min(6, Math.floor(secret.length / 3)))}… (${secret.length} chars)`

/** Every occurrence search goes through an index of the needles' first characters. */
const indexNeedles = (secrets: SecretRecord[]) => {
  const index = new Map<string, Array<{ needle: string; secret: SecretRecord }>>()
  for (const secret of secrets)
    for (const needle of needlesOf(secret.value)) {
      const head = needle.slice(0, MIN_SECRET_LENGTH)
      const bucket = index.get(head) ?? []
      bucket.push({ needle, secret })
      index.set(head, bucket)
    }
  return index
}

const findIn = (text: string, index: ReturnType<typeof indexNeedles>) => {
  for (let at = 0; at + MIN_SECRET_LENGTH <= text.length; at++) {
    const bucket = index.get(text.slice(at, at + MIN_SECRET_LENGTH))
    if (bucket === undefined) continue
    for (const candidate of bucket)
      if (text.startsWith(candidate.needle, at)) return { ...candidate, at }
  }
  return undefined
}

const excerptOf = (text: string, at: number, needle: string) => {
  const start = Math.max(0, at - 80)
  const shown = `${text.slice(start, at)}[SECRET]${text.slice(at + needle.length, at + needle.length + 80)}`
  return `${start > 0 ? '…' : ''}${shown}`
}

/** Scans every line for every secret; each leak is reported once per secret, source and test. */
export const scanRecords = (records: Iterable<CaptureRecord>): ScanResult => {
  const lines: LogLineRecord[] = []
  const secrets = new Map<string, SecretRecord>()
  for (const record of records)
    if (record.type === 'line') lines.push(record)
    else if (!secrets.has(record.value)) secrets.set(record.value, record)
  const index = indexNeedles([...secrets.values()])
  const result: ScanResult = {
    secrets: secrets.size,
    lines: lines.length,
    exemptLines: 0,
    exemptMatches: 0,
    leaks: [],
    kinds: new Set([...secrets.values()].map((secret) => secret.kind)),
    sources: new Set(lines.map((line) => line.source.split(' ')[0] ?? line.source)),
  }
  const reported = new Set<string>()
  for (const line of lines) {
    const exempt = isExempt(line)
    if (exempt) result.exemptLines += 1
    const match = findIn(line.text, index)
    if (match === undefined) continue
    if (exempt) {
      result.exemptMatches += 1
      continue
    }
    const key = `${match.secret.value}\n${line.source}\n${line.test}`
    if (reported.has(key)) continue
    reported.add(key)
    result.leaks.push({
      kind: match.secret.kind,
      preview: preview(match.secret.value),
      usedVia: match.secret.via,
      usedIn: match.secret.test,
      source: `${line.source} (${line.backend})`,
      loggedIn: line.test,
      excerpt: excerptOf(line.text, match.at, match.needle),
    })
  }
  return result
}

/** The records of every file in `dir` (none when it does not exist). */
export const readCaptureDir = (dir: string): CaptureRecord[] => {
  let files: string[]
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.ndjson'))
  } catch {
    return []
  }
  return files.flatMap((file) =>
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as CaptureRecord),
  )
}

export interface Requirements {
  /** Secret kinds that must have been recorded, e.g. `api-key`, `password`. */
  kinds: string[]
  /** Line sources that must have been recorded: `app`, `process`. */
  sources: string[]
}

/** Why a scan is too thin to mean anything (a broken capture must not pass). */
export const coverageProblems = (result: ScanResult, required: Requirements): string[] => [
  ...(result.lines === 0 ? ['no log line was recorded'] : []),
  ...(result.secrets === 0 ? ['no secret was recorded'] : []),
  ...required.kinds
    .filter((kind) => !result.kinds.has(kind))
    .map((kind) => `no secret of kind ${kind} was recorded`),
  ...required.sources
    .filter((source) => !result.sources.has(source))
    .map((source) => `no log line from source ${source} was recorded`),
]

const count = (n: number) => n.toLocaleString('en-US')

/** The report: totals, then each leak on a few lines. */
export const formatScan = (result: ScanResult): string[] => [
  `secrets in logs: ${result.leaks.length} leaks; ${count(result.secrets)} secrets ` +
    `(${[...result.kinds].sort().join(', ')}) checked in ${count(result.lines)} log lines ` +
    `(${[...result.sources].sort().join(', ')})`,
  ...(result.exemptLines === 0
    ? []
    : [
        `  exempt: ${count(result.exemptLines)} lines of the dev start-up banner, which prints the ` +
          `seeded dev credentials on purpose (${count(result.exemptMatches)} matched)`,
      ]),
  ...result.leaks.flatMap((leak) => [
    `  LEAK ${leak.kind} ${leak.preview}`,
    `    logged by ${leak.source} in ${leak.loggedIn}`,
    `    used as ${leak.usedVia} in ${leak.usedIn}`,
    `    line: ${leak.excerpt}`,
  ]),
]
