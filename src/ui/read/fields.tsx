import { useEffect, useId, useState } from 'react';

interface Props {
  /** for a visible <label htmlFor> beside the field */
  id?: string;
  label: string;
  value: string;
  className?: string;
  /** why a text cannot be taken, or null: refused at the field, nothing recorded */
  problemOf(text: string): string | null;
  onCommit(text: string): void;
  /**
   * Record every acceptable keystroke at once (the read controller joins them into one change, stored
   * when typing pauses): a tab closed mid-word keeps what was typed. Without it, the field records on
   * leaving or Enter only.
   */
  live?: boolean;
  /** the field lost focus: the place to store joined typing now */
  onLeave?(): void;
  /** the read cannot change here (another tab changed it): shown, not editable */
  readOnly?: boolean;
}

/**
 * A text field whose edit is one undo step and one audit entry, not one per key: recorded when it
 * loses focus or on Enter (or, `live`, as typed and joined by the controller). A text that cannot be
 * taken is refused at the field, with why. Esc puts the recorded value back.
 */
export function TextField({ id, label, value, className, problemOf, onCommit, live = false, onLeave, readOnly = false }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const problemId = useId();
  useEffect(() => setDraft(null), [value]);
  const text = draft ?? value;
  const problem = draft === null ? null : problemOf(draft);
  const commit = () => {
    if (draft !== null && !problem && draft !== value) onCommit(draft);
    onLeave?.();
  };
  const change = (text: string) => {
    setDraft(text);
    if (live && !problemOf(text) && text !== value) onCommit(text);
  };
  return (
    <span className="field">
      <input
        id={id}
        className={className}
        aria-label={label}
        value={text}
        readOnly={readOnly}
        aria-invalid={problem !== null}
        aria-describedby={problem ? problemId : undefined}
        onChange={(event) => change(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          // Enter records and leaves the field, so the reading keys work again at once
          if (event.key === 'Enter') event.currentTarget.blur();
          if (event.key === 'Escape') setDraft(null);
        }}
      />
      {problem && (
        <span className="field-problem" id={problemId} role="alert" data-testid="field-problem">
          {problem}
        </span>
      )}
    </span>
  );
}
