import { useState } from 'react';
import type { LesionDefinition, ReadSession } from '../../../workers/read/model';
import { ORGAN_CHOICES } from '../../../workers/read/organs';

/** Removing a lesion asks first (Undo also brings it back). */
export function RemoveButton({ lesion, onRemove }: { lesion: LesionDefinition; onRemove(): void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="remove-lesion" title="Remove this lesion from the read" data-testid="remove-lesion" onClick={() => setAsking(true)}>
        Remove {lesion.label}…
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Remove ${lesion.label}?`} data-testid="remove-confirm">
      Remove {lesion.label} and its measurements?{' '}
      <button type="button" data-testid="remove-yes" onClick={onRemove}>
        Remove
      </button>{' '}
      <button type="button" data-testid="remove-no" autoFocus onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}

/** Sites: the ones used in this read first (the select also takes typing: the first letters jump). */
export function SitePicker({ id, session, lesion, onSite }: { id: string; session: ReadSession; lesion: LesionDefinition; onSite(organ: string): void }) {
  const recent = [...new Set(session.lesions.map((other) => other.organ).reverse())].filter((organ) => organ !== lesion.organ).slice(0, 4);
  return (
    <select id={id} aria-label="Site" value={lesion.organ} onChange={(event) => onSite(event.target.value)}>
      <option value={lesion.organ}>{lesion.organ}</option>
      {recent.length > 0 && (
        <optgroup label="Recent">
          {recent.map((organ) => (
            <option key={`recent-${organ}`} value={organ}>
              {organ}
            </option>
          ))}
        </optgroup>
      )}
      <optgroup label="All sites">
        {ORGAN_CHOICES.filter((choice) => choice.name !== lesion.organ).map((choice) => (
          <option key={choice.name} value={choice.name}>
            {choice.name}
          </option>
        ))}
      </optgroup>
    </select>
  );
}
