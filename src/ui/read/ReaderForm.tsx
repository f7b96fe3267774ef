import { useState } from 'react';
import { READER_NAME_MESSAGES, readerNameProblem } from '../../../workers/read/readerName';

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

/** Asks for the reader's name; a name that cannot be a DICOM person name is refused here, with why. */
export function ReaderForm({ onReader }: { onReader(name: string): void }) {
  const [draft, setDraft] = useState('');
  const [tried, setTried] = useState(false);
  const problem = readerNameProblem(draft);
  // the message shows once the reader has tried, or as soon as the typed text cannot become valid by typing more
  const shown = problem && (tried || problem !== 'empty') ? READER_NAME_MESSAGES[problem] : null;
  return (
    <form
      className="reader-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (!problem) onReader(draft.trim());
      }}
    >
      <h2>Who is reading?</h2>
      <p>Your name is stored with your read and in its audit log. Each reader has a read of their own.</p>
      <input
        aria-label="Reader name"
        data-testid="reader-name"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        placeholder="Reader name"
        aria-invalid={shown !== null}
        aria-describedby="reader-name-problem"
      />
      {shown && (
        <p className="warning" role="alert" id="reader-name-problem" data-testid="reader-name-problem">
          {shown}
        </p>
      )}
      <button type="submit" data-testid="reader-start">
        Start reading
      </button>
    </form>
  );
}
