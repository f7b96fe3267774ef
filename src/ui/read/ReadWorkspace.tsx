import { useEffect, useMemo, useRef, useState } from 'react';
import type { EngineClient } from '../../state/engine';
import type { SrExchange } from '../../state/srExchange';
import type { DicomWebClient, DicomWebService } from '../../datasources/dicomWeb';
import { storeQuizRead, type QuizStored } from '../quiz/storeQuizRead';
import type { FileReport, Study } from '../../state/studyModel';
import type { ReadController } from '../../state/readController';
import { useReadState } from '../../state/useRead';
import type { CornerstoneRuntime } from '../../viewer/cornerstoneRuntime';
import type { PrimaryMode } from '../../viewer/interactionTools';
import { createKeyImageRenderer } from '../../viewer/keyImages';
import type { ShownMeasurement } from '../../viewer/measurementLayer';
import { expectedCentre } from '../../state/lesionPosition';
import { measurementKey, PENDING_KEY, type Caliper, type IntakeContext, type PanelMessage } from '../../state/measurementIntake';
import { observationOf, timepointLabel, type ReadSession } from '../../../workers/read/model';
import { isLocked } from '../../../workers/read/workflow';
import { ReportScreen } from '../report/ReportScreen';
import { QuizScreen } from '../quiz/QuizScreen';
import { ViewportPair, type FocusRequest } from '../viewer/ViewportPair';
import { CaliperPrompt, ProposalPrompt, ReplacePrompt } from './CaliperPrompt';
import { carryForwardCommand, nextUnmeasured } from './lesionCommands';
import type { ShownStudy } from './LesionTable';
import type { StudyViews } from '../../state/placeStore';
import { ReadExchange } from './ReadExchange';
import { ReadPanel } from './ReadPanel';
import type { ReadKeyAction } from './readKeys';
import { useKeys } from '../keys/useKeys';
import { useCaliperIntake } from './useCaliperIntake';
import { useResponses } from './useResponses';

interface Props {
  runtime: CornerstoneRuntime;
  engine: EngineClient;
  dicomWeb: DicomWebService;
  srExchange: SrExchange;
  /** more studies are still loading: offers that need them all wait */
  loadingMore: boolean;
  controller: ReadController;
  /** every loaded study, oldest first (the report and the SR export reach beyond the two shown) */
  studies: readonly Study[];
  baseline: Study;
  followUp: Study | null;
  onSliceErrors(errors: FileReport[]): void;
  onChangeReader(): void;
  views?: StudyViews;
  /** quiz mode: the case's reference read, hidden until the learner submits (issue 16) */
  reference?: ReadSession | null;
  /** a quiz opened from a PACS: the submitted read is stored there as a quiz read, for the teacher's view */
  quizPacs?: DicomWebClient | null;
}

function measurementsOf(session: ReadSession, studyUid: string, selectedLesionId: string | null, pending: Caliper | null): ShownMeasurement[] {
  const items = session.lesions.flatMap((lesion) => {
    const observation = observationOf(session, studyUid, lesion.id);
    if (observation?.status !== 'present') return [];
    const selected = lesion.id === selectedLesionId;
    const shown: ShownMeasurement[] = [];
    if (observation.whole) shown.push({ key: measurementKey(lesion.id, studyUid, 'whole'), part: 'whole', label: lesion.label, measurement: observation.whole, selected });
    if (observation.enhancing.kind === 'measured') {
      shown.push({ key: measurementKey(lesion.id, studyUid, 'enhancing'), part: 'enhancing', label: `${lesion.label} viable`, measurement: observation.enhancing.measurement, selected });
    }
    return shown;
  });
  // the caliper waiting for an answer stays on screen, unnamed (a proposal: marked as proposed)
  if (pending?.studyUid === studyUid) {
    const name = pending.viable === undefined ? '?' : 'proposed';
    items.push({ key: `${PENDING_KEY}|${studyUid}|${pending.part}`, part: pending.part, label: name, measurement: pending.measurement, selected: true });
    if (pending.viable) items.push({ key: `${PENDING_KEY}|${studyUid}|enhancing`, part: 'enhancing', label: `${name} viable`, measurement: pending.viable, selected: true });
  }
  return items;
}

/** After a quiz is submitted, the reference read's calipers beside the learner's (issue 16 §2). */
function referenceMeasurementsOf(reference: ReadSession, studyUid: string): ShownMeasurement[] {
  return reference.lesions.flatMap((lesion) => {
    const observation = observationOf(reference, studyUid, lesion.id);
    if (observation?.status !== 'present') return [];
    const key = (part: string) => `reference|${lesion.id}|${studyUid}|${part}`;
    const shown: ShownMeasurement[] = [];
    if (observation.whole) shown.push({ key: key('whole'), part: 'whole', label: `reference ${lesion.label}`, measurement: observation.whole, selected: false, reference: true });
    if (observation.enhancing.kind === 'measured') {
      shown.push({ key: key('enhancing'), part: 'enhancing', label: `reference ${lesion.label} viable`, measurement: observation.enhancing.measurement, selected: false, reference: true });
    }
    return shown;
  });
}

/** Measuring and following lesions: the viewports, the lesion table and the live response. */
export function ReadWorkspace({ runtime, engine, dicomWeb, srExchange, loadingMore, controller, studies, baseline, followUp, onSliceErrors, onChangeReader, views, reference = null, quizPacs = null }: Props) {
  const state = useReadState(controller);
  const { session } = state;
  const [selectedLesionId, setSelectedLesionId] = useState<string | null>(null);
  const [mode, setMode] = useState<PrimaryMode>('windowLevel');
  const [message, setMessage] = useState<PanelMessage | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const responses = useResponses(engine, session);
  const [view, setView] = useState<'reading' | 'report' | 'feedback'>('reading');
  const [submitted, setSubmitted] = useState(false);
  const [quizStored, setQuizStored] = useState<QuizStored | null>(null);
  const renderKeyImage = useMemo(() => createKeyImageRenderer(runtime, studies), [runtime, studies]);
  const studyOfViewport = useMemo(() => ({ 'viewport-baseline': baseline.studyInstanceUid, 'viewport-follow-up': followUp?.studyInstanceUid }), [baseline, followUp]);
  const latest = useRef<IntakeContext>({ session, selectedLesionId, studyOfViewport });
  latest.current = { session, selectedLesionId, studyOfViewport };

  // a signed read is locked: the viewports only look (no caliper can be drawn to be refused)
  const locked = isLocked(state.workflow);
  const effectiveMode: PrimaryMode = locked ? 'windowLevel' : mode;
  useEffect(() => {
    void runtime.readingTools().then((tools) => tools.setPrimaryMode(effectiveMode));
  }, [runtime, effectiveMode]);

  const lastOrgan = () => latest.current.session.lesions.at(-1)?.organ ?? 'liver';
  const intake = useCaliperIntake(runtime, controller, latest, { onSelect: (id) => select(id), onMessage: setMessage, lastOrgan });
  const pending = intake.question?.kind === 'which' ? intake.question.caliper : intake.question?.kind === 'proposal' ? intake.question.proposal.caliper : null;

  const select = (lesionId: string) => {
    setSelectedLesionId(lesionId);
    const current = latest.current.session;
    // Not yet measured at follow-up: where it should be, from its baseline position and the offset.
    const targetOf = (studyUid: string | undefined) => {
      const expected = studyUid ? expectedCentre(current, lesionId, studyUid) : null;
      return expected && { centre: expected.centre, longAxisMm: expected.longAxisMm, unshifted: expected.basis === 'unshifted' };
    };
    setFocus((previous) => ({ sequence: (previous?.sequence ?? 0) + 1, baseline: targetOf(baseline.studyInstanceUid), followUp: targetOf(followUp?.studyInstanceUid) }));
  };
  const shownStudyUid = followUp?.studyInstanceUid ?? baseline.studyInstanceUid;

  const carryForward = () => {
    if (locked) return setMessage({ kind: 'info', text: 'The read is signed: amend it to change it.' });
    const command = carryForwardCommand(latest.current.session, shownStudyUid);
    if (command) controller.dispatch(command);
    const label = timepointLabel(latest.current.session, shownStudyUid);
    setMessage({ kind: 'info', text: command ? `Non-target statuses carried forward to ${label} (Ctrl+Z undoes it).` : `No non-target left to carry forward to ${label}.` });
  };

  const perform = (action: ReadKeyAction) => {
    const lesions = latest.current.session.lesions;
    const index = lesions.findIndex((lesion) => lesion.id === latest.current.selectedLesionId);
    switch (action.kind) {
      case 'mode':
        return setMode(action.mode);
      case 'undo':
        return controller.undo();
      case 'redo':
        return controller.redo();
      case 'nextLesion':
        if (lesions.length > 0) select(lesions[(index + action.step + lesions.length) % lesions.length]!.id);
        return;
      case 'nextUnmeasured': {
        const next = nextUnmeasured(latest.current.session, shownStudyUid, index);
        const role = lesions.find((lesion) => lesion.id === next)?.role;
        if (next) select(next);
        // a lesion that is measured is gone to in order to measure it: a click on it proposes its calipers
        if (role === 'target' || role === 'new') setMode('click');
        else setMessage({ kind: 'info', text: `Every lesion has something recorded at ${timepointLabel(latest.current.session, shownStudyUid)}.` });
        return;
      }
      case 'carryForward':
        return carryForward();
    }
  };

  // The read's keys, from the one key map (ui/keys): not while the report or a question has the screen.
  useKeys('read', (action) => {
    if (view !== 'reading' || intake.question) return false;
    perform(action);
    return true;
  });

  const shownStudy = (role: ShownStudy['role'], study: Study, timepoint: string): ShownStudy => ({ role, studyUid: study.studyInstanceUid, label: `${timepoint} ${study.date ?? ''}`, timepoint, date: study.date ?? '' });
  const shown: ShownStudy[] = [shownStudy('baseline', baseline, 'BL'), ...(followUp ? [shownStudy('follow-up', followUp, timepointLabel(session, followUp.studyInstanceUid))] : [])];
  // the reference's calipers only once the learner has submitted: before, they are the answer
  const shownReference = submitted ? reference : null;
  const measurements = useMemo(() => {
    const of = (studyUid: string) => [...measurementsOf(session, studyUid, selectedLesionId, pending), ...(shownReference ? referenceMeasurementsOf(shownReference, studyUid) : [])];
    return { baseline: of(baseline.studyInstanceUid), 'follow-up': followUp ? of(followUp.studyInstanceUid) : [] };
  }, [session, baseline, followUp, selectedLesionId, pending, shownReference]);

  const output = responses.kind === 'done' && responses.reply.ok ? responses.reply.output : null;

  // The reading stays mounted behind the report, so that Back finds the same slices, zoom and window.
  const reporting = view !== 'reading';
  return (
    <>
      {view === 'feedback' && reference && <QuizScreen engine={engine} reference={reference} learner={session} responses={responses} stored={quizStored} onBack={() => setView('reading')} />}
      {view === 'report' && <ReportScreen session={session} responses={responses} studies={studies} renderKeyImage={renderKeyImage} onBack={() => setView('reading')} />}
      {!reporting && intake.question?.kind === 'which' && <CaliperPrompt caliper={intake.question.caliper} choices={intake.question.choices} onChoose={intake.choose} />}
      {!reporting && intake.question?.kind === 'replace' && <ReplacePrompt replacement={intake.question.replacement} onAnswer={intake.replace} />}
      {!reporting && intake.question?.kind === 'proposal' && <ProposalPrompt proposal={intake.question.proposal} onAccept={intake.accept} onDiscard={intake.discard} onThreshold={intake.rethreshold} />}
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
          views={views}
        />
      </main>
      <ReadPanel
        controller={controller}
        state={state}
        shown={shown}
        selectedLesionId={selectedLesionId}
        onSelect={select}
        mode={effectiveMode}
        onMode={setMode}
        responses={responses}
        message={message}
        onChangeReader={onChangeReader}
        onOpenReport={() => setView('report')}
        onCarryForward={followUp && !locked ? carryForward : null}
        hidden={reporting}
        quiz={
          reference && {
            submitted,
            onSubmit: () => {
              // once, at the submission: the read as submitted is what the teacher compares
              if (!submitted && quizPacs) {
                setQuizStored({ kind: 'storing', server: quizPacs.baseUrl });
                void storeQuizRead(srExchange, quizPacs, session, output, studies).then(setQuizStored);
              }
              setSubmitted(true);
              setView('feedback');
            },
          }
        }
      >
        <ReadExchange controller={controller} session={session} output={output} studies={studies} studiesComplete={!loadingMore} dicomWeb={dicomWeb} srExchange={srExchange} workflow={state.workflow} savedRevision={state.savedRevision} teaching={reference === null} />
      </ReadPanel>
    </>
  );
}
