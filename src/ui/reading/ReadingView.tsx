import { useMemo, useState } from 'react';
import type { EngineClient } from '../../state/engine';
import type { SrExchange } from '../../state/srExchange';
import type { DicomWebClient, DicomWebService } from '../../datasources/dicomWeb';
import type { FileReport, Study } from '../../state/studyModel';
import type { PendingJournal } from '../../state/pendingJournal';
import type { ReadStore } from '../../state/readStore';
import { studyViewsOf, type PlaceStore, type StudyViews } from '../../state/placeStore';
import { distinctPatients, orderByDate, reconcileTimepoints, type TimepointChoice } from '../../state/timepoints';
import { useRead } from '../../state/useRead';
import type { CornerstoneRuntime } from '../../viewer/cornerstoneRuntime';
import type { ReadSession, TimepointRef } from '../../../workers/read/model';
import { ReaderForm, ROLES, useReaderName, useRole } from '../read/ReaderForm';
import { AdjudicationView } from '../adjudicate/AdjudicationView';
import { ReadWorkspace } from '../read/ReadWorkspace';
import { ViewportPair } from '../viewer/ViewportPair';
import { LoadReport } from './LoadReport';
import { TimepointList } from './TimepointList';

const NO_MEASUREMENTS = { baseline: [], 'follow-up': [] };

interface Props {
  runtime: CornerstoneRuntime;
  studies: Study[];
  report: FileReport[];
  readStore: ReadStore;
  journal: PendingJournal;
  engine: EngineClient;
  dicomWeb: DicomWebService;
  srExchange: SrExchange;
  /** more studies of this opening are still on their way */
  loadingMore: boolean;
  onSliceErrors(errors: FileReport[]): void;
  /** the follow-up chosen and each study's view, kept for a reload */
  place: PlaceStore;
  /** quiz mode: the case's reference read (issue 16) */
  reference: ReadSession | null;
  /** a quiz opened from a PACS: where the submitted read is stored as a quiz read */
  quizPacs?: DicomWebClient | null;
}

/**
 * The read's timepoints: the baseline and the later studies of the same modality. An MR made beside
 * a CT is the same timepoint clinically, not a follow-up of its own; its read has an MR baseline.
 */
function timepointRefs(ordered: readonly Study[], baselineUid: string): TimepointRef[] {
  const from = Math.max(0, ordered.findIndex((study) => study.studyInstanceUid === baselineUid));
  const modalityOf = (study: Study | undefined) => study?.imageSeries[0]?.modality;
  const baselineModality = modalityOf(ordered[from]);
  return ordered.slice(from).flatMap((study) => {
    const first = study.imageSeries[0]?.slices[0]?.instance.metadata;
    if (!study.date || !first || modalityOf(study) !== baselineModality) return [];
    return [{ studyInstanceUid: study.studyInstanceUid, date: study.date, modality: first.modality, sliceThicknessMm: first.sliceThicknessMm }];
  });
}

/** The reading screen: timepoints on the left, baseline and follow-up side by side, the read on the right. */
export default function ReadingView({ runtime, studies, report, readStore, journal, engine, dicomWeb, srExchange, loadingMore, onSliceErrors, place, reference, quizPacs = null }: Props) {
  const ordered = useMemo(() => orderByDate(studies), [studies]);
  const patients = useMemo(() => distinctPatients(studies), [studies]);
  // The choice kept stands even while its studies are still arriving (PACS, one by one): reconciling
  // shows the default meanwhile, and the kept follow-up once it is loaded.
  const [choice, setChoiceState] = useState<TimepointChoice | null>(() => place.current().timepoints);
  const setChoice = (next: TimepointChoice) => {
    setChoiceState(next);
    place.update((kept) => ({ ...kept, timepoints: next }));
  };
  const views = useMemo(() => studyViewsOf(place), [place]);
  const current = reconcileTimepoints(ordered, choice);
  const [readerName, setReaderName] = useReaderName();
  const [role, setRole] = useRole();

  const baseline = ordered.find((study) => study.studyInstanceUid === current?.baselineUid) ?? null;
  const followUp = ordered.find((study) => study.studyInstanceUid === current?.followUpUid) ?? null;
  const refs = useMemo(() => (current ? timepointRefs(ordered, current.baselineUid) : []), [ordered, current?.baselineUid]);

  return (
    <div className="reading">
      <aside className="timepoints" aria-label="Timepoints">
        <TimepointList ordered={ordered} patients={patients} current={current} onChoice={setChoice} />
        <LoadReport report={report} />
      </aside>
      {baseline && readerName && role === 'adjudicator' ? (
        <>
          <AdjudicationView
            key={`${baseline.patientId}|${readerName}`}
            engine={engine}
            srExchange={srExchange}
            dicomWeb={dicomWeb}
            studies={ordered}
            patientId={baseline.patientId}
            adjudicator={readerName}
            loadingMore={loadingMore}
            runtime={runtime}
            baseline={baseline}
            followUp={followUp}
            onSliceErrors={onSliceErrors}
            views={views}
          />
          <aside className="read-panel" data-testid="adjudicator-panel">
            <p>
              {ROLES.adjudicator}: <strong>{readerName}</strong>
            </p>
            <p className="muted">An adjudicator sees both readers’ signed reads; a reader sees only their own.</p>
            <button type="button" onClick={() => setReaderName(null)} data-testid="change-identity">
              Change name or role…
            </button>
          </aside>
        </>
      ) : baseline && readerName ? (
        <OpenRead
          key={`${baseline.patientId}|${readerName}`}
          runtime={runtime}
          engine={engine}
          dicomWeb={dicomWeb}
          srExchange={srExchange}
          loadingMore={loadingMore}
          readStore={readStore}
          journal={journal}
          identity={{ patientId: baseline.patientId, patientName: baseline.patientName, readerName }}
          refs={refs}
          studies={ordered}
          baseline={baseline}
          followUp={followUp}
          onSliceErrors={onSliceErrors}
          onChangeReader={() => setReaderName(null)}
          views={views}
          reference={reference}
          quizPacs={quizPacs}
        />
      ) : (
        <>
          <main className="reading-main">
            {baseline ? (
              <ViewportPair
                key={`${baseline.studyInstanceUid}|${followUp?.studyInstanceUid ?? ''}`}
                runtime={runtime}
                baseline={baseline}
                followUp={followUp}
                onSliceErrors={onSliceErrors}
                measurements={NO_MEASUREMENTS}
                focus={null}
                views={views}
              />
            ) : (
              <p>No study with images is loaded.</p>
            )}
          </main>
          <aside className="read-panel">
            <ReaderForm
              onReader={(name, chosenRole) => {
                setRole(chosenRole);
                setReaderName(name);
              }}
            />
          </aside>
        </>
      )}
    </div>
  );
}

interface OpenReadProps {
  runtime: CornerstoneRuntime;
  engine: EngineClient;
  dicomWeb: DicomWebService;
  srExchange: SrExchange;
  loadingMore: boolean;
  readStore: ReadStore;
  journal: PendingJournal;
  identity: { patientId: string; patientName: string; readerName: string };
  refs: TimepointRef[];
  /** every loaded study, oldest first */
  studies: readonly Study[];
  baseline: Study;
  followUp: Study | null;
  onSliceErrors(errors: FileReport[]): void;
  onChangeReader(): void;
  views: StudyViews;
  reference: ReadSession | null;
  quizPacs: DicomWebClient | null;
}

function OpenRead({ runtime, engine, dicomWeb, srExchange, loadingMore, readStore, journal, identity, refs, studies, baseline, followUp, onSliceErrors, onChangeReader, views, reference, quizPacs }: OpenReadProps) {
  const opening = useRead(readStore, journal, identity, refs);
  if (opening.kind === 'open') {
    return (
      <ReadWorkspace
        runtime={runtime}
        engine={engine}
        dicomWeb={dicomWeb}
        srExchange={srExchange}
        loadingMore={loadingMore}
        controller={opening.controller}
        studies={studies}
        baseline={baseline}
        followUp={followUp}
        onSliceErrors={onSliceErrors}
        onChangeReader={onChangeReader}
        views={views}
        reference={reference}
        quizPacs={quizPacs}
      />
    );
  }
  return (
    <>
      <main className="reading-main" />
      <aside className="read-panel" role={opening.kind === 'failed' ? 'alert' : 'status'}>
        {opening.kind === 'failed' ? `The read could not be opened: ${opening.message}` : 'Opening the read…'}
      </aside>
    </>
  );
}
