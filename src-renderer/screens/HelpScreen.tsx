// Help: the user guide (docs/USER_GUIDE.md, bundled at build time with its screenshots),
// rendered as React elements (no raw HTML), and the guided start again.
import Markdown from 'react-markdown';
import guide from '../../docs/USER_GUIDE.md?raw';

const images = import.meta.glob('../../docs/images/*.png', { eager: true, query: '?url', import: 'default' }) as Record<
  string,
  string
>;

function imageUrl(src: string | undefined): string | undefined {
  if (src === undefined) return undefined;
  const name = src.split('/').pop();
  const key = Object.keys(images).find((k) => k.endsWith(`/${name ?? ''}`));
  return key === undefined ? undefined : images[key];
}

export function HelpScreen({ onStartTour }: { onStartTour(): void }) {
  return (
    <section className="screen help" aria-labelledby="screen-title">
      <header className="screen-header row">
        <h1 id="screen-title">Help</h1>
        <button type="button" className="btn" onClick={onStartTour}>
          Show the guided start again
        </button>
      </header>
      <article className="card guide">
        <Markdown
          components={{
            h1: () => null,
            img: ({ src, alt }) => {
              const url = imageUrl(typeof src === 'string' ? src : undefined);
              return url ? <img src={url} alt={alt ?? ''} className="guide-image" /> : null;
            },
            a: ({ children }) => <span>{children}</span>,
          }}
        >
          {guide}
        </Markdown>
      </article>
    </section>
  );
}
