// Journeys across cohorts: for each person in two cohorts, which one they were seen in first
// (their earliest dated record there) and whether the other followed within the journey
// window or later. A table of first role (rows) by later role (columns), one count per person
// per pair of cohorts they are in, that disclosure control protects like any two-way table,
// and that a flow chart draws from source to target. Pure: shared by the engine and the screens.

/** Roles in the order a tie on the same day is read: a victim first, then a suspect, then an offender. */
export const JOURNEY_ROLES = ['Victim', 'Suspect', 'Offender'] as const;
export type JourneyRole = (typeof JOURNEY_ROLES)[number];

/**
 * Thirty days by default: the two sides of one incident (a fight, counter-allegations, an
 * arrest after a reported assault) are recorded within days to a few weeks of each other, so
 * first appearances that close are one episode, not a journey from one role to the other.
 */
export const DEFAULT_JOURNEY_WINDOW_DAYS = 30;
export const MAX_JOURNEY_WINDOW_DAYS = 3650;

export const JOURNEY_FIELDS = { first: 'first_seen_as', then: 'then_seen_as' } as const;
export const JOURNEY_FIELD_LABELS: Readonly<Record<string, string>> = {
  first_seen_as: 'First seen as',
  then_seen_as: 'Then seen as',
};

/**
 * The columns of the journeys table: per role, within the window, then later. The labels do
 * not name the window, so a table keeps its categories whatever the window (the footnote says it).
 */
export const JOURNEY_TARGETS: readonly string[] = JOURNEY_ROLES.flatMap((role) => [
  `${role} within the window`,
  `${role} later`,
]);

/** The footnote line of a journeys table: the window it was counted with. */
export function journeyWindowNote(spec: { journeyWindowDays?: number | undefined }): string {
  const days = journeyWindowOf(spec);
  return `Journey window: first appearances ${days === 1 ? '1 day' : `${days.toLocaleString('en-GB')} days`} apart or less count as within the window; a person counts once for each pair of cohorts they are in.`;
}

/** The column of a later role: within the window (0) or later (1). */
export function journeyTargetIndex(role: number, later: boolean): number {
  return role * 2 + (later ? 1 : 0);
}

/** The window a spec asks for, or the default. */
export function journeyWindowOf(spec: { journeyWindowDays?: number | undefined }): number {
  return spec.journeyWindowDays ?? DEFAULT_JOURNEY_WINDOW_DAYS;
}
