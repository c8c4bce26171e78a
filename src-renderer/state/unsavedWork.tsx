// Unsaved work a screen holds (an infographic's edits, the wizard's column mapping): any
// screen registers it with `useUnsavedWork(description)`, and leaving the screen then asks
// first, in a modal dialog that takes keyboard focus, instead of losing the work in silence.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

interface UnsavedWork {
  register(id: string, description: string | null): void;
  /** Runs `leave` now when nothing is unsaved; otherwise after the analyst agrees to discard it. */
  guard(leave: () => void): void;
}

const UnsavedWorkContext = createContext<UnsavedWork | null>(null);

export function UnsavedWorkProvider({ children }: { children: ReactNode }) {
  const [work, setWork] = useState<ReadonlyMap<string, string>>(new Map());
  const [leaving, setLeaving] = useState<(() => void) | null>(null);
  const workRef = useRef(work);
  useEffect(() => {
    workRef.current = work;
  }, [work]);

  const register = useCallback((id: string, description: string | null) => {
    setWork((current) => {
      if ((current.get(id) ?? null) === description) return current;
      const next = new Map(current);
      if (description === null) next.delete(id);
      else next.set(id, description);
      return next;
    });
  }, []);
  const guard = useCallback((leave: () => void) => {
    if (workRef.current.size === 0) leave();
    else setLeaving(() => leave);
  }, []);
  const value = useMemo(() => ({ register, guard }), [register, guard]);

  const discard = (): void => {
    const leave = leaving;
    setLeaving(null);
    setWork(new Map());
    leave?.();
  };
  return (
    <UnsavedWorkContext.Provider value={value}>
      {children}
      {leaving ? (
        <LeaveDialog descriptions={[...work.values()]} onStay={() => setLeaving(null)} onDiscard={discard} />
      ) : null}
    </UnsavedWorkContext.Provider>
  );
}

function LeaveDialog({
  descriptions,
  onStay,
  onDiscard,
}: {
  descriptions: string[];
  onStay(): void;
  onDiscard(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // "Stay" has focus: the safe answer is the one Enter gives.
    dialog?.querySelector<HTMLButtonElement>('[data-autofocus]')?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-what"
      onCancel={(e) => {
        e.preventDefault();
        onStay();
      }}
    >
      <h2 id="leave-title">Leave without saving?</h2>
      <ul id="leave-what">
        {descriptions.map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ul>
      <div className="row">
        <button type="button" className="btn btn-primary" data-autofocus onClick={onStay}>
          Stay
        </button>
        <button type="button" className="btn" onClick={onDiscard}>
          Discard and leave
        </button>
      </div>
    </dialog>
  );
}

/** Registers this component's unsaved work while `description` is not null. */
export function useUnsavedWork(description: string | null): void {
  const context = useContext(UnsavedWorkContext);
  const id = useId();
  const register = context?.register;
  useEffect(() => {
    register?.(id, description);
  }, [register, id, description]);
  useEffect(() => () => register?.(id, null), [register, id]);
}

/** Navigation that asks first when a screen holds unsaved work. */
export function useLeaveGuard(): (leave: () => void) => void {
  const context = useContext(UnsavedWorkContext);
  return context?.guard ?? ((leave) => leave());
}
