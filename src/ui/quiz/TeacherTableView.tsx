import type { PatientOutput } from '../../../workers/domain/result';
import type { ReadSession } from '../../../workers/read/model';
import { teacherTable, type LearnerResult, type TeacherRow } from '../../../workers/quiz/teacherTable';
import { CRITERION_LABELS } from '../../../workers/report/reportModel';
import { DASH } from '../report/format';

interface Props {
  reference: ReadSession;
  referenceOutput: PatientOutput;
  results: readonly LearnerResult[];
}

const signedMm = (value: number) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(2)}`;

function LearnerRow({ row, referenceTargets }: { row: TeacherRow; referenceTargets: number }) {
  const { targets, calipers } = row.score;
  return (
    <tr data-testid="teacher-row" data-learner={row.learner}>
      <th scope="row">
        {row.learner}
        <span className="report-aside">{row.file}</span>
      </th>
      {row.criteria.map((criterion, index) => (
        <td key={index} data-testid="teacher-criterion" className={criterion && criterion.agreeing < criterion.total ? 'quiz-disagree' : ''}>
          {criterion ? `${criterion.agreeing === criterion.total ? '✓' : '✗'} ${criterion.agreeing} of ${criterion.total}` : DASH}
        </td>
      ))}
      <td data-testid="teacher-targets" className={targets.missed + targets.extra > 0 ? 'quiz-disagree' : ''}>
        {targets.agreed} of {referenceTargets}
        {(targets.missed > 0 || targets.extra > 0) && <span className="report-aside">missed {targets.missed}, extra {targets.extra}</span>}
        {row.score.conformanceMistakes > 0 && (
          <span className="report-aside">
            {row.score.conformanceMistakes} conformance {row.score.conformanceMistakes === 1 ? 'mistake' : 'mistakes'}
          </span>
        )}
      </td>
      <td className="number" data-testid="teacher-mean">
        {calipers.meanAbsDifferenceMm === null ? DASH : calipers.meanAbsDifferenceMm.toFixed(2)}
        {calipers.meanDifferenceMm !== null && <span className="report-aside">bias {signedMm(calipers.meanDifferenceMm)}</span>}
      </td>
      <td data-testid="teacher-within" className={row.allCalipersWithin ? '' : 'quiz-disagree'}>
        {row.allCalipersWithin ? '✓' : '✗'} {calipers.within} of {calipers.compared}
      </td>
    </tr>
  );
}

/** Learners × (each criterion's verdict agreement, targets, mean caliper difference, calipers within the limits), the reference first. */
export function TeacherTableView({ reference, referenceOutput, results }: Props) {
  const referenceTargets = reference.lesions.filter((lesion) => lesion.role === 'target');
  const table = teacherTable(referenceOutput, referenceTargets.length, results);
  return (
    <table className="report-table teacher-table" data-testid="teacher-table">
      <caption>
        Per criterion: the follow-ups whose verdict agrees with the reference's. Calipers: the mean |yours − reference| in mm (and its sign, the bias), and how many lie
        strictly within the inter-reader 95 % limits of agreement (MARGIN-3).
      </caption>
      <thead>
        <tr>
          <th scope="col">Learner</th>
          {table.criteria.map((criterion) => (
            <th scope="col" key={criterion}>
              {CRITERION_LABELS[criterion]}
            </th>
          ))}
          <th scope="col">Targets agreed</th>
          <th scope="col">Mean caliper difference, mm</th>
          <th scope="col">Within limits</th>
        </tr>
      </thead>
      <tbody>
        <tr className="teacher-reference" data-testid="teacher-reference">
          <th scope="row">
            Reference
            <span className="report-aside">{reference.readerName}</span>
          </th>
          {table.reference.map((one) => (
            <td key={one.criterion}>
              {one.timepoints.map((timepoint) => (
                <span key={timepoint.id} className="teacher-verdict">
                  {timepoint.id} {timepoint.overallResponse}
                </span>
              ))}
            </td>
          ))}
          <td>{referenceTargets.map((lesion) => lesion.label).join(', ') || DASH}</td>
          <td className="muted">{DASH}</td>
          <td className="muted">{DASH}</td>
        </tr>
        {table.rows.map((row, index) => (
          <LearnerRow key={index} row={row} referenceTargets={table.referenceTargets} />
        ))}
        {table.rows.length === 0 && (
          <tr>
            <td colSpan={table.criteria.length + 4} className="muted">
              No learner's result loaded yet.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
