// SVG to PDF with pdfkit and svg-to-pdfkit: the bundled TTFs are registered and embedded
// (subset), text stays text (extractable, searchable), one page of the chosen size. The
// creation date is the caller's (or a fixed epoch), so the same input gives the same bytes.
// pdfkit and svg-to-pdfkit are imported by the first PDF, not with this module: with fontkit
// they take a fifth of a second to load, and most starts of the CLI or the app draw no PDF.
import { APP_NAME, APP_VERSION } from '../appVersion.ts';
import { FONT_FAMILIES, familyFromCss, fontFiles } from './fonts.ts';

/** Page sizes in PDF points (1/72 inch). `fit`: the SVG's own size (1 CSS px = 0.75 pt). */
export type PdfPage = 'fit' | 'a4-portrait' | 'landscape-16x9';

export const PDF_PAGE_POINTS = {
  'a4-portrait': { width: 595.28, height: 841.89 },
  'landscape-16x9': { width: 960, height: 540 },
} as const;

export interface PdfOptions {
  page?: PdfPage;
  title?: string;
  subject?: string;
  /** Written into the document info; a fixed date keeps repeated exports byte-identical. */
  creationDate?: Date;
  /** Margin around the drawing on fixed-size pages, in points. */
  margin?: number;
}

export const FIXED_CREATION_DATE = new Date(Date.UTC(2000, 0, 1));

function svgSize(svg: string): { width: number; height: number } {
  const width = /<svg[^>]*\swidth="([0-9.]+)"/.exec(svg)?.[1];
  const height = /<svg[^>]*\sheight="([0-9.]+)"/.exec(svg)?.[1];
  return { width: Number.parseFloat(width ?? '800'), height: Number.parseFloat(height ?? '600') };
}

function fontName(family: string, bold: boolean): string {
  return `${family}-${bold ? 'Bold' : 'Regular'}`;
}

export async function svgToPdf(svg: string, options: PdfOptions = {}): Promise<Buffer> {
  const [{ default: PDFDocument }, { default: SVGtoPDF }] = await Promise.all([
    import('pdfkit'),
    import('svg-to-pdfkit'),
  ]);
  const size = svgSize(svg);
  const pageKind = options.page ?? 'fit';
  const page =
    pageKind === 'fit' ? { width: size.width * 0.75, height: size.height * 0.75 } : PDF_PAGE_POINTS[pageKind];
  const margin = pageKind === 'fit' ? 0 : (options.margin ?? 0);
  const date = options.creationDate ?? FIXED_CREATION_DATE;
  const doc = new PDFDocument({
    size: [page.width, page.height],
    margin: 0,
    autoFirstPage: true,
    compress: true,
    pdfVersion: '1.7',
    info: {
      Title: options.title ?? '',
      Subject: options.subject ?? '',
      Creator: `${APP_NAME} ${APP_VERSION}`,
      Producer: `${APP_NAME} ${APP_VERSION} (pdfkit)`,
      CreationDate: date,
      ModDate: date,
    },
  });
  for (const family of FONT_FAMILIES) {
    const files = fontFiles(family);
    doc.registerFont(fontName(family, false), files.regular);
    doc.registerFont(fontName(family, true), files.bold);
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const warnings: string[] = [];
  SVGtoPDF(doc, svg, margin, margin, {
    width: page.width - 2 * margin,
    height: page.height - 2 * margin,
    preserveAspectRatio: pageKind === 'fit' ? 'none' : 'xMidYMin meet',
    fontCallback: (family, bold) => fontName(familyFromCss(family), bold),
    warningCallback: (message) => warnings.push(message),
  });
  doc.end();
  return done;
}
