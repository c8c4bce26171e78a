// A saved profile made from a file with the same columns, offered for this one.
/** Saved profiles made from a file with these columns: one click applies one, or the analyst declines. */
export function ProfileOffer({
  offered,
  applied,
  disabled,
  onApply,
  onDecline,
}: {
  offered: readonly string[];
  applied: string | null;
  /** While the file is read again, the offer waits. */
  disabled: boolean;
  onApply(name: string): void;
  onDecline(): void;
}) {
  if (applied !== null)
    return (
      <p className="alert alert-success" role="status" data-testid="profile-applied">
        Mapped as the saved profile “{applied}”: its columns and its categories for values. Check where each column
        goes.
      </p>
    );
  if (offered.length === 0) return null;
  return (
    <div
      className="alert alert-warning stack"
      role="group"
      aria-labelledby="profile-offer-title"
      data-testid="profile-offer"
    >
      <p id="profile-offer-title">
        {offered.length === 1
          ? `This file has the same columns as the saved profile “${offered[0]}”. Use its mapping and its categories for values?`
          : 'This file has the same columns as these saved profiles. Use the mapping and categories of one?'}
      </p>
      <div className="row">
        {offered.map((name) => (
          <button
            key={name}
            type="button"
            className="btn btn-primary"
            disabled={disabled}
            onClick={() => onApply(name)}
          >
            Use profile “{name}”
          </button>
        ))}
        <button type="button" className="btn" disabled={disabled} onClick={onDecline}>
          No thanks: map it afresh
        </button>
      </div>
    </div>
  );
}
