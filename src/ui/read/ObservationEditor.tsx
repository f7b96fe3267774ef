import { useId } from 'react';
import type { ReadController } from '../../state/readController';
import { volumeText } from '../../state/measurementIntake';
import { observationOf, type LesionDefinition, type Observation, type PresentObservation, type ReadSession } from '../../../workers/read/model';
import { HuField } from './HuField';
import { statusCommand } from './lesionCommands';
import { axes, statusesFor, statusLabels } from './lesionText';

interface Props {
  controller: ReadController;
  session: ReadSession;
  lesion: LesionDefinition;
  studyUid: string;
  /** "BL 2024-01-10": the column of the table this edits */
  title: string;
  isBaseline: boolean;
}

/** One lesion at one timepoint: its status, and for a present lesion its viable part and mean HU. */
export function ObservationEditor({ controller, session, lesion, studyUid, title, isBaseline }: Props) {
  const observation = observationOf(session, studyUid, lesion.id);
  const statusId = useId();
  const mergedId = useId();
  const dispatchStatus = (status: Observation['status'], mergedInto?: string) => {
    const command = statusCommand(session, lesion, studyUid, status, mergedInto);
    if (command) controller.dispatch(command);
  };
  return (
    <fieldset className="observation-editor" data-testid="observation-editor" data-study={studyUid}>
      <legend>{title}</legend>
      <div className="editor-fields">
        <div className="editor-field">
          <label htmlFor={statusId}>Status</label>
          <select id={statusId} aria-label="Status" value={observation?.status ?? ''} onChange={(event) => dispatchStatus(event.target.value as Observation['status'])}>
            {!observation && <option value="">not yet assessed</option>}
            {statusesFor(lesion, isBaseline).map((status) => (
              <option key={status} value={status}>
                {statusLabels[status]}
              </option>
            ))}
          </select>
        </div>
        {observation?.status === 'merged' && (
          <div className="editor-field">
            <label htmlFor={mergedId}>Merged into</label>
            <select id={mergedId} aria-label="Merged into" value={observation.mergedInto} onChange={(event) => dispatchStatus('merged', event.target.value)}>
              {session.lesions
                .filter((other) => other.id !== lesion.id && other.role === lesion.role)
                .map((other) => (
                  <option key={other.id} value={other.id}>
                    {other.label}
                  </option>
                ))}
            </select>
          </div>
        )}
        {observation?.status === 'present' && <PresentFields controller={controller} lesion={lesion} studyUid={studyUid} observation={observation} />}
      </div>
    </fieldset>
  );
}

function PresentFields({ controller, lesion, studyUid, observation }: { controller: ReadController; lesion: LesionDefinition; studyUid: string; observation: PresentObservation }) {
  const huId = useId();
  const set = (changes: Partial<PresentObservation>) => controller.dispatch({ kind: 'setObservation', studyUid, lesionId: lesion.id, observation: { ...observation, ...changes } });
  const { whole, enhancing } = observation;
  // a non-target is seen, not measured: its axes are shown only if someone measured them anyway
  const showAxes = lesion.role !== 'nontarget' || whole !== null || enhancing.kind !== 'notMeasured';
  return (
    <>
      {showAxes && <Axes observation={observation} />}
      {observation.volume && (
        <div className="editor-field wide" data-testid="observation-volume">
          <span className="field-name" title="From click-to-measure in 3D; assessed by vRECIST and qEASL">
            Volume
          </span>
          <span>{volumeText(observation.volume)}</span>
          <button type="button" title="Remove the volume (vRECIST and qEASL then have no value for this lesion here)" onClick={() => controller.dispatch({ kind: 'setObservation', studyUid, lesionId: lesion.id, observation: withoutVolume(observation) })}>
            remove
          </button>
        </div>
      )}
      <div className="editor-field wide viable-choices">
        {whole && (
          <button
            type="button"
            data-testid="viable-equals-whole"
            title="The whole lesion enhances: use its calipers for the viable part too"
            onClick={() => set({ enhancing: { kind: 'measured', measurement: whole } })}
          >
            viable = whole
          </button>
        )}
        <label title="No arterially enhancing (viable) tumour left: EASL and mRECIST count it as 0">
          <input type="checkbox" checked={enhancing.kind === 'noEnhancement'} onChange={(event) => set({ enhancing: event.target.checked ? { kind: 'noEnhancement' } : { kind: 'notMeasured' } })} /> no
          enhancement
        </label>
      </div>
      <div className="editor-field">
        <label htmlFor={huId} title="Mean attenuation, for Choi">
          Mean HU
        </label>
        <HuField id={huId} value={observation.meanHU} onCommit={(meanHU) => set({ meanHU })} />
      </div>
    </>
  );
}

/** The whole lesion's and the viable part's axes as recorded, or how to measure them. */
function Axes({ observation: { whole, enhancing } }: { observation: PresentObservation }) {
  return (
    <>
      <div className="editor-field">
        <span className="field-name">Whole lesion</span>
        <span className={whole ? 'measure-whole' : 'muted'} title={whole ? undefined : 'Key B, then draw the long axis'}>
          {whole ? `${axes(whole)} mm` : 'not measured'}
        </span>
      </div>
      <div className="editor-field">
        <span className="field-name">Viable part</span>
        <span className={enhancing.kind === 'measured' ? 'measure-enhancing' : 'muted'} title={enhancing.kind === 'notMeasured' ? 'Key E, then draw the long axis of the enhancing part' : undefined}>
          {enhancing.kind === 'measured' ? `${axes(enhancing.measurement)} mm` : enhancing.kind === 'noEnhancement' ? 'none (counts as 0)' : 'not measured'}
        </span>
      </div>
    </>
  );
}

function withoutVolume(observation: PresentObservation): PresentObservation {
  const { volume: _removed, ...rest } = observation;
  return rest;
}
