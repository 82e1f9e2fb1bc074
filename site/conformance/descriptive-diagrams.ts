/**
 * @module Reads `diagrams/descriptive.yaml`: the diagrams that show structure (architecture,
 * deployment) rather than behaviour, each with the reason it is exempt from conformance.
 */
import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'

export async function readDescriptiveDiagrams(file: string): Promise<Map<string, string>> {
  const text = await readFile(file, 'utf8').catch(() => '')
  const data: unknown = parse(text) ?? {}
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${file} must map each diagram id to the reason it is descriptive.`)
  }
  const entries = Object.entries(data as Record<string, unknown>)
  for (const [id, reason] of entries) {
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(
        `${file}: "${id}" needs a reason (a sentence saying why it shows no behaviour).`,
      )
    }
  }
  return new Map(entries as [string, string][])
}
