// `vso disclosure check` against a release: the spec's table, protected alone, audited together
// with every output the release published (the open release, or the one named). Reads the
// register, writes nothing.
import { AppError } from '../../../shared/errors.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import { auditInRelease } from '../../disclosure/auditRelease.ts';
import { protectTable } from '../../disclosure/protectTable.ts';
import { rawTableFromQueryResult } from '../../disclosure/queryTable.ts';
import { ReleaseSession } from '../../app/publication/releaseSession.ts';
import { listReleases, openRelease } from '../../store/publications.ts';
import { withAnalysis } from '../workspaceAccess.ts';
import type { ReleaseCheck } from './disclosure.ts';

export function checkInRelease(
  file: string,
  spec: QuerySpec,
  release: number | undefined,
): Promise<ReleaseCheck | null> {
  return withAnalysis(file, async (workspace, analysis) => {
    const chosen =
      release === undefined ? openRelease(workspace.db) : listReleases(workspace.db).find((r) => r.id === release);
    if (release !== undefined && chosen === undefined) {
      throw new AppError('NOT_FOUND', `There is no release number ${release}; vso release list shows them.`);
    }
    if (chosen === undefined || spec.disclosure === null) return null;
    const raw = rawTableFromQueryResult(await analysis.query({ ...spec, disclosure: null }));
    const { table } = await protectTable(raw, spec.disclosure);
    const input = await new ReleaseSession(workspace, analysis).inputFor(spec, raw, chosen.id);
    return { raw, release: chosen.name, audit: await auditInRelease({ ...input, published: table }) };
  });
}
