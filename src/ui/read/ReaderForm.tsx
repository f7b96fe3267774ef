import { useState } from 'react';
import { READER_NAME_MESSAGES, readerNameProblem } from '../../../workers/read/readerName';

const STORAGE_KEY = 'nadir.readerName';
const ROLE_KEY = 'nadir.role';

/**
 * What this browser profile's person does (issue 15): a reader reads blind (their own read only); an
 * adjudicator compares two readers' signed reads from the PACS and resolves where they disagree.
 */
export const ROLES = { reader: 'Reader', adjudicator: 'Adjudicator' } as const;
export type Role = keyof typeof ROLES;
const isRole = (value: string | null): value is Role => value !== null && Object.hasOwn(ROLES, value);

/** The role, remembered in this browser with the name: a reader unless chosen otherwise. */
export function useRole(): [Role, (role: Role) => void] {
  const [role, setRole] = useState<Role>(() => {
    const stored = localStorage.getItem(ROLE_KEY);
    return isRole(stored) ? stored : 'reader';
  });
  return [
    role,
    (next: Role) => {
      localStorage.setItem(ROLE_KEY, next);
      setRole(next);
    },
  ];
}

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
export function ReaderForm({ onReader }: { onReader(name: string, role: Role): void }) {
  const [draft, setDraft] = useState('');
  const [role, setRole] = useState<Role>('reader');
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
        if (!problem) onReader(draft.trim(), role);
      }}
    >
      <h2>Who is reading?</h2>
      <p>Your name is stored with your read and in its audit log. Each reader has a read of their own and sees no other reader’s.</p>
      <fieldset className="role-choice" data-testid="role-choice">
        <legend>Your role</legend>
        {(Object.keys(ROLES) as Role[]).map((key) => (
          <label key={key} className="check">
            <input type="radio" name="role" value={key} checked={role === key} onChange={() => setRole(key)} data-testid={`role-${key}`} />
            {ROLES[key]}
            {key === 'adjudicator' ? ': compare two readers’ signed reads from the PACS' : ': read blind, sign, store in the PACS'}
          </label>
        ))}
      </fieldset>
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
        {role === 'adjudicator' ? 'Start adjudicating' : 'Start reading'}
      </button>
    </form>
  );
}
