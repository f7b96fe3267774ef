import { useEffect, useMemo, useState } from 'react';
import type { FileReport, Study } from '../../dicom/studies';
import { distinctPatients, orderByDate, reconcileTimepoints, type TimepointChoice } from '../../state/timepoints';
import type { CornerstoneRuntime } from '../../viewer/cornerstoneRuntime';
import { ViewportPair } from '../viewer/ViewportPair';
import { LoadReport } from './LoadReport';

interface Props {
  runtime: CornerstoneRuntime;
  studies: Study[];
  report: FileReport[];
  onSliceErrors(errors: FileReport[]): void;
}

/** The reading screen: timepoints on the left, baseline and follow-up side by side. */
export default function ReadingView({ runtime, studies, report, onSliceErrors }: Props) {
  const ordered = useMemo(() => orderByDate(studies), [studies]);
  const patients = useMemo(() => distinctPatients(studies), [studies]);
  const [choice, setChoice] = useState<TimepointChoice | null>(null);
  const current = reconcileTimepoints(ordered, choice);
  useEffect(() => setChoice((previous) => reconcileTimepoints(ordered, previous)), [ordered]);

  const baseline = ordered.find((study) => study.studyInstanceUid === current?.baselineUid) ?? null;
  const followUp = ordered.find((study) => study.studyInstanceUid === current?.followUpUid) ?? null;

  return (
    <div className="reading">
      <aside className="timepoints" aria-label="Timepoints">
        {patients.length > 1 && (
          <p className="warning" role="alert" data-testid="mixed-patients">
            These studies belong to {patients.length} different patients:{' '}
            {patients.map((patient) => `${patient.patientName || 'unnamed'} (${patient.patientId || 'no ID'})`).join(', ')}. Check that
            baseline and follow-up are the same person.
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
                  {study.patientName || 'Unnamed patient'} · {study.imageSeries.length} image series
                  {study.otherSeries.length > 0 && ` · ${study.otherSeries.map((series) => series.modality).join(', ')}`}
                </div>
                <label>
                  <input
                    type="radio"
                    name="baseline"
                    checked={isBaseline}
                    onChange={() => setChoice(reconcileTimepoints(ordered, { baselineUid: uid, followUpUid: current?.followUpUid ?? null }))}
                  />{' '}
                  Baseline
                </label>{' '}
                <label>
                  <input
                    type="radio"
                    name="follow-up"
                    disabled={isBaseline}
                    checked={uid === current?.followUpUid}
                    onChange={() => current && setChoice({ baselineUid: current.baselineUid, followUpUid: uid })}
                  />{' '}
                  Shown as follow-up
                </label>
                {study.otherSeries.length > 0 && (
                  <ul className="other-series">
                    {study.otherSeries.map((series) => (
                      <li key={series.seriesInstanceUid}>
                        {series.modality}: {series.description || 'unnamed'} ({series.instances.length}), not an image
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
        <LoadReport report={report} />
      </aside>
      <main className="reading-main">
        {baseline ? (
          <ViewportPair
            key={`${baseline.studyInstanceUid}|${followUp?.studyInstanceUid ?? ''}`}
            runtime={runtime}
            baseline={baseline}
            followUp={followUp}
            onSliceErrors={onSliceErrors}
          />
        ) : (
          <p>No study with images is loaded.</p>
        )}
      </main>
    </div>
  );
}
