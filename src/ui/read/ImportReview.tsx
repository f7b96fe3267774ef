import type { ReadContents } from '../../state/readController';
import { describeProblem, isNotice, isOverridable, type ImportProblem } from '../../../workers/read/importChecks';
import { diffReads, isEmptyDiff } from '../../../workers/read/diffReads';
import type { ReadSession } from '../../../workers/read/model';

/** An import that was checked, waiting for the reader: refused, to override (another patient), or to confirm. */
export interface ImportCandidate {
  /** "read.json", "3 SR files", "the loaded studies" */
  source: string;
  /** null when nothing could be read */
  contents: (ReadContents & Pick<ReadSession, 'timepoints'>) | null;
  /** the current read's lesion → the key incoming lesions are matched by (SR: tracking UID) */
  keyOfCurrent(lesionId: string): string;
  problems: ImportProblem[];
  /** the reader confirmed that the patient is the right one */
  overridden: boolean;
}

interface Props {
  candidate: ImportCandidate;
  session: ReadSession;
  busy: boolean;
  onOverride(): void;
  onReplace(contents: ReadContents): void;
  onCancel(): void;
}

const SHOWN_LINES = 12;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function Problems({ problems }: { problems: ImportProblem[] }) {
  return (
    <ul className="import-problems" data-testid="import-problems">
      {problems.map((problem, index) => (
        <li key={index} data-rule={problem.rule} data-file={problem.file}>
          {describeProblem(problem)}
        </li>
      ))}
    </ul>
  );
}

/** Nothing replaces the read before the reader has seen what would change and said yes. */
export function ImportReview({ candidate, session, busy, onOverride, onReplace, onCancel }: Props) {
  const blocking = candidate.problems.filter((problem) => !isOverridable(problem) && !isNotice(problem));
  const patient = candidate.problems.filter(isOverridable);
  // what the import leaves out (a lesion's mask whose SEG did not read): said before the reader says yes
  const notices = candidate.problems.filter(isNotice);
  const cancel = (
    <button type="button" onClick={onCancel} data-testid="import-cancel">
      {blocking.length > 0 ? 'Dismiss' : 'Cancel'}
    </button>
  );
  if (blocking.length > 0 || !candidate.contents) {
    return (
      <div className="import-review warning" role="alert" data-testid="import-review" data-state="refused">
        <p>
          Not imported: {candidate.source} {blocking.length === 1 ? 'has a problem' : `has ${blocking.length} problems`}; your read is unchanged.
        </p>
        <Problems problems={[...blocking, ...patient, ...notices]} />
        {cancel}
      </div>
    );
  }
  if (patient.length > 0 && !candidate.overridden) {
    return (
      <div className="import-review warning" role="alert" data-testid="import-review" data-state="patient">
        <p>{candidate.source} may be of another patient:</p>
        <Problems problems={patient} />
        <button type="button" onClick={onOverride} data-testid="import-override">
          It is this patient: continue
        </button>{' '}
        {cancel}
      </div>
    );
  }
  const diff = diffReads(session, candidate.contents, candidate.keyOfCurrent);
  if (isEmptyDiff(diff)) {
    return (
      <div className="import-review notice" role="status" data-testid="import-review" data-state="same">
        <p>{candidate.source} holds the same read as yours: nothing to import.</p>
        {notices.length > 0 && <Problems problems={notices} />}
        {cancel}
      </div>
    );
  }
  const contents = candidate.contents;
  return (
    <div className="import-review" role="dialog" aria-label="Confirm the import" data-testid="import-review" data-state="confirm">
      <p>
        Replace your read with {candidate.source}? Lesions: {diff.lesionsAdded.length} added, {diff.lesionsChanged.length} changed, {diff.lesionsRemoved.length} removed.
        Measurements: {diff.measurementsAdded} added, {diff.measurementsChanged} changed, {diff.measurementsRemoved} removed. Your read is kept as a version you can restore.
      </p>
      <ul className="import-diff" data-testid="import-diff">
        {diff.lines.slice(0, SHOWN_LINES).map((line) => (
          <li key={line}>{line}</li>
        ))}
        {diff.lines.length > SHOWN_LINES && <li>and {plural(diff.lines.length - SHOWN_LINES, 'more change')}</li>}
      </ul>
      {notices.length > 0 && <Problems problems={notices} />}
      <button type="button" disabled={busy} onClick={() => onReplace(contents)} data-testid="import-replace">
        Replace my read
      </button>{' '}
      {cancel}
    </div>
  );
}
