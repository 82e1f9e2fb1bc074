import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pageUrl, scanDiagramPages } from './conformance-view.ts'

describe('scanDiagramPages', () => {
  it('maps each diagram to the pages that embed it, ignoring examples inside code blocks', async () => {
    const docs = await mkdtemp(join(tmpdir(), 'docs-'))
    await mkdir(join(docs, 'api'))
    await writeFile(join(docs, 'index.md'), '# Home\n\n```mermaid src="a/one"\n```\n')
    await writeFile(
      join(docs, 'api', 'flow.md'),
      '```mermaid src="a/one"\n```\n\n```mermaid src="b/two"\n```\n',
    )
    await writeFile(
      join(docs, 'api', 'how-to.md'),
      'Write:\n\n````md\n```mermaid src="c/example"\n```\n````\n',
    )
    const pages = await scanDiagramPages(docs)
    expect(Object.fromEntries(pages)).toEqual({
      'a/one': ['/', '/api/flow/'],
      'b/two': ['/api/flow/'],
    })
  })

  it('turns file paths into page URLs', () => {
    expect(pageUrl('index.md')).toBe('/')
    expect(pageUrl('api/index.md')).toBe('/api/')
    expect(pageUrl('api/rate-limiting.md')).toBe('/api/rate-limiting/')
  })
})
