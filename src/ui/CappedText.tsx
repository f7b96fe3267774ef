import { useState } from 'react';

/** Longer than any real name, description or UID a reader needs at a glance. */
export const DISPLAY_CAP_CHARS = 120;

/**
 * DICOM text shown in the page, capped: a 65,000-character PatientName laid out with
 * overflow-wrap froze the page for half a minute. The full text is on demand, in a fixed-size
 * read-only box whose layout does not depend on the text's length.
 */
export function CappedText({ text, cap = DISPLAY_CAP_CHARS }: { text: string; cap?: number }) {
  const [full, setFull] = useState(false);
  if (text.length <= cap) return <>{text}</>;
  return (
    <span className="capped-text" data-testid="capped-text">
      {text.slice(0, cap)}…{' '}
      <button type="button" className="link" onClick={() => setFull(!full)} data-testid="capped-text-toggle">
        {full ? 'hide' : `all ${text.length.toLocaleString('en-US')} characters`}
      </button>
      {full && <textarea readOnly className="capped-text-full" value={text} rows={4} />}
    </span>
  );
}
