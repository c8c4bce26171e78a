// The register's operations as the Audit screen and `vso release` / `vso publications` use
// them: list releases, start a new one (audited), list a release's publications.
import type { PublicationSummary, Release } from '../../../shared/contract/release.ts';
import { AppError } from '../../../shared/errors.ts';
import { listReleases, openRelease, publicationsOf, startRelease, summarise } from '../../store/publications.ts';
import { inOneTransaction } from '../../store/oneTransaction.ts';
import type { Workspace } from '../../store/workspace.ts';

export function releasesOf(workspace: Workspace): Release[] {
  return listReleases(workspace.db);
}

/** End the open release and start `name`; both, and the audit entry, in one transaction. */
export function startNewRelease(workspace: Workspace, name: string, now = new Date()): Release {
  return inOneTransaction(workspace.db, () => {
    const { started, ended } = startRelease(workspace.db, name, now);
    workspace.audit.append('release.start', {
      name: started.name,
      ...(ended ? { ended: ended.name, endedPublications: ended.publications } : {}),
    });
    return started;
  });
}

/** The publications of a release (the open one when none is named), newest first, without raw values. */
export function publicationSummaries(workspace: Workspace, releaseId?: number): PublicationSummary[] {
  const id = releaseId ?? openRelease(workspace.db)?.id;
  if (id === undefined) return [];
  if (!listReleases(workspace.db).some((r) => r.id === id)) {
    throw new AppError('NOT_FOUND', `There is no release number ${id}; vso release list shows them.`);
  }
  return publicationsOf(workspace.db, id).map(summarise).reverse();
}
