import { CappedText } from '../CappedText';
import type { Study } from '../../state/studyModel';
import { reconcileTimepoints, type PatientIdentity, type TimepointChoice } from '../../state/timepoints';

interface Props {
  ordered: Study[];
  patients: PatientIdentity[];
  current: TimepointChoice | null;
  onChoice(choice: TimepointChoice): void;
}

/**
 * What a non-image series is called in the list. An SR's description is not shown: it can name a read
 * that a blinded reader or a learner in a quiz must not learn of ("Nadir reference read BL", another
 * tool's "Reader B measurements"); Nadir offers the reads a person may see under Export and import.
 */
const seriesName = (series: Pick<Study['otherSeries'][number], 'modality' | 'description'>) => (series.modality === 'SR' ? 'structured report' : series.description || 'unnamed');

/** The loaded studies in date order; the reader picks the baseline and the follow-up shown. */
export function TimepointList({ ordered, patients, current, onChoice }: Props) {
  return (
    <>
      {patients.length > 1 && (
        <p className="warning" role="alert" data-testid="mixed-patients">
          These studies belong to {patients.length} different patients:{' '}
          {patients.map((patient) => `${patient.patientName || 'unnamed'} (${patient.patientId || 'no ID'})`).join(', ')}. Check that baseline and
          follow-up are the same person.
        </p>
      )}
      <h2>Timepoints</h2>
      <ol className="timepoint-list">
        {ordered.map((study) => {
          const uid = study.studyInstanceUid;
          const isBaseline = uid === current?.baselineUid;
          return (
            <li key={uid} className={isBaseline ? 'baseline' : uid === current?.followUpUid ? 'follow-up' : ''} data-testid="timepoint">
              <div className="timepoint-title">
                <strong>{study.date ?? 'no date'}</strong> {study.description || 'Unnamed study'}
              </div>
              <div className="timepoint-meta">
                {study.patientName ? <CappedText text={study.patientName} cap={60} /> : 'Unnamed patient'} · {study.imageSeries.length} image series
                {study.otherSeries.length > 0 && ` · ${study.otherSeries.map((series) => series.modality).join(', ')}`}
              </div>
              <label>
                <input
                  type="radio"
                  name="baseline"
                  checked={isBaseline}
                  onChange={() => onChoice(reconcileTimepoints(ordered, { baselineUid: uid, followUpUid: current?.followUpUid ?? null })!)}
                />{' '}
                Baseline
              </label>{' '}
              <label>
                <input
                  type="radio"
                  name="follow-up"
                  disabled={isBaseline}
                  checked={uid === current?.followUpUid}
                  onChange={() => current && onChoice({ baselineUid: current.baselineUid, followUpUid: uid })}
                  data-testid="choose-follow-up"
                />{' '}
                Shown as follow-up
              </label>
              {study.otherSeries.length > 0 && (
                <ul className="other-series">
                  {study.otherSeries.map((series) => (
                    <li key={series.seriesInstanceUid}>
                      {series.modality}: {seriesName(series)} ({series.instances.length}), not an image
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
