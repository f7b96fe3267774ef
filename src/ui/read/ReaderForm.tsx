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
  return (
    <form
      className="reader-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.trim()) onReader(draft.trim());
      }}
    >
      <h2>Who is reading?</h2>
      <p>Your name is stored with your read and in its audit log. Each reader has a read of their own.</p>
      <input aria-label="Reader name" data-testid="reader-name" value={draft} onChange={(event) => setDraft(event.target.value)} placeholder="Reader name" />
      <button type="submit" data-testid="reader-start">
        Start reading
      </button>
    </form>
  );
}
