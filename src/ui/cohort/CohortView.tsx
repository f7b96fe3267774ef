import { useEffect, useMemo, useState } from 'react';
import type { DicomWebClient, DicomWebService, StudyRow } from '../../datasources/dicomWeb';
import { COHORT_STAGES, type CohortLoaded, type CohortProgress, type CohortService } from '../../state/cohort';
import { CappedText } from '../CappedText';
import { ReaderForm, ROLES, useReaderName, useRole } from '../read/ReaderForm';
import { CohortPlots } from './CohortPlots';
import { CohortRows } from './CohortRows';
import './cohort.css';

interface Props {
  cohort: CohortService;
  dicomWeb: DicomWebService;
  /** opens a patient's studies from the PACS, as the start screen's Open does */
  onOpenPatient(client: DicomWebClient, studies: StudyRow[], label: string): void;
  onClose(): void;
}

type Loading = { kind: 'loading'; progress: CohortProgress | null } | { kind: 'done'; loaded: CohortLoaded } | { kind: 'failed'; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The cohort view (issue 15 §6): every patient of the configured PACS with Nadir reads. It shows every
 * reader's verdicts side by side, so it is the core lab's: only an adjudicator opens it (blinding,
 * issue 15 §2). A reader is asked to identify as an adjudicator first, as the reading screen does.
 */
export function CohortView(props: Props) {
  const [role, setRole] = useRole();
  const [name, setName] = useReaderName();
  const allowed = role === 'adjudicator' && name !== null;
  return (
    <main className="app-main cohort-main" data-testid="cohort-view" data-allowed={allowed}>
      <div className="toolbar">
        <button type="button" onClick={props.onClose} data-testid="cohort-close">
          Back to the start screen
        </button>
      </div>
      <h2>Cohort of the PACS</h2>
      {allowed ? (
        <CohortOfServer {...props} adjudicator={name} onChangeIdentity={() => setName(null)} />
      ) : (
        <div className="cohort-gate" data-testid="cohort-gate">
          <p>
            The cohort view shows every reader’s verdicts side by side. Readers read blind, so it is open to the {ROLES.adjudicator.toLowerCase()} (core lab)
            only{role === 'reader' && name !== null ? <>: you are identified as a reader</> : null}.
          </p>
          <ReaderForm
            onReader={(chosen, chosenRole) => {
              setRole(chosenRole);
              setName(chosen);
            }}
          />
        </div>
      )}
    </main>
  );
}

function CohortOfServer({ cohort, dicomWeb, onOpenPatient, adjudicator, onChangeIdentity }: Props & { adjudicator: string; onChangeIdentity(): void }) {
  const client = useMemo(() => dicomWeb.connect(dicomWeb.settings.load()), [dicomWeb]);
  const [state, setState] = useState<Loading>({ kind: 'loading', progress: null });
  const [opening, setOpening] = useState<string | null>(null);
  const [openProblem, setOpenProblem] = useState<{ patientId: string; message: string } | null>(null);
  useEffect(() => {
    // leaving the view stops the retrieval, the reading and the assessing
    const leaving = new AbortController();
    setState({ kind: 'loading', progress: null });
    cohort
      .load(client, (progress) => !leaving.signal.aborted && setState({ kind: 'loading', progress }), leaving.signal)
      .then(
        (loaded) => !leaving.signal.aborted && setState({ kind: 'done', loaded }),
        (error: unknown) => !leaving.signal.aborted && setState({ kind: 'failed', message: messageOf(error) }),
      );
    return () => leaving.abort();
  }, [cohort, client]);

  const open = async (patientId: string) => {
    setOpening(patientId);
    setOpenProblem(null);
    try {
      // the patient's studies as the start screen's search finds them; an ID with a wildcard character matches itself only
      const { studies } = await client.searchStudies({ patientId });
      const own = studies.filter((study) => study.patientId === patientId);
      if (own.length === 0) throw new Error('the server lists no study of this patient');
      onOpenPatient(client, own, `${own.length === 1 ? 'the study' : `${own.length} studies`} of ${patientId} from PACS`);
    } catch (error) {
      setOpenProblem({ patientId, message: `Could not open: ${messageOf(error)}` });
    } finally {
      setOpening(null);
    }
  };

  return (
    <>
      <p className="cohort-identity">
        {ROLES.adjudicator}: <CappedText text={adjudicator} cap={64} />.{' '}
        <button type="button" className="link" onClick={onChangeIdentity} data-testid="cohort-change-identity">
          Change name or role…
        </button>{' '}
        Server: <CappedText text={client.baseUrl} cap={120} />. Reference and quiz reads are not counted.
      </p>
      {state.kind === 'loading' && (
        <p role="status" data-testid="cohort-progress">
          {state.progress === null ? 'Asking the server for its SRs…' : COHORT_STAGES[state.progress.stage]}
          {state.progress !== null && state.progress.total > 0 && (
            <>
              {' '}
              <progress max={state.progress.total} value={state.progress.done} /> {state.progress.done} / {state.progress.total}
            </>
          )}
        </p>
      )}
      {state.kind === 'failed' && (
        <p className="error" role="alert" data-testid="cohort-error">
          The cohort could not be read: {state.message}
        </p>
      )}
      {state.kind === 'done' && <CohortResult loaded={state.loaded} opening={opening} openProblem={openProblem} onOpen={(patientId) => void open(patientId)} />}
    </>
  );
}

function CohortResult({ loaded, ...rows }: { loaded: CohortLoaded } & Omit<Parameters<typeof CohortRows>[0], 'rows'>) {
  const needed = loaded.rows.filter((row) => row.adjudication.kind === 'needed').length;
  return (
    <div data-testid="cohort-result">
      <p data-testid="cohort-summary">
        {loaded.rows.length} {loaded.rows.length === 1 ? 'patient' : 'patients'} with Nadir reads ({loaded.srCount} SRs on the server); {needed} {needed === 1 ? 'needs' : 'need'}{' '}
        adjudication.
      </p>
      {loaded.unreadable.length > 0 && (
        <section className="warning cohort-unreadable" data-testid="cohort-unreadable">
          <h3>SRs that could not be read ({loaded.unreadable.length})</h3>
          <ul>
            {loaded.unreadable.map((file) => (
              <li key={file.name}>
                <CappedText text={file.name} cap={160} />: {file.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {loaded.rows.length > 0 && <CohortRows rows={loaded.rows} {...rows} />}
      {loaded.assembled.notes.length > 0 && (
        <ul className="muted" data-testid="cohort-notes">
          {loaded.assembled.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <CohortPlots patients={loaded.assembled.patients} />
    </div>
  );
}
