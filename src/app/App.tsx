import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { filesFromDataTransfer, filesFromFileList } from '../datasources/localFiles';
import type { DicomWebClient, StudyRow } from '../datasources/dicomWeb';
import type { SampleStudy } from '../datasources/sampleStudies';
import type { FetchedFiles } from '../datasources/sourceTypes';
import { organizeStudies, type ReadFile } from '../dicom/studies';
import { openingSlices } from '../state/openingSlices';
import type { FileReport, Study } from '../state/studyModel';
import type { ReadSession } from '../../workers/read/model';
import { OpenPanel } from '../ui/open/OpenPanel';
import { TeacherView } from '../ui/quiz/TeacherView';
import { LoadReport } from '../ui/reading/LoadReport';
import type { ReadStore } from '../state/readStore';
import type { CornerstoneRuntime } from '../viewer/cornerstoneRuntime';
import { emptyPlace, withSource, type PlaceSource } from '../state/place';
import type { Services } from './services';
import { useKeys } from '../ui/keys/useKeys';
import { PacsCredentialsPrompt } from '../ui/open/PacsCredentialsPrompt';
import { firstPair, openStudiesMetadataFirst } from './pacsStudy';
import { keepIdentity } from './keepIdentity';
import { CaseExportButton, CaseExportStatus, useCaseExport } from '../ui/caseExport';
import { purposeSeriesQuery } from '../dicom/sr/purposeSeries';

/** Where a case's reference read (issue 16) comes from: a sample's SR files, or the reference series of a patient's PACS studies. */
type ReferenceSource = { kind: 'samples'; urls: readonly string[] } | { kind: 'pacs'; client: DicomWebClient; studyUids: readonly string[]; patientId: string | null };

// The reading screen carries Cornerstone: it loads after the start screen so that screen shows
// quickly, but before studies are picked (once the page is idle, or when an opening starts). It is
// rendered once loaded, not through React.lazy: a lazy component suspends on its first render even
// when its module is there, and React holds a revealed Suspense boundary back (300 ms in React 19),
// which delayed the first image by that much.
type ReadingViewModule = typeof import('../ui/reading/ReadingView');
let readingViewModule: ReadingViewModule | null = null;
const loadReadingView = (): Promise<ReadingViewModule> => import('../ui/reading/ReadingView').then((module) => (readingViewModule = module));
// The cohort view (issue 15 §6) and its plotting library load when it is opened.
const CohortView = lazy(() => import('../ui/cohort/CohortView').then((module) => ({ default: module.CohortView })));

/** The studies that may hold a reference read: those the server lists with an SR (the others need no question). */
const studiesWithSr = (studies: readonly StudyRow[]) => studies.filter((study) => study.modalities.includes('SR')).map((study) => study.studyInstanceUid);

interface Loading {
  label: string;
  stage: 'fetching' | 'reading';
  done: number;
  total: number;
  /** what is counted: files, or (a PACS study's metadata) series */
  unit: 'files' | 'series';
}

export function App({ services }: { services: Services }) {
  const [readFiles, setReadFiles] = useState<ReadFile[]>([]);
  const [extraReport, setExtraReport] = useState<FileReport[]>([]);
  const [loading, setLoading] = useState<Loading | null>(null);
  const [runtime, setRuntime] = useState<CornerstoneRuntime | null>(null);
  const [readStore, setReadStore] = useState<ReadStore | null>(null);
  const [runtimeError, setRuntimeError] = useState<string | null>(null);
  const [showOpen, setShowOpen] = useState(true);
  const [panelsHidden, setPanelsHidden] = useState(false);
  /** quiz mode (issue 16): the reference read of the case opened as a quiz */
  const [quizReference, setQuizReference] = useState<ReadSession | null>(null);
  /** a quiz opened from a PACS: the learner's submitted read is stored there as a quiz read (issue 16) */
  const [quizPacs, setQuizPacs] = useState<DicomWebClient | null>(null);
  /** a teacher's view of learners' quiz results for a case (issue 16 §2): its label and reference read */
  const [teaching, setTeaching] = useState<{ label: string; reference: ReadSession; pacsResults: Parameters<typeof TeacherView>[0]['pacsResults'] } | null>(null);
  /** the cohort view of the configured PACS (issue 15 §6), opened from the start screen */
  const [cohortOpen, setCohortOpen] = useState(false);
  /** local files open before a reload: a page cannot open them again by itself, the reader must */
  const [localToReopen, setLocalToReopen] = useState(0);
  // Studies organised again when more arrive keep their unchanged series: the viewports showing them stay.
  const previousStudies = useRef<Study[]>([]);
  const organized = useMemo(() => {
    const fresh = organizeStudies(readFiles);
    return { ...fresh, studies: keepIdentity(previousStudies.current, fresh.studies) };
  }, [readFiles]);
  useEffect(() => {
    previousStudies.current = organized.studies;
  }, [organized.studies]);
  const report = useMemo(() => [...extraReport, ...organized.report], [extraReport, organized.report]);

  const [readingView, setReadingView] = useState(readingViewModule);
  useEffect(() => {
    let live = true;
    const load = () => void loadReadingView().then((module) => live && setReadingView(module), (error: unknown) => live && setRuntimeError(String(error)));
    // Safari has no requestIdleCallback
    const idle = typeof requestIdleCallback === 'function' ? requestIdleCallback(load) : window.setTimeout(load, 500);
    return () => {
      live = false;
      if (typeof cancelIdleCallback === 'function') cancelIdleCallback(idle);
      else window.clearTimeout(idle);
    };
  }, []);
  useEffect(() => {
    services.viewerRuntime.then(setRuntime, (error: unknown) => setRuntimeError(String(error)));
    services.readStore.then(setReadStore, (error: unknown) => setRuntimeError(`the read store (IndexedDB) is unavailable: ${String(error)}`));
  }, [services]);

  /**
   * The first slice each viewport will show, retrieved (from a server) while Cornerstone may still be
   * loading and decoded while React builds the reading view (some 100 ms on a 2-core machine): the
   * images are ready when their viewports are. Only for a first opening:
   * studies that join open ones do not change what the viewports show.
   */
  const decodeOpeningSlices = useCallback(
    async (arrived: readonly ReadFile[]) => {
      const opening = openingSlices(organizeStudies(arrived).studies, services.place.current());
      // A server's images are retrieved at once, while Cornerstone may still be loading (the file keeps the answer).
      for (const { series, index } of opening) {
        const file = series.slices[index]?.instance.file;
        if (file && !('blob' in file)) file.prefetch();
      }
      // a runtime that failed to start is reported where the viewports would be
      const runtime = await services.viewerRuntime.catch(() => null);
      if (!runtime) return;
      for (const { series, index } of opening) runtime.decodeAhead(series, index);
    },
    [services],
  );

  /**
   * Every opening since the studies were last closed: closing aborts them, so that no retrieval of a
   * closed study keeps running (remote images are retrieved long after their opening has shown them).
   */
  const openings = useRef(new Set<AbortController>());
  const load = useCallback(
    async (
      label: string,
      fetchFiles: (signal: AbortSignal) => Promise<FetchedFiles & { described?: readonly ReadFile[] }>,
      sourceOf: (fetched: FetchedFiles) => PlaceSource,
    ) => {
      const opening = new AbortController();
      openings.current.add(opening);
      const signal = opening.signal;
      setLoading({ label, stage: 'fetching', done: 0, total: 0, unit: 'files' });
      void loadReadingView().then(setReadingView, () => undefined);
      try {
        const fetched = await fetchFiles(signal);
        performance.mark('load:fetched', { detail: label });
        const read = await services.fileReader.read(fetched.files, (done, total) => setLoading({ label, stage: 'reading', done, total, unit: 'files' }));
        performance.mark('load:read', { detail: label });
        // closed while it was being fetched or read: what arrived is not shown
        if (signal.aborted) return;
        const arrived = [...(fetched.described ?? []), ...read];
        if (previousStudies.current.length === 0) void decodeOpeningSlices(arrived);
        setReadFiles((previous) => [...previous, ...arrived]);
        setExtraReport((previous) => [...previous, ...fetched.failures]);
        setShowOpen(false);
        const source = sourceOf(fetched);
        services.place.update((place) => ({ ...place, sources: withSource(place.sources, source) }));
      } catch (error) {
        if (!signal.aborted) setExtraReport((previous) => [...previous, { fileName: label, message: error instanceof Error ? error.message : String(error) }]);
      } finally {
        setLoading(null);
      }
    },
    [services, decodeOpeningSlices],
  );

  const openSamples = useCallback(
    (studies: SampleStudy[], label: string, quiz = false) =>
      load(
        label,
        () => services.samples.load(studies, (done, total) => setLoading({ label, stage: 'fetching', done, total, unit: 'files' })),
        () => ({ kind: 'samples', ids: studies.map((study) => study.id), ...(quiz ? { quiz: true as const } : {}) }),
      ),
    [load, services],
  );
  /** A case's reference read from its SRs, checked in full; null (and the reason in the load report) when it cannot be had. */
  const loadReference = useCallback(
    async (label: string, source: ReferenceSource): Promise<ReadSession | null> => {
      try {
        const files =
          source.kind === 'samples'
            ? await services.samples.referenceFiles(source.urls)
            : await Promise.all(
                (await source.client.retrieveSeriesMatching(source.studyUids, purposeSeriesQuery('reference'), () => {})).files.map(async (file) => ({
                  name: file.name,
                  bytes: await file.blob.arrayBuffer(),
                })),
              );
        const outcome = await services.srExchange.referenceReadIn(files, source.kind === 'pacs' ? source.patientId : null);
        if (!outcome.ok) throw new Error(outcome.message);
        return outcome.read;
      } catch (error) {
        setExtraReport((previous) => [...previous, { fileName: `${label}: reference read`, message: error instanceof Error ? error.message : String(error) }]);
        return null;
      }
    },
    [services],
  );
  /** The reference first: a quiz whose answer cannot be had is not opened as a plain read that shows the answers. */
  const openQuiz = useCallback(
    async (studies: SampleStudy[], label: string, referenceUrls: readonly string[]) => {
      const reference = await loadReference(label, { kind: 'samples', urls: referenceUrls });
      if (!reference) return;
      setQuizReference(reference);
      setQuizPacs(null);
      await openSamples(studies, `${label} (quiz)`, true);
    },
    [loadReference, openSamples],
  );
  const openTeacher = useCallback(
    async (label: string, source: ReferenceSource) => {
      const reference = await loadReference(label, source);
      if (!reference) return;
      // a PACS case: the learners' quiz reads stored in its studies are listed with any result files
      const pacsResults =
        source.kind === 'pacs'
          ? async () => {
              const fetched = await source.client.retrieveSeriesMatching(source.studyUids, purposeSeriesQuery('quiz'), () => {});
              const files = await Promise.all(fetched.files.map(async (file) => ({ name: file.name, bytes: await file.blob.arrayBuffer() })));
              const found = await services.srExchange.quizReadsIn(files, source.patientId);
              return { reads: found.reads, unreadable: [...found.unreadable, ...fetched.failures.map((failure) => ({ name: failure.fileName, message: failure.message }))] };
            }
          : null;
      setTeaching({ label, reference, pacsResults });
    },
    [loadReference, services],
  );
  /**
   * A PACS's studies open metadata first (oldest first from a search): each image is retrieved when a
   * viewport comes to it. The baseline and the follow-up the viewports will show are described and
   * shown first; the other timepoints are listed after them, their images retrieved when shown. What
   * needs the whole set (a read stored as SR) waits for it.
   */
  const [loadingMore, setLoadingMore] = useState(false);
  /** counts "Close all studies": an opening closed half-way does not go on with its other timepoints */
  const closings = useRef(0);
  const openPacs = useCallback(
    async (client: DicomWebClient, uids: readonly string[], label: string, quiz = false) => {
      setLoadingMore(true);
      const closed = closings.current;
      const partLabel = (uid: string) => (uids.length > 1 ? `${label} (${uids.indexOf(uid) + 1} of ${uids.length})` : label);
      const { first, rest } = firstPair(uids, services.place.current().timepoints);
      const openPart = (part: readonly string[], partName: string) =>
        load(
          partName,
          (signal) =>
            openStudiesMetadataFirst(
              client,
              part,
              services.fileReader,
              (index, done, total) => setLoading({ label: partLabel(part[index]!), stage: 'fetching', done, total, unit: 'series' }),
              signal,
            ),
          () => ({ kind: 'pacs', studyUids: [...uids], ...(quiz ? { quiz: true as const } : {}) }),
        );
      try {
        await openPart(first, label);
        if (rest.length > 0 && closings.current === closed) await openPart(rest, `${label}: the other timepoints`);
      } finally {
        setLoadingMore(false);
      }
    },
    [load, services],
  );
  const oldestFirst = (studies: readonly StudyRow[]) => [...studies].sort((a, b) => (a.studyDate ?? '').localeCompare(b.studyDate ?? '')).map((study) => study.studyInstanceUid);
  const openPacsStudies = (client: DicomWebClient, studies: StudyRow[], label: string) => openPacs(client, oldestFirst(studies), label);
  /** A PACS patient as a quiz: its reference read (its reference SR series) first, as for a sample. */
  const openPacsQuiz = useCallback(
    async (client: DicomWebClient, studyUids: readonly string[], patientId: string | null, label: string) => {
      const reference = await loadReference(label, { kind: 'pacs', client, studyUids, patientId });
      if (!reference) return;
      setQuizReference(reference);
      setQuizPacs(client);
      await openPacs(client, studyUids, `${label} (quiz)`, true);
    },
    [loadReference, openPacs],
  );
  // Studies named in the address (a worklist's link) open at once from the configured server; without
  // them, the studies open before a reload do (the address wins: it is what the reader just asked for).
  // Once per page, even when React runs the effect twice (development).
  const addressOpened = useRef(false);
  useEffect(() => {
    if (addressOpened.current) return;
    addressOpened.current = true;
    const { uids, rejected, client } = services.address;
    if (rejected.length > 0) setExtraReport((previous) => [...previous, ...rejected.map((value) => ({ fileName: `address: study=${value}`, message: 'not a Study Instance UID; not opened' }))]);
    if (uids.length === 0 || client === null) return void reopen(services.place.initial.sources);
    services.place.update(emptyPlace);
    const label = `${uids.length} ${uids.length === 1 ? 'study' : 'studies'} from ${client.baseUrl}`;
    void openPacs(client, uids, label);

    async function reopen(sources: readonly PlaceSource[]) {
      for (const source of sources) {
        if (source.kind === 'local') setLocalToReopen(source.fileCount);
        else if (source.kind === 'pacs') {
          // From the configured server, as an address's studies: the record names studies, never a server.
          const client = services.dicomWeb.connect(services.dicomWeb.settings.load());
          const label = `the ${source.studyUids.length === 1 ? 'study' : 'studies'} open before the reload, from ${client.baseUrl}`;
          // a quiz reopens as a quiz, or not at all: opened plainly it would show the answers
          if (source.quiz) await openPacsQuiz(client, source.studyUids, null, label);
          else await openPacs(client, source.studyUids, label);
        } else {
          const wanted = new Set(source.ids);
          const catalog = await services.samples.list().catch(() => []);
          const found = catalog.filter((study) => wanted.has(study.id));
          if (found.length < wanted.size) setExtraReport((previous) => [...previous, { fileName: 'samples open before the reload', message: `${wanted.size - found.length} of them are no longer offered` }]);
          if (found.length === 0) continue;
          // a quiz reopens as a quiz, or not at all: opened plainly it would show the answers
          const referenceUrls = found[0]?.referenceSrs ?? [];
          if (!source.quiz) await openSamples(found, 'the samples open before the reload');
          else if (referenceUrls.length > 0) await openQuiz(found, 'the quiz open before the reload', referenceUrls);
          else setExtraReport((previous) => [...previous, { fileName: 'quiz open before the reload', message: 'its reference read is no longer offered; not reopened' }]);
        }
      }
    }
  }, [services, openPacs, openSamples, openQuiz, openPacsQuiz]);

  /** Local files opened: after a reload, the first ones chosen again stand for those open before it. */
  const localSource = (fetched: FetchedFiles): PlaceSource => {
    if (localToReopen > 0) {
      services.place.update((place) => ({ ...place, sources: place.sources.filter((source) => source.kind !== 'local') }));
      setLocalToReopen(0);
    }
    return { kind: 'local', fileCount: fetched.files.length };
  };
  const openFiles = (files: FileList) => {
    const sourceFiles = filesFromFileList(files);
    void load(`${sourceFiles.length} local files`, async () => ({ files: sourceFiles, failures: [] }), localSource);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const transfer = event.dataTransfer;
    void load('dropped files', async () => ({ files: await filesFromDataTransfer(transfer), failures: [] }), localSource);
  };

  const closeAll = () => {
    closings.current += 1;
    openings.current.forEach((opening) => opening.abort());
    openings.current.clear();
    for (const study of organized.studies) for (const series of study.imageSeries) runtime?.closeSeries(series);
    setReadFiles([]);
    setExtraReport([]);
    setShowOpen(true);
    setLocalToReopen(0);
    setQuizReference(null);
    setQuizPacs(null);
    services.place.update(emptyPlace);
  };

  const hasStudies = organized.studies.length > 0;
  const caseExport = useCaseExport(services.caseExport, organized.studies);
  const reading = hasStudies && !showOpen;
  // \ hides and shows the side panels (timepoints and read), as the header's button does.
  useKeys('screen', () => {
    if (!reading) return false;
    setPanelsHidden((hidden) => !hidden);
    return true;
  });
  return (
    <div className={`app${panelsHidden && reading ? ' panels-hidden' : ''}`} onDragOver={(event) => event.preventDefault()} onDrop={onDrop} data-testid="drop-zone">
      <header className="app-header">
        <h1>Nadir</h1>
        <span className="tagline">tumour response assessment</span>
        {hasStudies && (
          <>
            {reading && (
              <button type="button" className="push-right" onClick={() => setPanelsHidden((hidden) => !hidden)} data-testid="toggle-panels" aria-pressed={panelsHidden} title={'Key \\'}>
                {panelsHidden ? 'Show side panels' : 'Hide side panels'}
              </button>
            )}
            <button type="button" className={reading ? '' : 'push-right'} onClick={() => setShowOpen((open) => !open)} data-testid="toggle-open">
              {showOpen ? 'Back to reading' : 'Open more studies'}
            </button>
            <CaseExportButton state={caseExport.state} onStart={() => void caseExport.start()} />
            <button type="button" onClick={closeAll} data-testid="close-all">
              Close all studies
            </button>
          </>
        )}
      </header>
      <CaseExportStatus state={caseExport.state} onDismiss={caseExport.dismiss} />
      {loading && (
        <div className="loading" role="status" data-testid="loading">
          {loading.stage === 'fetching' ? 'Fetching' : 'Reading'} {loading.label}
          {loading.total > 0 && (
            <>
              {' '}
              <progress max={loading.total} value={loading.done} /> {loading.done} / {loading.total} {loading.unit}
            </>
          )}
        </div>
      )}
      {localToReopen > 0 && (
        <p className="warning" role="status" data-testid="reopen-local">
          The {localToReopen} local {localToReopen === 1 ? 'file' : 'files'} open before the reload must be chosen or dropped again: a web page cannot open them
          by itself.{' '}
          {!showOpen && hasStudies && (
            <button type="button" onClick={() => setShowOpen(true)}>
              Choose them
            </button>
          )}
        </p>
      )}
      {/* the PACS refused the credentials while reading (a store, a slice): asked again here, the read stays */}
      {hasStudies && !showOpen && !services.dicomWeb.configProblem && (
        <PacsCredentialsPrompt credentials={services.dicomWeb.credentials} serverUrl={services.dicomWeb.settings.load()} onlyWhenWanted />
      )}
      {runtimeError && <p className="error" role="alert">The viewer could not start: {runtimeError}</p>}
      {teaching && (showOpen || !hasStudies) && (
        <TeacherView engine={services.engine} caseLabel={teaching.label} reference={teaching.reference} pacsResults={teaching.pacsResults} onClose={() => setTeaching(null)} />
      )}
      {!teaching && cohortOpen && (showOpen || !hasStudies) && (
        <Suspense fallback={<p role="status">Starting the cohort view…</p>}>
          <CohortView
            cohort={services.cohort}
            dicomWeb={services.dicomWeb}
            onOpenPatient={(client, studies, label) => {
              setCohortOpen(false);
              void openPacsStudies(client, studies, label);
            }}
            onClose={() => setCohortOpen(false)}
          />
        </Suspense>
      )}
      {!teaching && !cohortOpen && (showOpen || !hasStudies) && (
        <main className="app-main">
          <OpenPanel
            samples={services.samples}
            onOpenSamples={openSamples}
            onQuiz={(studies, label, urls) => void openQuiz(studies, label, urls)}
            onTeacher={(label, urls) => void openTeacher(label, { kind: 'samples', urls })}
            onOpenFiles={openFiles}
            dicomWeb={services.dicomWeb}
            onOpenPacsStudies={(client, studies, label) => void openPacsStudies(client, studies, label)}
            pacsTeaching={{
              hasReference: (client, studies) => client.hasSeriesMatching(studiesWithSr(studies), purposeSeriesQuery('reference')),
              onQuiz: (client, studies, label) => void openPacsQuiz(client, oldestFirst(studies), studies[0]?.patientId || null, label),
              onTeacher: (client, studies, label) =>
                void openTeacher(label, { kind: 'pacs', client, studyUids: oldestFirst(studies), patientId: studies[0]?.patientId || null }),
            }}
            onCohort={() => setCohortOpen(true)}
          />
          {!hasStudies && <LoadReport report={report} />}
        </main>
      )}
      {hasStudies && !showOpen && runtime && readStore && (readingView ? (
        <readingView.default
          runtime={runtime}
          studies={organized.studies}
          report={report}
          readStore={readStore}
          journal={services.journal}
          engine={services.engine}
          dicomWeb={services.dicomWeb}
          srExchange={services.srExchange}
          loadingMore={loadingMore}
          onSliceErrors={(errors) => setExtraReport((previous) => [...previous, ...errors])}
          place={services.place}
          reference={quizReference}
          quizPacs={quizPacs}
        />
      ) : (
        <p role="status">Starting the viewer…</p>
      ))}
    </div>
  );
}
