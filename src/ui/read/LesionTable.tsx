import { useState } from 'react';
import { labelForSite } from '../../state/lesionFactory';
import type { ReadController } from '../../state/readController';
import { needsVascularPattern, observationOf, type LesionDefinition, type Observation, type ReadSession, type VascularPattern } from '../../../workers/read/model';
import { ORGAN_CHOICES, isLymphNodeSite } from '../../../workers/read/organs';
import { TextField } from './fields';
import { HuField } from './HuField';
import { statusCommand } from './lesionCommands';
import { formatAxesMm } from '../../../workers/domain/lengths';

export interface ShownStudy {
  role: 'baseline' | 'follow-up';
  studyUid: string;
  label: string;
}

const statusLabels: Record<Observation['status'], string> = {
  present: 'present',
  disappeared: 'disappeared (0 mm)',
  tooSmallToMeasure: 'too small to measure',
  notEvaluated: 'not evaluated',
  unequivocalProgression: 'unequivocal progression',
  split: 'split into fragments',
  merged: 'merged into another',
};

function statusesFor(lesion: LesionDefinition, isBaseline: boolean): Observation['status'][] {
  if (isBaseline) return ['present', 'notEvaluated'];
  const common: Observation['status'][] = ['present', 'disappeared', 'tooSmallToMeasure', 'notEvaluated', 'split', 'merged'];
  return lesion.role === 'nontarget' ? [...common, 'unequivocalProgression'] : common;
}

const axes = formatAxesMm;

function describeObservation(observation: Observation | undefined): { whole: string; enhancing: string } {
  if (!observation) return { whole: 'not yet assessed', enhancing: '' };
  if (observation.status !== 'present') return { whole: statusLabels[observation.status], enhancing: '' };
  const enhancing = observation.enhancing;
  return {
    whole: observation.whole ? axes(observation.whole.longAxisMm, observation.whole.shortAxisMm) : 'present, not measured',
    enhancing: enhancing.kind === 'measured' ? axes(enhancing.measurement.longAxisMm, enhancing.measurement.shortAxisMm) : enhancing.kind === 'noEnhancement' ? 'no enhancement' : '',
  };
}

interface Props {
  controller: ReadController;
  session: ReadSession;
  shown: ShownStudy[];
  selectedLesionId: string | null;
  onSelect(lesionId: string): void;
}

/** Every lesion of the read, with what was seen of it in the studies on screen. */
export function LesionTable({ controller, session, shown, selectedLesionId, onSelect }: Props) {
  const baselineUid = session.timepoints[0]?.studyInstanceUid;
  const visible = (lesion: LesionDefinition, studyUid: string) => {
    const order = session.timepoints.map((timepoint) => timepoint.studyInstanceUid);
    return order.indexOf(lesion.firstStudyUid) <= order.indexOf(studyUid);
  };
  return (
    <div className="lesion-table-scroll">
      <table className="lesion-table" data-testid="lesion-table">
        <thead>
          <tr>
            <th>Lesion</th>
            <th>Site</th>
            {shown.map((study) => (
              <th key={study.studyUid}>{study.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {session.lesions.map((lesion) => (
            <tr
              key={lesion.id}
              className={lesion.id === selectedLesionId ? 'selected' : ''}
              onClick={() => onSelect(lesion.id)}
              data-testid="lesion-row"
              data-label={lesion.label}
            >
              <td>
                <TextField
                  className="label-input"
                  label="Lesion label"
                  value={lesion.label}
                  problemOf={(text) => (text.trim() === '' ? 'a lesion needs a label' : session.lesions.some((other) => other.id !== lesion.id && other.label === text.trim()) ? `${text.trim()} is taken` : null)}
                  // trimmed when the field is left; kept as typed meanwhile, so that a space typed mid-label stays
                  onCommit={(text) => controller.dispatch({ kind: 'updateLesion', lesionId: lesion.id, changes: { label: text } })}
                  live
                  readOnly={controller.getState().readOnly}
                  onLeave={() => {
                    if (lesion.label !== lesion.label.trim()) controller.dispatch({ kind: 'updateLesion', lesionId: lesion.id, changes: { label: lesion.label.trim() } });
                    controller.flushTyping();
                  }}
                />
                <select
                  aria-label="Role"
                  value={lesion.role}
                  disabled={lesion.role === 'new'}
                  onChange={(event) => controller.dispatch({ kind: 'updateLesion', lesionId: lesion.id, changes: { role: event.target.value as LesionDefinition['role'] } })}
                >
                  <option value="target">target</option>
                  <option value="nontarget">non-target</option>
                  {lesion.role === 'new' && <option value="new">new</option>}
                </select>
                <RemoveButton lesion={lesion} onRemove={() => controller.dispatch({ kind: 'removeLesion', lesionId: lesion.id })} />
              </td>
              <td>
                <SitePicker session={session} lesion={lesion} onSite={(organ) => controller.dispatch({ kind: 'updateLesion', lesionId: lesion.id, changes: { organ, isLymphNode: isLymphNodeSite(organ), label: labelForSite(session, lesion, organ) } })} />
                {lesion.isLymphNode && <span className="badge">node: short axis</span>}
                {needsVascularPattern(lesion) && (
                  <select
                    aria-label="Vascular pattern"
                    title="mRECIST: a new liver lesion counts as new HCC only with the typical pattern (arterial hyperenhancement with washout)"
                    className={lesion.vascularPattern && lesion.vascularPattern !== 'notAssessed' ? '' : 'unrecorded'}
                    value={lesion.vascularPattern ?? 'notAssessed'}
                    onChange={(event) => controller.dispatch({ kind: 'updateLesion', lesionId: lesion.id, changes: { vascularPattern: event.target.value as VascularPattern } })}
                  >
                    <option value="notAssessed">pattern not assessed</option>
                    <option value="typical">typical pattern (HCC)</option>
                    <option value="atypical">atypical pattern</option>
                  </select>
                )}
              </td>
              {shown.map((study) =>
                visible(lesion, study.studyUid) ? (
                  <ObservationCell key={study.studyUid} controller={controller} session={session} lesion={lesion} studyUid={study.studyUid} isBaseline={study.studyUid === baselineUid} />
                ) : (
                  <td key={study.studyUid} className="muted">
                    not yet seen
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ObservationCell({ controller, session, lesion, studyUid, isBaseline }: { controller: ReadController; session: ReadSession; lesion: LesionDefinition; studyUid: string; isBaseline: boolean }) {
  const observation = observationOf(session, studyUid, lesion.id);
  const text = describeObservation(observation);
  const dispatchAll = (status: Observation['status'], mergedInto?: string) => {
    const command = statusCommand(session, lesion, studyUid, status, mergedInto);
    if (command) controller.dispatch(command);
  };
  return (
    <td data-testid="observation" data-study={studyUid}>
      <div className="measure-whole">{text.whole}</div>
      {text.enhancing && <div className="measure-enhancing">viable {text.enhancing}</div>}
      <select aria-label="Status" value={observation?.status ?? ''} onChange={(event) => dispatchAll(event.target.value as Observation['status'])}>
        {!observation && <option value="">—</option>}
        {statusesFor(lesion, isBaseline).map((status) => (
          <option key={status} value={status}>
            {statusLabels[status]}
          </option>
        ))}
      </select>
      {observation?.status === 'merged' && (
        <select aria-label="Merged into" value={observation.mergedInto} onChange={(event) => dispatchAll('merged', event.target.value)}>
          {session.lesions
            .filter((other) => other.id !== lesion.id && other.role === lesion.role)
            .map((other) => (
              <option key={other.id} value={other.id}>
                {other.label}
              </option>
            ))}
        </select>
      )}
      {observation?.status === 'present' && (
        <div className="observation-extras">
          {observation.whole && (
            <button
              type="button"
              className="link"
              data-testid="viable-equals-whole"
              title="The whole lesion enhances: use its calipers for the viable part too"
              onClick={() =>
                controller.dispatch({ kind: 'setObservation', studyUid, lesionId: lesion.id, observation: { ...observation, enhancing: { kind: 'measured', measurement: observation.whole! } } })
              }
            >
              viable = whole
            </button>
          )}
          <label title="No arterially enhancing (viable) tumour left: EASL and mRECIST count it as 0">
            <input
              type="checkbox"
              checked={observation.enhancing.kind === 'noEnhancement'}
              onChange={(event) =>
                controller.dispatch({ kind: 'setObservation', studyUid, lesionId: lesion.id, observation: { ...observation, enhancing: event.target.checked ? { kind: 'noEnhancement' } : { kind: 'notMeasured' } } })
              }
            />{' '}
            no enhancement
          </label>{' '}
          <HuField value={observation.meanHU} onCommit={(meanHU) => controller.dispatch({ kind: 'setObservation', studyUid, lesionId: lesion.id, observation: { ...observation, meanHU } })} />
        </div>
      )}
    </td>
  );
}

/** Removing a lesion asks first (Undo also brings it back). */
function RemoveButton({ lesion, onRemove }: { lesion: LesionDefinition; onRemove(): void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="link" title="Remove this lesion from the read" data-testid="remove-lesion" onClick={() => setAsking(true)}>
        ✕
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Remove ${lesion.label}?`} data-testid="remove-confirm">
      Remove {lesion.label} and its measurements?{' '}
      <button type="button" data-testid="remove-yes" onClick={onRemove}>
        Remove
      </button>{' '}
      <button type="button" data-testid="remove-no" autoFocus onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}

/** Sites: the ones used in this read first (the select also takes typing: the first letters jump). */
function SitePicker({ session, lesion, onSite }: { session: ReadSession; lesion: LesionDefinition; onSite(organ: string): void }) {
  const recent = [...new Set(session.lesions.map((other) => other.organ).reverse())].filter((organ) => organ !== lesion.organ).slice(0, 4);
  return (
    <select aria-label="Site" value={lesion.organ} onChange={(event) => onSite(event.target.value)}>
      <option value={lesion.organ}>{lesion.organ}</option>
      {recent.length > 0 && (
        <optgroup label="Recent">
          {recent.map((organ) => (
            <option key={`recent-${organ}`} value={organ}>
              {organ}
            </option>
          ))}
        </optgroup>
      )}
      <optgroup label="All sites">
        {ORGAN_CHOICES.filter((choice) => choice.name !== lesion.organ).map((choice) => (
          <option key={choice.name} value={choice.name}>
            {choice.name}
          </option>
        ))}
      </optgroup>
    </select>
  );
}
