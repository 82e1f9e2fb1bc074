/**
 * @module remark plugin: replaces each ```` ```mermaid src="<area>/<name>" ```` reference with the
 * pre-rendered diagram (light and dark SVG, full-size control) and its generated decision table.
 *
 * Pages never hold Mermaid source: an inline diagram, a reference with a body, or a reference to a
 * diagram that does not exist fails the build, naming the page and the line.
 */
import type { Element, ElementContent } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { h } from 'hastscript'
import type { Code, Root } from 'mdast'
import type { Plugin } from 'unified'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import type { DiagramLibrary, RenderedDiagram } from '../engine/diagram-library.ts'
import type { ConformanceView } from '../../conformance/conformance-view.ts'
import { conformanceBlock, conformanceOverview } from './conformance-block.ts'
import { decisionRows, decisionTable } from './decision-table.ts'
import { scopeSvgIds } from './scope-svg-ids.ts'

export interface RemarkDiagramsOptions {
  /** The rendered diagrams; a getter, because the build fills the library after config load. */
  library: () => DiagramLibrary | undefined
  /** Called for every reference, so the build can find diagrams no page uses. */
  onReference?: (id: string, page: string) => void
  /** The last test run's conformance report; when given, each diagram shows its coverage. */
  conformance?: () => ConformanceView | undefined
}

const SOURCE = 'blueround-diagrams'
const SRC = /(?:^|\s)src="([^"]+)"/

/** `auth/token-flow` → `auth-token-flow`, safe for ids and class names. */
export const slugOf = (id: string): string => id.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase()

function fail(file: VFile, node: Code, ruleId: string, reason: string): never {
  file.fail(reason, { place: node.position, ruleId, source: SOURCE })
}

function svgElement(svg: string, prefix: string): ElementContent[] {
  return fromHtml(scopeSvgIds(svg, prefix), { fragment: true }).children as ElementContent[]
}

/** Builds the figure for one use of a diagram; `instance` disambiguates repeated uses on a page. */
export function diagramFigure(
  diagram: RenderedDiagram,
  instance: number,
  conformance?: ConformanceView,
): Element {
  const slug = slugOf(diagram.id) + (instance > 1 ? `-${instance}` : '')
  const rows = decisionRows(diagram.model)
  const table = decisionTable(rows, diagram.title)
  return h('div.br-diagram-block', [
    h('figure.br-diagram', { id: `diagram-${slug}`, dataDiagram: diagram.id }, [
      h('div.br-diagram__svg.br-diagram__light', svgElement(diagram.svg.light, `dg-${slug}-light`)),
      h('div.br-diagram__svg.br-diagram__dark', svgElement(diagram.svg.dark, `dg-${slug}-dark`)),
      h('figcaption.br-diagram__caption', [
        h('span', diagram.title),
        h(
          'button.br-diagram__expand',
          { type: 'button', ariaHasPopup: 'dialog', dataDiagramTarget: `diagram-${slug}` },
          `View full size`,
          h('span.sr-only', `: ${diagram.title}`),
        ),
      ]),
    ]),
    ...(table ? [table] : []),
    ...(conformance ? [conformanceBlock(conformance, diagram.id)] : []),
  ])
}

/** The remark plugin. */
const remarkDiagrams: Plugin<[RemarkDiagramsOptions], Root> = (options) => {
  if (typeof options?.library !== 'function') {
    throw new Error('remarkDiagrams: pass { library: () => DiagramLibrary }')
  }
  return (tree, file) => {
    const uses = new Map<string, number>()
    visit(tree, 'code', (node, index, parent) => {
      if (!parent || index === undefined) return
      if (node.lang === 'conformance-overview') {
        const table = conformanceOverview(options.conformance?.())
        parent.children[index] = {
          type: 'paragraph',
          children: [],
          data: {
            hName: 'div',
            hProperties: { className: ['br-conformance-overview-wrap'] },
            hChildren: [table],
          },
        }
        return
      }
      if (node.lang !== 'mermaid') return
      const id = SRC.exec(node.meta ?? '')?.[1]
      if (!id) {
        fail(
          file,
          node,
          'inline-diagram',
          'Inline Mermaid is not allowed. Move the source to diagrams/<area>/<name>.mmd and reference it with ```mermaid src="<area>/<name>"```.',
        )
      }
      if (node.value.trim() !== '') {
        fail(
          file,
          node,
          'inline-diagram',
          `The reference to "${id}" has a body. Leave it empty: the source lives in diagrams/${id}.mmd.`,
        )
      }
      options.onReference?.(id, file.path)
      const library = options.library()
      if (!library) return // Diagrams are not rendered for this command (e.g. `astro sync`).
      const diagram = library.diagrams.get(id)
      if (!diagram) {
        fail(
          file,
          node,
          'missing-diagram',
          `Diagram "${id}" does not exist: there is no diagrams/${id}.mmd.`,
        )
      }
      const instance = (uses.get(id) ?? 0) + 1
      uses.set(id, instance)
      const figure = diagramFigure(diagram, instance, options.conformance?.())
      parent.children[index] = {
        type: 'paragraph',
        children: [],
        data: { hName: figure.tagName, hProperties: figure.properties, hChildren: figure.children },
      }
    })
  }
}

export default remarkDiagrams
