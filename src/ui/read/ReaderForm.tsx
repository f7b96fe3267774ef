import { useState } from 'react';

const STORAGE_KEY = 'nadir.readerName';

/** The reader's name, remembered in this browser: every read and every audit entry carries it. */
export function useReaderName(): [string | null, (name: string | null) => void] {
  const [name, setName] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  return [
    name,
    (next: string | null) => {
      if (next === null) localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, next);
      setName(next);
    },
  ];
}

export function ReaderForm({ onReader }: { onReader(name: string): void }) {
  const [draft, setDraft] = useState('');
  const [refused, setRefused] = useState(false);
  return (
    <form
      className="reader-form"
      onSubmit={(event) => {
        event.preventDefault();
        // A blank name would leave the audit log without a reader: refused here, at the field.
        if (draft.trim()) onReader(draft.trim());
        else setRefused(true);
      }}
    >
      <h2>Who is reading?</h2>
      <p>Your name is stored with your read and in its audit log. Each reader has a read of their own.</p>
      <input
        aria-label="Reader name"
        data-testid="reader-name"
        value={draft}
        aria-invalid={refused}
        aria-describedby={refused ? 'reader-name-problem' : undefined}
        onChange={(event) => {
          setDraft(event.target.value);
          setRefused(false);
        }}
        placeholder="Reader name"
      />
      {refused && (
        <p className="field-problem" id="reader-name-problem" role="alert" data-testid="field-problem">
          Give your name: every change of the read is recorded under it.
        </p>
      )}
      <button type="submit" data-testid="reader-start">
        Start reading
      </button>
    </form>
  );
}
