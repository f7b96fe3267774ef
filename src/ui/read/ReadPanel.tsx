import type { ReactNode } from 'react';
import { newLesion } from '../../state/lesionFactory';
import type { PanelMessage } from '../../state/measurementIntake';
import type { ReadController, ReadState } from '../../state/readController';
import type { PrimaryMode } from '../../viewer/interactionTools';
import { EMPTY_PRESENT, orphanObservations, type ReadSession } from '../../../workers/read/model';
import { isLocked } from '../../../workers/read/workflow';
import { LesionEditor } from './LesionEditor';
import { LesionTable, type ShownStudy } from './LesionTable';
import { ProtocolControl } from './ProtocolControl';
import { ResponsePanel } from './ResponsePanel';
import type { Responses } from './useResponses';
import './read.css';

interface Props {
  controller: ReadController;
  state: ReadState;
  shown: ShownStudy[];
  selectedLesionId: string | null;
  onSelect(lesionId: string): void;
  mode: PrimaryMode;
  onMode(mode: PrimaryMode): void;
  responses: Responses;
  message: PanelMessage | null;
  onChangeReader(): void;
  onOpenReport(): void;
  /** carries the non-target statuses forward to the follow-up shown; null without one */
  onCarryForward: (() => void) | null;
  /** while the report is shown in its place */
  hidden?: boolean;
  /** export and import, below the responses */
  children: ReactNode;
  /** quiz mode (issue 16): until submitted, no responses, report or exchange: they would give the answer away */
  quiz?: { submitted: boolean; onSubmit(): void } | null;
}

const modes: { mode: PrimaryMode; label: string; key: string }[] = [
  { mode: 'windowLevel', label: 'Window/level', key: 'Esc' },
  { mode: 'click', label: 'Click to measure', key: 'M' },
  { mode: 'whole', label: 'Measure lesion', key: 'B' },
  { mode: 'enhancing', label: 'Measure viable part', key: 'E' },
  { mode: 'density', label: 'Mean HU (ellipse)', key: 'H' },
];

function SaveState({ state }: { state: ReadState }) {
  const text = state.error ?? (state.pendingChanges > 0 ? 'Saving…' : `Saved (revision ${state.savedRevision})`);
  return (
    <span className={`save-state${state.error ? ' error' : ''}`} role="status" data-testid="save-state" data-saved-revision={state.savedRevision} data-pending={state.pendingChanges}>
      {text}
    </span>
  );
}

function addLesion(controller: ReadController, session: ReadSession, studyUid: string, role: 'target' | 'nontarget' | 'new', onSelect: (id: string) => void) {
  // a new lesion starts at the site of the last one: readers go organ by organ
  const lesion = newLesion(session, crypto.randomUUID(), studyUid, role, session.lesions.at(-1)?.organ ?? 'liver');
  if (role === 'nontarget') {
    // a non-target is recorded because it is seen: present where it is added, in one step
    controller.dispatch({ kind: 'gesture', name: `${lesion.label} added`, commands: [{ kind: 'addLesion', lesion }, { kind: 'setObservation', studyUid, lesionId: lesion.id, observation: EMPTY_PRESENT }] });
  } else controller.dispatch({ kind: 'addLesion', lesion });
  onSelect(lesion.id);
}

/** The reader's side of the screen: lesions, tools, responses, and the read's safety. */
export function ReadPanel(props: Props) {
  const { controller, state, shown } = props;
  const { session } = state;
  const baseline = shown.find((study) => study.role === 'baseline');
  const followUp = shown.find((study) => study.role === 'follow-up');
  const selected = session.lesions.find((lesion) => lesion.id === props.selectedLesionId);
  const answersHidden = props.quiz ? !props.quiz.submitted : false;
  // a signed read shows what was signed, with no control that could change it (amend first)
  const locked = isLocked(state.workflow);
  return (
    <aside className="read-panel" aria-label="Read" hidden={props.hidden}>
      <div className="read-header">
        <strong>{session.readerName}</strong>
        <button type="button" className="link" onClick={props.onChangeReader} title="Each reader has a read of their own" data-testid="change-reader">
          change reader
        </button>
        <SaveState state={state} />
        <button type="button" disabled={!state.canUndo} onClick={controller.undo} title="Ctrl+Z">
          Undo
        </button>
        <button type="button" disabled={!state.canRedo} onClick={controller.redo} title="Ctrl+Shift+Z">
          Redo
        </button>
        {props.quiz && (
          <button type="button" className="on" onClick={props.quiz.onSubmit} title="Compare your read with the case's reference read" data-testid="quiz-submit">
            {props.quiz.submitted ? 'Feedback' : 'Submit'}
          </button>
        )}
        {!answersHidden && (
          <button type="button" onClick={props.onOpenReport} title="The report of this read, to read on screen or print" data-testid="open-report">
            Report
          </button>
        )}
      </div>
      {answersHidden && (
        <p className="notice quiz-banner" data-testid="quiz-banner">
          Quiz: the responses are hidden. Read the case, then Submit to compare your read with the reference.
        </p>
      )}
      {locked && (
        <p className="notice" role="status" data-testid="read-locked">
          Signed: this read is locked. Amend it (below) to change it; the signed version is kept.
        </p>
      )}
      {!locked && (
        <>
          <div className="toolbar" role="toolbar" aria-label="Measurement tools">
            {modes.map(({ mode, label, key }) => (
              <button key={mode} type="button" aria-pressed={props.mode === mode} className={props.mode === mode ? 'on' : ''} onClick={() => props.onMode(mode)} data-testid={`mode-${mode}`} title={`Key ${key}`}>
                {label}
              </button>
            ))}
          </div>
          <div className="toolbar">
            {baseline && (
              <>
                <button type="button" data-testid="add-target" onClick={() => addLesion(controller, session, baseline.studyUid, 'target', props.onSelect)}>
                  + Target
                </button>
                <button type="button" data-testid="add-nontarget" onClick={() => addLesion(controller, session, baseline.studyUid, 'nontarget', props.onSelect)}>
                  + Non-target
                </button>
              </>
            )}
            {followUp && (
              <button type="button" data-testid="add-new" title={`A lesion first seen at ${followUp.label}`} onClick={() => addLesion(controller, session, followUp.studyUid, 'new', props.onSelect)}>
                + New lesion ({followUp.timepoint})
              </button>
            )}
            {followUp && props.onCarryForward && (
              <button type="button" data-testid="carry-forward" title="Key F: every non-target not yet assessed here takes its status from the timepoint before" onClick={props.onCarryForward}>
                Carry non-targets forward
              </button>
            )}
          </div>
        </>
      )}
      {props.message && (
        <p className={props.message.kind === 'warning' ? 'warning' : 'notice'} role={props.message.kind === 'warning' ? 'alert' : 'status'} data-testid="read-message" data-kind={props.message.kind}>
          {props.message.text}
        </p>
      )}
      {orphanObservations(session).map(({ studyUid, count }) => (
        <p key={studyUid} className="warning" role="alert" data-testid="orphans">
          {count} observation{count === 1 ? '' : 's'} recorded on study {studyUid}, which is not a timepoint of this read (its timepoints are the {session.timepoints[0]?.modality ?? ''} studies from the baseline on): not
          counted in the table, the responses or the report. Choose that study&apos;s modality as the baseline to see them, or remove them with Undo.
        </p>
      ))}
      <LesionTable session={session} shown={shown} selectedLesionId={props.selectedLesionId} onSelect={props.onSelect} />
      {selected && !locked ? (
        <LesionEditor key={selected.id} controller={controller} session={session} lesion={selected} shown={shown} />
      ) : (
        session.lesions.length > 0 && !locked && <p className="hint">Select a lesion (click its row, or N and P) to edit it.</p>
      )}
      {!answersHidden && (
        <>
          <ProtocolControl
            controller={controller}
            session={session}
            lockedWhy={locked ? 'Signed: the read was assessed with these settings. Amend it to change them.' : state.readOnly ? 'This tab is read-only: the read was changed in another tab.' : null}
          />
          <ResponsePanel responses={props.responses} nameOf={(lesionId) => session.lesions.find((lesion) => lesion.id === lesionId)?.label ?? lesionId} />
          {props.children}
        </>
      )}
    </aside>
  );
}
