// The preview of a figure's export: the SVG file the export writes, byte for byte (asked of
// main with the form's size and title, drawn again as they change), shown as an image. An SVG
// in an <img> runs no script and fetches nothing, and its text is drawn as outlines, so it
// looks exactly as the file will. Where the export would be refused, the preview says why, and
// where earlier outputs already gave a hidden count of it away, it says so (never in the file).
import { useDebouncedQuery } from '../../state/useDebouncedQuery.ts';
import { reportCalls } from '../../data/report.ts';
import { GivenAwayWarnings } from '../explore/GivenAwayEarlier.tsx';

export interface PreviewOptions {
  name: string;
  width: number;
  height: number;
  title: string;
}

export const PREVIEW_LIMITS = { width: [200, 4000], height: [150, 4000] } as const;

/** Why a size cannot be drawn, or null when it can. */
export function sizeProblem(width: number, height: number): string | null {
  const [minW, maxW] = PREVIEW_LIMITS.width;
  const [minH, maxH] = PREVIEW_LIMITS.height;
  if (!Number.isInteger(width) || width < minW || width > maxW)
    return `The width must be a whole number of pixels from ${minW} to ${maxW.toLocaleString('en-GB')}.`;
  if (!Number.isInteger(height) || height < minH || height > maxH)
    return `The height must be a whole number of pixels from ${minH} to ${maxH.toLocaleString('en-GB')}.`;
  return null;
}

/** The SVG text as an image source, unchanged. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function FigurePreview({ options }: { options: PreviewOptions }) {
  const problem = sizeProblem(options.width, options.height);
  const key = problem === null ? JSON.stringify(options) : null;
  const preview = useDebouncedQuery(
    key,
    (signal) =>
      reportCalls.previewFigure(
        { name: options.name, width: options.width, height: options.height, title: options.title },
        { signal },
      ),
    250,
  );
  const error = problem ?? preview.error;
  return (
    <figure className="figure-preview" aria-busy={preview.loading}>
      {/* Above the chart, where it is read before the export. */}
      <GivenAwayWarnings warnings={error === null ? (preview.data?.warnings ?? []) : []} />
      {error !== null ? (
        <p className="alert alert-error" role="status" data-testid="figure-preview-problem">
          {error}
        </p>
      ) : preview.data ? (
        <img
          className={preview.loading ? 'figure-preview-image busy' : 'figure-preview-image'}
          src={svgDataUrl(preview.data.svg)}
          width={options.width}
          height={options.height}
          alt={`Preview of the exported chart${options.title ? ` “${options.title}”` : ''}`}
          data-testid="figure-preview"
        />
      ) : (
        <p className="muted small">Drawing the preview…</p>
      )}
      <figcaption className="muted small">
        {preview.loading && preview.data ? 'Updating the preview… ' : ''}
        This is the SVG file the export writes; PNG and PDF are drawn from it.
      </figcaption>
    </figure>
  );
}
