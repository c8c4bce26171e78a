// Named mapping profiles: how one source's columns and values map to the codebook, saved
// in the workspace (`mapping_profiles`) and re-applied to next year's extract. Applying
// one warns about columns it has never seen (auto-mapped where possible), columns it
// expected and did not find, and, after the import, values it had not seen before.
import { z } from 'zod';
import { COHORTS, type Codebook } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { profileJson, profileRows, writeProfile, type ProfileRow } from '../store/mappingProfiles.ts';
import type { SqlDatabase } from './importTarget.ts';
import { autoMap, mappingTargets, orderSources, targetKind, type Mapping } from './mapping.ts';
import { findColumn } from '../../shared/codebook.ts';

export const MappingProfileSchema = z.object({
  version: z.literal(1),
  name: z.string().min(1).max(100),
  cohort: z.enum(COHORTS),
  /** The headers of the extract the profile was made from. */
  headers: z.array(z.string()),
  columns: z.array(z.object({ source: z.string(), target: z.string().nullable() })),
  recodes: z.record(z.string(), z.record(z.string(), z.string())),
  /** Normalised values seen per categorical column when the profile was saved. */
  seenValues: z.record(z.string(), z.array(z.string())),
});
export type MappingProfile = z.infer<typeof MappingProfileSchema>;

export type ProfileSummary = ProfileRow;

export function profileFrom(
  name: string,
  mapping: Mapping,
  headers: readonly string[],
  seenValues: Record<string, string[]>,
): MappingProfile {
  return MappingProfileSchema.parse({
    version: 1,
    name,
    cohort: mapping.cohort,
    headers: [...headers],
    columns: mapping.columns,
    recodes: mapping.recodes,
    seenValues,
  });
}

export function saveProfile(db: SqlDatabase, profile: MappingProfile, now = new Date()): void {
  const at = now.toISOString();
  writeProfile(db, profile.name, profile.cohort, JSON.stringify(MappingProfileSchema.parse(profile)), at);
}

export function loadProfile(db: SqlDatabase, name: string): MappingProfile {
  const json = profileJson(db, name);
  if (json === undefined) {
    const names = listProfiles(db).map((p) => p.name);
    throw new AppError(
      'NOT_FOUND',
      `There is no mapping profile named "${name}"${names.length ? ` (profiles: ${names.join(', ')})` : ''}.`,
    );
  }
  const parsed = MappingProfileSchema.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new AppError('DAMAGED_WORKSPACE', `The mapping profile "${name}" is damaged and cannot be used.`);
  return parsed.data;
}

export function listProfiles(db: SqlDatabase): ProfileSummary[] {
  return profileRows(db);
}

/** Profiles of `cohort` made from an extract `width` columns wide: a headerless file's columns, by position. */
export function profilesOfWidth(db: SqlDatabase, cohort: string, width: number): string[] {
  return listProfiles(db)
    .filter((p) => p.cohort === cohort)
    .map((p) => loadProfile(db, p.name))
    .filter((p) => p.headers.length === width)
    .map((p) => p.name);
}

/**
 * Profiles of `cohort` made from an extract with the same columns as `headers` (in any order,
 * as a profile maps columns by name): offered when the same layout of file comes again.
 */
export function profilesWithHeaders(db: SqlDatabase, cohort: string, headers: readonly string[]): string[] {
  const wanted = [...headers].sort().join('\u0000');
  return listProfiles(db)
    .filter((p) => p.cohort === cohort)
    .map((p) => loadProfile(db, p.name))
    .filter((p) => p.headers.length === headers.length && [...p.headers].sort().join('\u0000') === wanted)
    .map((p) => p.name);
}

/** The profile's mapping for a new extract's headers, and what differs from the profile's extract. */
export function applyProfile(
  profile: MappingProfile,
  headers: readonly string[],
  codebook: Codebook,
): { mapping: Mapping; warnings: string[] } {
  const warnings: string[] = [];
  // A source may feed two targets (the age range: its band, and the range kept as recorded); the first is its own.
  const known = new Map<string, string | null>();
  for (const c of profile.columns) if (!known.has(c.source)) known.set(c.source, c.target);
  const fresh = headers.filter((h) => !profile.headers.includes(h));
  const proposed = autoMap(fresh, profile.cohort, codebook);
  const columns = headers.flatMap((source) => {
    if (known.has(source)) return profile.columns.filter((c) => c.source === source);
    const target = proposed.columns.find((c) => c.source === source)?.target ?? null;
    warnings.push(
      target
        ? `New column "${source}" (not in profile "${profile.name}") was mapped to ${target} automatically: check it.`
        : `New column "${source}" (not in profile "${profile.name}") is left out: map it if it matters.`,
    );
    return [{ source, target }];
  });
  for (const missing of profile.headers.filter((h) => !headers.includes(h))) {
    const target = known.get(missing);
    warnings.push(
      `Column "${missing}" of profile "${profile.name}"${target ? ` (mapped to ${target})` : ''} is not in this extract.`,
    );
  }
  return {
    mapping: { cohort: profile.cohort, columns: orderSources(codebook, columns), recodes: profile.recodes },
    warnings,
  };
}

/** Warnings for values of this import that the profile had not seen. */
export function unseenValueWarnings(profile: MappingProfile, seenNow: Record<string, string[]>): string[] {
  const warnings: string[] = [];
  for (const [column, values] of Object.entries(seenNow)) {
    const before = new Set(profile.seenValues[column] ?? []);
    const fresh = values.filter((v) => v !== '' && !before.has(v));
    if (fresh.length > 0) {
      const shown = fresh.slice(0, 10).join(', ');
      warnings.push(
        `${column}: ${fresh.length} value(s) not seen when profile "${profile.name}" was saved (${shown}${fresh.length > 10 ? ', ...' : ''}).`,
      );
    }
  }
  return warnings;
}

/**
 * A mapping profile as a JSON file (`vso import --profile-file`): what the wizard's analyst
 * decides, written down. `columns` override the automatic mapping of the headers they name
 * (each may state the kind of its target, checked); `recodes` give a destination per target
 * column to source values as the file writes them; the choices for repeated lines, unmapped
 * values and date order are the command's options, which take precedence. A saved profile's
 * JSON is one too.
 */
export const ProfileFileSchema = z.object({
  cohort: z.enum(COHORTS).optional(),
  columns: z
    .array(
      z.object({
        source: z.string(),
        target: z.string().nullable(),
        kind: z.string().optional(),
      }),
    )
    .default([]),
  recodes: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  duplicates: z.enum(['keep', 'reject']).optional(),
  unmapped: z.enum(['fail', 'reject', 'unknown']).optional(),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  /** Age ranges coarser than the bands: Unknown (through `unmapped`), or Unknown and kept as written in a column of their own. */
  sourceBands: z.enum(['unknown', 'column']).optional(),
});
export type ProfileFile = z.infer<typeof ProfileFileSchema>;

/** Reads a profile file's JSON text; a malformed one is refused with what is wrong. */
export function parseProfileFile(text: string, fileName: string): ProfileFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError('BAD_REQUEST', `The profile file ${fileName} is not JSON (${why}).`);
  }
  const parsed = ProfileFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ');
    throw new AppError('BAD_REQUEST', `The profile file ${fileName} cannot be used: ${issues}.`);
  }
  return parsed.data;
}

/** The kind of a mapping target as a profile file names it: a codebook kind, `identifier`, `record` or `age`. */
export function kindOfTarget(codebook: Codebook, target: string): string {
  const kind = targetKind(target);
  if (kind !== 'column') return kind;
  return findColumn(codebook, target)?.kind ?? 'unknown';
}

/** The mapping `base` with a profile file's columns and recodes laid over it. */
export function applyProfileFile(
  file: ProfileFile,
  base: Mapping,
  headers: readonly string[],
  codebook: Codebook,
): Mapping {
  if (file.cohort !== undefined && file.cohort !== base.cohort)
    throw new AppError('BAD_REQUEST', `The profile file is for ${file.cohort}, not ${base.cohort}.`);
  const allowed = new Set(mappingTargets(codebook, base.cohort));
  const problems: string[] = [];
  const chosen = new Map<string, string | null>();
  for (const c of file.columns) {
    if (!headers.includes(c.source)) problems.push(`the file has no column "${c.source}"`);
    if (c.target !== null && !allowed.has(c.target)) problems.push(`"${c.target}" is not a column of ${base.cohort}`);
    else if (c.target !== null && c.kind !== undefined && kindOfTarget(codebook, c.target) !== c.kind)
      problems.push(`"${c.target}" is of kind ${kindOfTarget(codebook, c.target)}, not ${c.kind}`);
    chosen.set(c.source, c.target);
  }
  for (const [target, rules] of Object.entries(file.recodes)) {
    const column = findColumn(codebook, target);
    if (!allowed.has(target) || !column) {
      problems.push(`recodes name "${target}", which is not a column of ${base.cohort}`);
      continue;
    }
    const labels = column.kind === 'flag' ? ['Yes', 'No'] : column.categories;
    for (const label of Object.values(rules))
      if (!column.open && !labels.includes(label))
        problems.push(`"${label}" is not a category of ${target} (${labels.join(', ')})`);
  }
  if (problems.length > 0)
    throw new AppError('BAD_REQUEST', `The profile file cannot be used: ${problems.join('; ')}.`);
  const columns = base.columns.map((c) => (chosen.has(c.source) ? { ...c, target: chosen.get(c.source) ?? null } : c));
  const recodes: Record<string, Record<string, string>> = { ...base.recodes };
  for (const [target, rules] of Object.entries(file.recodes))
    recodes[target] = { ...(recodes[target] ?? {}), ...rules };
  return { cohort: base.cohort, columns: orderSources(codebook, columns), recodes };
}
