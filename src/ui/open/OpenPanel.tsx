import { useEffect, useRef, useState } from 'react';
import type { DicomWebClient, DicomWebService, StudyRow } from '../../datasources/dicomWeb';
import { sampleGroup, type SampleStudy, type SampleStudySource } from '../../datasources/sampleStudies';
import { DicomWebPanel, type PacsTeaching } from './DicomWebPanel';

type Catalog = { kind: 'loading' } | { kind: 'ready'; studies: SampleStudy[] } | { kind: 'failed'; message: string };

interface Props {
  samples: SampleStudySource;
  onOpenSamples(studies: SampleStudy[], label: string): void;
  /** opens a case with a reference read (its SR files) as a quiz: the answers hidden until the learner submits */
  onQuiz(studies: SampleStudy[], label: string, referenceUrls: readonly string[]): void;
  /** a teacher's view of learners' exported quiz results for a case with a reference read */
  onTeacher(label: string, referenceUrls: readonly string[]): void;
  onOpenFiles(files: FileList): void;
  dicomWeb: DicomWebService;
  onOpenPacsStudies(client: DicomWebClient, studies: StudyRow[], label: string): void;
  /** quiz and teacher's view for a PACS patient whose studies hold a reference read */
  pacsTeaching: PacsTeaching;
  /** the cohort view of the configured PACS (issue 15 §6) */
  onCohort(): void;
}

function groupSamples(studies: readonly SampleStudy[]): [string, SampleStudy[]][] {
  const groups = new Map<string, SampleStudy[]>();
  for (const study of studies) groups.set(sampleGroup(study), [...(groups.get(sampleGroup(study)) ?? []), study]);
  return [...groups.entries()];
}

/** The start screen: bundled samples, local files and folders (or drop them anywhere). */
export function OpenPanel({ samples, onOpenSamples, onQuiz, onTeacher, onOpenFiles, dicomWeb, onOpenPacsStudies, pacsTeaching, onCohort }: Props) {
  const [catalog, setCatalog] = useState<Catalog>({ kind: 'loading' });
  const folderInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let live = true;
    samples.list().then(
      (studies) => live && setCatalog({ kind: 'ready', studies }),
      (error: unknown) => live && setCatalog({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [samples]);
  useEffect(() => {
    // Not a React prop: set it on the element so folder picking works in every Chromium.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  return (
    <div className="open-panel">
      <section aria-labelledby="local-heading">
        <h2 id="local-heading">Your files</h2>
        <p>Drop DICOM files or whole folders anywhere on this page, or pick them. Nothing leaves this browser.</p>
        <label className="file-button">
          Open files…
          <input type="file" multiple data-testid="open-files" onChange={(event) => event.target.files && onOpenFiles(event.target.files)} />
        </label>
        <label className="file-button">
          Open a folder…
          <input ref={folderInput} type="file" data-testid="open-folder" onChange={(event) => event.target.files && onOpenFiles(event.target.files)} />
        </label>
      </section>
      <section className="sample-picker" aria-labelledby="samples-heading">
        <h2 id="samples-heading">Sample studies</h2>
        {catalog.kind === 'loading' && <p role="status">Loading the sample studies…</p>}
        {catalog.kind === 'failed' && <p role="alert">The sample studies could not be listed: {catalog.message}</p>}
        {catalog.kind === 'ready' &&
          groupSamples(catalog.studies).map(([group, studies]) => (
            <div key={group} className="sample-group">
              {studies.length > 1 && (
                <button type="button" data-sample-group={group} onClick={() => onOpenSamples(studies, group)}>
                  Open all {studies.length} studies of {group}
                </button>
              )}
              {(studies[0]?.referenceSrs.length ?? 0) > 0 && (
                <button
                  type="button"
                  data-quiz-group={group}
                  onClick={() => onQuiz(studies, group, studies[0]!.referenceSrs)}
                  title="Read the case yourself, then compare your read with the case's reference read"
                >
                  Quiz: read {group} with the answers hidden
                </button>
              )}
              {(studies[0]?.referenceSrs.length ?? 0) > 0 && (
                <button
                  type="button"
                  data-teacher-group={group}
                  onClick={() => onTeacher(group, studies[0]!.referenceSrs)}
                  title="Load learners' exported quiz results for this case and compare them with its reference read"
                >
                  Teacher: learners' results for {group}
                </button>
              )}
              <ul>
                {studies.map((study) => (
                  <li key={study.id}>
                    <button type="button" data-sample-id={study.id} onClick={() => onOpenSamples([study], study.title)}>
                      {study.title}
                    </button>
                    <p>{study.description}</p>
                    <small>{study.licence}</small>
                  </li>
                ))}
              </ul>
            </div>
          ))}
      </section>
      <DicomWebPanel
        settings={dicomWeb.settings}
        connect={dicomWeb.connect}
        credentials={dicomWeb.credentials}
        configProblem={dicomWeb.configProblem}
        onOpenPacsStudies={onOpenPacsStudies}
        teaching={pacsTeaching}
      />
      <section className="cohort-entry" aria-labelledby="cohort-heading">
        <h2 id="cohort-heading">Cohort (core lab)</h2>
        <p>
          Every patient on the PACS with Nadir reads: each reader’s read, whether adjudication is needed, and the waterfall and spider plots. For adjudicators only:
          readers read blind.
        </p>
        <button type="button" onClick={onCohort} data-testid="open-cohort">
          Cohort view of the PACS
        </button>
      </section>
    </div>
  );
}
