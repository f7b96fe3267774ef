import type { ReadController } from '../../state/readController';
import { observationOf, type LesionDefinition, type Observation, type ReadSession } from '../../../workers/read/model';
import { ORGAN_CHOICES, isLymphNodeSite } from '../../../workers/read/organs';
import { statusCommands } from './lesionCommands';

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

const axes = (longMm: number, shortMm: number) => `${longMm.toFixed(1)} × ${shortMm.toFixed(1)}`;

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
                <input
                  className="label-input"
                  aria-label="Lesion label"
                  value={lesion.label}
                  onChange={(event) => controller.dispatch({ kind: 'updateLesion', lesionId: lesion.id, changes: { label: event.target.value } })}
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
                <button type="button" className="link" title="Remove this lesion from the read" onClick={() => controller.dispatch({ kind: 'removeLesion', lesionId: lesion.id })}>
                  ✕
                </button>
              </td>
              <td>
                <select
                  aria-label="Site"
                  value={lesion.organ}
                  onChange={(event) =>
                    controller.dispatch({ kind: 'updateLesion', lesionId: lesion.id, changes: { organ: event.target.value, isLymphNode: isLymphNodeSite(event.target.value) } })
                  }
                >
                  {!ORGAN_CHOICES.some((choice) => choice.name === lesion.organ) && <option value={lesion.organ}>{lesion.organ}</option>}
                  {ORGAN_CHOICES.map((choice) => (
                    <option key={choice.name} value={choice.name}>
                      {choice.name}
                    </option>
                  ))}
                </select>
                {lesion.isLymphNode && <span className="badge">node: short axis</span>}
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
  const dispatchAll = (status: Observation['status'], mergedInto?: string) => statusCommands(session, lesion, studyUid, status, mergedInto).forEach((command) => controller.dispatch(command));
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
          <label title="Mean attenuation, for Choi">
            HU{' '}
            <input
              type="number"
              className="hu-input"
              value={observation.meanHU ?? ''}
              onChange={(event) =>
                controller.dispatch({
                  kind: 'setObservation',
                  studyUid,
                  lesionId: lesion.id,
                  observation: { ...observation, meanHU: event.target.value === '' ? null : Number(event.target.value) },
                })
              }
            />
          </label>
        </div>
      )}
    </td>
  );
}
