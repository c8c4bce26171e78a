// Where to go: the places (home, drives), up one folder, and the breadcrumb trail.
import type { FileChooser } from './useFileChooser.ts';

export function ChooserPlaces({ chooser }: { chooser: FileChooser }) {
  const { listing, open } = chooser;
  return (
    <>
      <div className="fc-places">
        <nav aria-label="Places">
          {(listing?.places ?? []).map((place) => (
            <button key={place.path} type="button" className="btn btn-small" onClick={() => open(place.path)}>
              {place.label}
            </button>
          ))}
        </nav>
        <button
          type="button"
          className="btn btn-small"
          disabled={!listing?.parent}
          onClick={() => listing?.parent && open(listing.parent)}
        >
          Up one folder
        </button>
      </div>
      <nav aria-label="Folder path" className="fc-crumbs">
        <ol>
          {(listing?.crumbs ?? []).map((crumb, i, all) => (
            <li key={crumb.path}>
              <button
                type="button"
                className="link-button"
                aria-current={i === all.length - 1 ? 'location' : undefined}
                onClick={() => open(crumb.path)}
              >
                {crumb.label}
              </button>
            </li>
          ))}
        </ol>
      </nav>
    </>
  );
}
