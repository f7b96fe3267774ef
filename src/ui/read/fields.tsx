import { useEffect, useId, useState } from 'react';

interface Props {
  label: string;
  value: string;
  className?: string;
  /** why a text cannot be taken, or null: refused at the field, nothing recorded */
  problemOf(text: string): string | null;
  onCommit(text: string): void;
}

/**
 * A text field that records once, when it loses focus or on Enter: one edit, one undo step and one
 * audit entry, not one per key. Esc puts the recorded value back.
 */
export function TextField({ label, value, className, problemOf, onCommit }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const problemId = useId();
  useEffect(() => setDraft(null), [value]);
  const text = draft ?? value;
  const problem = draft === null ? null : problemOf(draft);
  const commit = () => {
    if (draft === null || problem || draft === value) return;
    onCommit(draft);
  };
  return (
    <span className="field">
      <input
        className={className}
        aria-label={label}
        value={text}
        aria-invalid={problem !== null}
        aria-describedby={problem ? problemId : undefined}
        onChange={(event) => setDraft(event.target.value)}
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
