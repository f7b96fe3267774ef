import { useEffect, useId, useState } from 'react';

/** The CT scale: 12-bit Hounsfield units. A mean outside it is a typing slip, not tissue. */
export const HU_MIN = -1024;
export const HU_MAX = 3071;

export function huProblem(text: string): string | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) return 'HU must be a number';
  if (value < HU_MIN || value > HU_MAX) return `HU must lie within ${HU_MIN}..${HU_MAX}; ${text.trim()} is not recorded`;
  return null;
}

/**
 * The lesion's mean attenuation (Choi), typed: recorded on Enter or when the field loses focus, if
 * possible. Its visible label is the caller's, pointing at `id`.
 */
export function HuField({ id, value, onCommit }: { id: string; value: number | null; onCommit(meanHU: number | null): void }) {
  const recorded = value === null ? '' : String(value);
  const [draft, setDraft] = useState<string | null>(null);
  const problemId = useId();
  useEffect(() => setDraft(null), [value]);
  const problem = draft === null ? null : huProblem(draft);
  const commit = () => {
    if (draft === null || problem || draft.trim() === recorded) return;
    onCommit(draft.trim() === '' ? null : Number(draft));
  };
  return (
    <span className="field">
      <input
        id={id}
        type="text"
        inputMode="decimal"
        className="hu-input"
        value={draft ?? recorded}
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
