import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createPackages } from './packages.ts'
import { CLOSE, jsonSchemaOf, PKG, STATUS } from './protocol.ts'

const page = readFileSync(new URL('../../../docs/realtime/protocol.md', import.meta.url), 'utf8')
const packages = createPackages({ products: {} as never, channels: {} as never })

describe('the protocol page matches the code', () => {
  it('prints the JSON schema of every package, generated from its zod schema', () => {
    const printed = new Map(
      [...page.matchAll(/<!-- schema:(\d+) -->\s*```json\n([\s\S]*?)```/g)].map((m) => [
        Number(m[1]),
        JSON.parse(m[2] ?? '') as unknown,
      ]),
    )
    expect([...printed.keys()]).toEqual(packages.map((p) => p.id))
    for (const definition of packages) {
      const { $schema: _, ...schema } = jsonSchemaOf(definition.schema) as Record<string, unknown>
      expect(printed.get(definition.id), definition.name).toEqual(schema)
    }
  })

  it('lists every pkg_id, status code and close code', () => {
    for (const id of Object.values(PKG)) expect(page).toContain(`| \`${id}\``)
    for (const name of Object.keys(PKG)) expect(page).toContain(`\`${name}\``)
    for (const code of Object.values(STATUS))
      expect(page).toMatch(new RegExp(`\\| \`${code}\` +\\|`))
    for (const code of Object.values(CLOSE))
      expect(page).toMatch(new RegExp(`\\| \`${code}\` +\\|`))
  })
})
