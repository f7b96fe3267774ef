import { useEffect, useMemo, useRef, useState } from 'react';
import type { EngineClient } from '../../app/engineClient';
import type { DicomWebService } from '../../datasources/dicomWeb';
import type { FileReport, Study } from '../../dicom/studies';
import type { ReadController } from '../../state/readController';
import { useReadState } from '../../state/useRead';
import type { CornerstoneRuntime } from '../../viewer/cornerstoneRuntime';
import type { PrimaryMode } from '../../viewer/interactionTools';
import { createKeyImageRenderer } from '../../viewer/keyImages';
import type { MeasurementEvent, ShownMeasurement } from '../../viewer/measurementLayer';
import { observationOf, timepointLabel, type ReadSession } from '../../../workers/read/model';
import { ReportScreen } from '../report/ReportScreen';
import { ViewportPair, type FocusRequest } from '../viewer/ViewportPair';
import { densityOutcome, newLesion, withMeasurement, type Part } from './lesionCommands';
import type { ShownStudy } from './LesionTable';
import { ReadExchange } from './ReadExchange';
import { ReadPanel, type PanelMessage } from './ReadPanel';
import { useResponses } from './useResponses';

interface Props {
  runtime: CornerstoneRuntime;
  engine: EngineClient;
  dicomWeb: DicomWebService;
  /** more studies are still loading: offers that need them all wait */
  loadingMore: boolean;
  controller: ReadController;
  /** every loaded study, oldest first (the report and the SR export reach beyond the two shown) */
  studies: readonly Study[];
  baseline: Study;
  followUp: Study | null;
  onSliceErrors(errors: FileReport[]): void;
  onChangeReader(): void;
}

const keyOf = (lesionId: string, studyUid: string, part: Part) => `${lesionId}|${studyUid}|${part}`;

function measurementsOf(session: ReadSession, studyUid: string, selectedLesionId: string | null): ShownMeasurement[] {
  return session.lesions.flatMap((lesion) => {
    const observation = observationOf(session, studyUid, lesion.id);
    if (observation?.status !== 'present') return [];
    const selected = lesion.id === selectedLesionId;
    const items: ShownMeasurement[] = [];
    if (observation.whole) items.push({ key: keyOf(lesion.id, studyUid, 'whole'), part: 'whole', label: lesion.label, measurement: observation.whole, selected });
    if (observation.enhancing.kind === 'measured') {
      items.push({ key: keyOf(lesion.id, studyUid, 'enhancing'), part: 'enhancing', label: `${lesion.label} viable`, measurement: observation.enhancing.measurement, selected });
    }
    return items;
  });
}

function isTyping(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button'].includes(target.type);
  return target instanceof HTMLElement && (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
}

/** Measuring and following lesions: the viewports, the lesion table and the live response. */
export function ReadWorkspace({ runtime, engine, dicomWeb, loadingMore, controller, studies, baseline, followUp, onSliceErrors, onChangeReader }: Props) {
  const state = useReadState(controller);
  const { session } = state;
  const [selectedLesionId, setSelectedLesionId] = useState<string | null>(null);
  const [mode, setMode] = useState<PrimaryMode>('windowLevel');
  const [message, setMessage] = useState<PanelMessage | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const responses = useResponses(engine, session);
  const [view, setView] = useState<'reading' | 'report'>('reading');
  const renderKeyImage = useMemo(() => createKeyImageRenderer(runtime, studies), [runtime, studies]);
  const studyOfViewport = useMemo(() => ({ 'viewport-baseline': baseline.studyInstanceUid, 'viewport-follow-up': followUp?.studyInstanceUid }), [baseline, followUp]);
  const latest = useRef({ session, selectedLesionId, studyOfViewport });
  latest.current = { session, selectedLesionId, studyOfViewport };

  useEffect(() => {
    void runtime.readingTools().then((tools) => tools.setPrimaryMode(mode));
  }, [runtime, mode]);

  useEffect(() => {
    const onMeasurement = (event: MeasurementEvent) => {
      if (!event.result.ok) {
        setMessage({ kind: 'warning', text: `Not measured: ${event.result.reason}.` });
        return;
      }
      setMessage(null);
      const { session: current, selectedLesionId: selected, studyOfViewport: studies } = latest.current;
      if (event.kind === 'density') {
        const studyUid = studies[event.viewportId as keyof typeof studies];
        if (!studyUid) return;
        const outcome = densityOutcome(current, selected, studyUid, event.result);
        if (outcome.command) controller.dispatch(outcome.command);
        setMessage(outcome.message);
        return;
      }
      if (event.kind === 'edited') {
        const [lesionId, studyUid, part] = event.key.split('|') as [string, string, Part];
        controller.dispatch({ kind: 'setObservation', studyUid, lesionId, observation: withMeasurement(observationOf(current, studyUid, lesionId), part, event.result.measurement) });
        return;
      }
      const studyUid = studies[event.viewportId as keyof typeof studies];
      if (!studyUid) return;
      let lesionId = selected;
      if (!lesionId) {
        // Drawing with no lesion selected records a new one: a target at baseline, a new lesion later.
        const lesion = newLesion(current, studyUid, studyUid === current.timepoints[0]?.studyInstanceUid ? 'target' : 'new', 'liver');
        controller.dispatch({ kind: 'addLesion', lesion });
        lesionId = lesion.id;
        setSelectedLesionId(lesionId);
      }
      const after = controller.getState().session;
      controller.dispatch({ kind: 'setObservation', studyUid, lesionId, observation: withMeasurement(observationOf(after, studyUid, lesionId), event.part, event.result.measurement) });
    };
    let unsubscribe: (() => void) | null = null;
    let live = true;
    void runtime.readingTools().then((tools) => {
      if (live) unsubscribe = tools.measurements.subscribe(onMeasurement);
    });
    return () => {
      live = false;
      unsubscribe?.();
    };
  }, [runtime, controller]);

  const select = (lesionId: string) => {
    setSelectedLesionId(lesionId);
    const pointOf = (studyUid: string | undefined) => {
      const observation = studyUid ? observationOf(latest.current.session, studyUid, lesionId) : undefined;
      const measurement = observation?.status === 'present' ? (observation.whole ?? (observation.enhancing.kind === 'measured' ? observation.enhancing.measurement : null)) : null;
      if (!measurement) return null;
      const [a, b] = measurement.longAxis;
      return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2] as const;
    };
    setFocus((previous) => ({ sequence: (previous?.sequence ?? 0) + 1, baselinePoint: pointOf(baseline.studyInstanceUid), followUpPoint: pointOf(followUp?.studyInstanceUid) }));
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (view === 'report') return;
      if (isTyping(event.target)) {
        // Escape leaves a field, so the reading keys work again without reaching for the mouse.
        if (event.key === 'Escape' && event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      const key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) controller.redo();
        else controller.undo();
      } else if ((event.ctrlKey || event.metaKey) && key === 'y') {
        event.preventDefault();
        controller.redo();
      } else if (event.ctrlKey || event.metaKey || event.altKey) {
        return;
      } else if (key === 'b') setMode('whole');
      else if (key === 'e') setMode('enhancing');
      else if (key === 'h') setMode('density');
      else if (key === 'escape' || key === 'w') setMode('windowLevel');
      else if (key === 'n' || key === 'p') {
        const lesions = latest.current.session.lesions;
        if (lesions.length === 0) return;
        const index = lesions.findIndex((lesion) => lesion.id === latest.current.selectedLesionId);
        const next = key === 'n' ? (index + 1) % lesions.length : (index - 1 + lesions.length) % lesions.length;
        select(lesions[next]!.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const shown: ShownStudy[] = [
    { role: 'baseline', studyUid: baseline.studyInstanceUid, label: `BL ${baseline.date ?? ''}` },
    ...(followUp ? [{ role: 'follow-up' as const, studyUid: followUp.studyInstanceUid, label: `${timepointLabel(session, followUp.studyInstanceUid)} ${followUp.date ?? ''}` }] : []),
  ];
  const measurements = useMemo(
    () => ({
      baseline: measurementsOf(session, baseline.studyInstanceUid, selectedLesionId),
      'follow-up': followUp ? measurementsOf(session, followUp.studyInstanceUid, selectedLesionId) : [],
    }),
    [session, baseline, followUp, selectedLesionId],
  );

  const output = responses.kind === 'done' && responses.reply.ok ? responses.reply.output : null;

  // The reading stays mounted behind the report, so that Back finds the same slices, zoom and window.
  const reporting = view === 'report';
  return (
    <>
      {reporting && <ReportScreen session={session} responses={responses} studies={studies} renderKeyImage={renderKeyImage} onBack={() => setView('reading')} />}
      <main className="reading-main" hidden={reporting}>
        <ViewportPair
          key={`${baseline.studyInstanceUid}|${followUp?.studyInstanceUid ?? ''}`}
          runtime={runtime}
          baseline={baseline}
          followUp={followUp}
          onSliceErrors={onSliceErrors}
          measurements={measurements}
          focus={focus}
          keysActive={!reporting}
        />
      </main>
      <ReadPanel
        controller={controller}
        state={state}
        shown={shown}
        selectedLesionId={selectedLesionId}
        onSelect={select}
        mode={mode}
        onMode={setMode}
        responses={responses}
        message={message}
        onChangeReader={onChangeReader}
        onOpenReport={() => setView('report')}
        hidden={reporting}
      >
        <ReadExchange controller={controller} session={session} output={output} studies={studies} studiesComplete={!loadingMore} dicomWeb={dicomWeb} />
      </ReadPanel>
    </>
  );
}
