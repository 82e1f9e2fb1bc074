/**
 * @module Finds the diagram sources: every `diagrams/<area>/<name>.mmd`, whose id is `<area>/<name>`.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

export interface DiagramSource {
  /** `<area>/<name>`, the id pages reference. */
  id: string
  /** Path relative to the project root, for error messages. */
  file: string
  source: string
}

/**
 * Reads every `.mmd` file below `diagramsDir`, sorted by id.
 * @param diagramsDir - absolute path of the diagrams folder
 * @param root - the project root that `file` paths are relative to
 */
export async function readDiagramSources(
  diagramsDir: string,
  root: string,
): Promise<DiagramSource[]> {
  const entries = await readdir(diagramsDir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return []
      throw error
    },
  )
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mmd'))
    .map((entry) => join(entry.parentPath, entry.name))
  const sources = await Promise.all(
    files.map(async (path) => ({
      id: relative(diagramsDir, path)
        .split(sep)
        .join('/')
        .replace(/\.mmd$/, ''),
      file: relative(root, path).split(sep).join('/'),
      source: await readFile(path, 'utf8'),
    })),
  )
  return sources.sort((a, b) => a.id.localeCompare(b.id))
}
