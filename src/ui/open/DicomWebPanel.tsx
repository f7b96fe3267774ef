import { useEffect, useRef, useState, type FormEvent } from 'react';
import { normalizeBaseUrl, type DicomWebClient, type DicomWebSettings, type StudyRow } from '../../datasources/dicomWeb';
import type { CredentialsStore } from '../../datasources/pacsCredentials';
import { PacsCredentialsPrompt, useCredentialsState } from './PacsCredentialsPrompt';

type Search =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'done'; client: DicomWebClient; studies: StudyRow[]; truncated: boolean }
  | { kind: 'failed'; message: string };

/** Teaching from the PACS (issue 16): a patient whose studies hold a reference read is offered as a quiz and to a teacher. */
export interface PacsTeaching {
  hasReference(client: DicomWebClient, studies: readonly StudyRow[]): Promise<boolean>;
  onQuiz(client: DicomWebClient, studies: StudyRow[], label: string): void;
  onTeacher(client: DicomWebClient, studies: StudyRow[], label: string): void;
}

interface Props {
  settings: DicomWebSettings;
  connect(baseUrl: string): DicomWebClient;
  credentials: CredentialsStore;
  /** why the deployment's nadir.config.json cannot be used, or null */
  configProblem: string | null;
  onOpenPacsStudies(client: DicomWebClient, studies: StudyRow[], label: string): void;
  teaching: PacsTeaching;
}

/**
 * Which patients of a search hold a reference read, by their first study's UID: asked once per
 * search, for the patients with an SR only. A question that fails offers nothing (the studies still open).
 */
function useReferences(search: Search, teaching: PacsTeaching): ReadonlySet<string> {
  const [found, setFound] = useState<{ search: Search; keys: ReadonlySet<string> }>({ search, keys: new Set() });
  // asked again for a new search, not for a new callback object of the same one
  const latestTeaching = useRef(teaching);
  latestTeaching.current = teaching;
  useEffect(() => {
    if (search.kind !== 'done') return;
    let live = true;
    const groups = groupByPatient(search.studies).filter((group) => group.some((study) => study.modalities.includes('SR')));
    void Promise.all(groups.map(async (group) => ((await latestTeaching.current.hasReference(search.client, group).catch(() => false)) ? [group[0]!.studyInstanceUid] : []))).then(
      (keys) => live && setFound({ search, keys: new Set(keys.flat()) }),
    );
    return () => {
      live = false;
    };
  }, [search]);
  return found.search === search ? found.keys : new Set();
}

/** Studies of one patient (by Patient ID, else by name), in the order the server gave them. */
function groupByPatient(studies: readonly StudyRow[]): StudyRow[][] {
  const groups = new Map<string, StudyRow[]>();
  for (const study of studies) {
    const key = study.patientId ? `id:${study.patientId}` : `name:${study.patientName}`;
    groups.set(key, [...(groups.get(key) ?? []), study]);
  }
  return [...groups.values()];
}

const patientLabel = (study: StudyRow) => study.patientName || study.patientId || 'unnamed patient';

/**
 * Search a DICOMweb server (QIDO-RS) and open studies from it (WADO-RS). Every value shown comes
 * from the server and is rendered as text.
 */
export function DicomWebPanel({ settings, connect, credentials, configProblem, onOpenPacsStudies, teaching }: Props) {
  const credentialsState = useCredentialsState(credentials);
  const waitingForCredentials = credentialsState === 'needed' || credentialsState === 'refused';
  const [serverUrl, setServerUrl] = useState(() => settings.load());
  const [patientName, setPatientName] = useState('');
  const [patientId, setPatientId] = useState('');
  const [dateFrom, setDateFrom] = useState('');
  const [dateTo, setDateTo] = useState('');
  const [search, setSearch] = useState<Search>({ kind: 'idle' });
  /** Searches answered so far (a signal for tests: the results on screen belong to search N). */
  const [answered, setAnswered] = useState(0);
  const latest = useRef(0);
  const withReference = useReferences(search, teaching);

  const runSearch = async (event: FormEvent) => {
    event.preventDefault();
    const ticket = ++latest.current;
    setSearch({ kind: 'searching' });
    try {
      const baseUrl = normalizeBaseUrl(serverUrl, document.baseURI);
      settings.save(baseUrl);
      const client = connect(baseUrl);
      const result = await client.searchStudies({ patientName, patientId, studyDateFrom: dateFrom, studyDateTo: dateTo });
      if (ticket !== latest.current) return;
      setSearch({ kind: 'done', client, ...result });
    } catch (error) {
      if (ticket !== latest.current) return;
      setSearch({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
    setAnswered((count) => count + 1);
  };

  return (
    // The start screen is a two-column grid: this section spans both.
    <section
      className="dicomweb-panel"
      style={{ gridColumn: '1 / -1' }}
      aria-labelledby="dicomweb-heading"
      aria-busy={search.kind === 'searching'}
      data-testid="dicomweb-panel"
      data-search-count={answered}
    >
      <h2 id="dicomweb-heading">PACS (DICOMweb)</h2>
      <p>Search a DICOMweb server and open studies from it. Requests go to this server only.</p>
      {configProblem && (
        <p className="error" role="alert" data-testid="dicomweb-config-error">
          The PACS cannot be used: {configProblem}. Ask whoever deployed Nadir to correct it.
        </p>
      )}
      {!configProblem && <PacsCredentialsPrompt credentials={credentials} serverUrl={settings.load()} />}
      <form className="dicomweb-form" onSubmit={(event) => void runSearch(event)}>
        <label>
          Server{' '}
          <input
            type="text"
            inputMode="url"
            spellCheck={false}
            value={serverUrl}
            readOnly={settings.fixed}
            title={settings.fixed ? "Set by this deployment's nadir.config.json" : undefined}
            onChange={(event) => setServerUrl(event.target.value)}
            placeholder={settings.defaultUrl}
            size={40}
            data-testid="dicomweb-url"
          />
        </label>{' '}
        {!settings.fixed && (
          <button type="button" onClick={() => setServerUrl(settings.defaultUrl)} data-testid="dicomweb-url-default">
            Default
          </button>
        )}
        <div className="dicomweb-fields">
          <label>
            Patient name{' '}
            <input value={patientName} onChange={(event) => setPatientName(event.target.value)} placeholder="starts with; * ? wildcards" data-testid="dicomweb-patient-name" />
          </label>{' '}
          <label>
            Patient ID <input value={patientId} onChange={(event) => setPatientId(event.target.value)} data-testid="dicomweb-patient-id" />
          </label>{' '}
          <label>
            Study date from <input type="date" value={dateFrom} onChange={(event) => setDateFrom(event.target.value)} data-testid="dicomweb-date-from" />
          </label>{' '}
          <label>
            to <input type="date" value={dateTo} onChange={(event) => setDateTo(event.target.value)} data-testid="dicomweb-date-to" />
          </label>{' '}
          <button type="submit" disabled={search.kind === 'searching' || waitingForCredentials || configProblem !== null} data-testid="dicomweb-search">
            Search
          </button>
        </div>
      </form>
      {search.kind === 'searching' && <p role="status">Searching…</p>}
      {search.kind === 'failed' && (
        <p className="error" role="alert" data-testid="dicomweb-error">
          The search failed: {search.message}
        </p>
      )}
      {search.kind === 'done' && search.studies.length === 0 && <p data-testid="dicomweb-no-results">No study matches.</p>}
      {search.kind === 'done' && search.studies.length > 0 && (
        <>
          <p data-testid="dicomweb-result-count">
            {search.studies.length} {search.studies.length === 1 ? 'study' : 'studies'}
            {search.truncated && ' shown; more match: narrow the search'}
          </p>
          <table className="dicomweb-results" data-testid="dicomweb-results">
            <thead>
              <tr>
                <th>Patient</th>
                <th>Patient ID</th>
                <th>Date</th>
                <th>Description</th>
                <th>Modalities</th>
                <th>Instances</th>
                <th />
              </tr>
            </thead>
            {groupByPatient(search.studies).map((group) => (
              <tbody key={group[0]!.studyInstanceUid}>
                {(group.length > 1 || withReference.has(group[0]!.studyInstanceUid)) && (
                  <tr className="dicomweb-patient-row">
                    <td colSpan={7}>
                      {group.length > 1 && (
                        <button
                          type="button"
                          data-testid="dicomweb-open-patient"
                          onClick={() => onOpenPacsStudies(search.client, group, `${group.length} studies of ${patientLabel(group[0]!)} from PACS`)}
                        >
                          Open all {group.length} studies of {patientLabel(group[0]!)}
                        </button>
                      )}
                      {withReference.has(group[0]!.studyInstanceUid) && (
                        <>
                          {' '}
                          <button
                            type="button"
                            data-testid="dicomweb-quiz"
                            onClick={() => teaching.onQuiz(search.client, group, `${patientLabel(group[0]!)} from PACS`)}
                            title="Read the case yourself, then compare your read with the case's reference read stored in the PACS"
                          >
                            Quiz: read {patientLabel(group[0]!)} with the answers hidden
                          </button>{' '}
                          <button
                            type="button"
                            data-testid="dicomweb-teacher"
                            onClick={() => teaching.onTeacher(search.client, group, patientLabel(group[0]!))}
                            title="Compare learners' quiz results for this case with its reference read stored in the PACS"
                          >
                            Teacher: learners' results for {patientLabel(group[0]!)}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                )}
                {group.map((study) => (
                  <tr key={study.studyInstanceUid} data-testid="dicomweb-study" data-study-uid={study.studyInstanceUid}>
                    <td>{study.patientName}</td>
                    <td>{study.patientId}</td>
                    <td>{study.studyDate ?? ''}</td>
                    <td>{study.description}</td>
                    <td>{study.modalities.join(', ')}</td>
                    <td>{study.numberOfInstances ?? ''}</td>
                    <td>
                      <button
                        type="button"
                        data-testid="dicomweb-open"
                        onClick={() => onOpenPacsStudies(search.client, [study], `${patientLabel(study)} ${study.studyDate ?? ''} from PACS`)}
                      >
                        Open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </>
      )}
    </section>
  );
}
