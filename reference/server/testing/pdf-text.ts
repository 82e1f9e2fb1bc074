/** @module Reads a PDF back with pdf.js, for tests of generated reports. */
import path from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

const FONTS = `${path.resolve('node_modules/pdfjs-dist/standard_fonts')}/`

/** The page count, the text of every page (pages joined by newlines) and the document info. */
export const readPdf = async (bytes: Uint8Array) => {
  const pdf = await getDocument({ data: bytes, standardFontDataUrl: FONTS, verbosity: 0 }).promise
  const pages: string[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  return { pages: pdf.numPages, text: pages.join('\n'), title: (await pdf.getMetadata()).info }
}
