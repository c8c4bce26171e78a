// An infographic's PNG or PDF from its drawn SVG: the step that holds a thread longest (PDF
// layout, rasterising at 300 dpi) and needs no query, so the app runs it in a render worker.
import type { InfographicDoc } from '../../../shared/infographic.ts';
import { svgToPdf } from '../pdf.ts';
import { rasterise, type RasterSize } from '../rasterise.ts';

export interface InfographicFileJob {
  /** The SVG with plain <text>: PNG and PDF draw the text with the bundled fonts (PDF text stays selectable). */
  svg: string;
  format: 'png' | 'pdf';
  raster: RasterSize;
  page: InfographicDoc['page'];
  title: string;
  creationDate: Date;
}

export async function drawInfographicFile(job: InfographicFileJob): Promise<Buffer> {
  if (job.format === 'png') return rasterise(job.svg, job.raster).png;
  return svgToPdf(job.svg, { page: job.page, title: job.title, creationDate: job.creationDate });
}
