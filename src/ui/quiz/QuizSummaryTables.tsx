import type { AxisComparison, QuizFeedback, VerdictComparison, VerdictSide } from '../../../workers/quiz/compareReads';
import { axisText, differenceText, ROLE_TEXT } from '../../../workers/quiz/findingText';
import { caliperGrid, verdictGrid, type CaliperGridRow } from '../../../workers/quiz/quizSummary';
import { CRITERION_LABELS } from '../../../workers/report/reportModel';
import { DASH } from '../report/format';

/** The one-page summary's two grids: verdicts (criteria × follow-ups) and calipers (lesion axes × timepoints). */

const withinNoise = (verdict: VerdictComparison, side: 'learner' | 'reference') => {
  const margin = verdict[side]?.margin;
  return margin?.kind === 'found' && margin.withinNoise;
};

const rulesOf = (side: VerdictSide | null) => new Set(side?.reasons.map((reason) => reason.rule) ?? []);
/** The rules one side fired and the other did not: where two verdicts part (all of them are in the details). */
const rulesOnlyIn = (side: VerdictSide | null, other: VerdictSide | null) => [...rulesOf(side)].filter((rule) => !rulesOf(other).has(rule)).join(' ') || DASH;

/** "✓ PR" where both agree; "✗ yours PR · ref. PD" where not; "≈" marks a verdict within measurement noise (MARGIN-3). */
function VerdictCell({ verdict }: { verdict: VerdictComparison | null }) {
  if (!verdict) return <td className="muted">{DASH}</td>;
  const noise = (side: 'learner' | 'reference') => (withinNoise(verdict, side) ? <span title="within measurement noise (MARGIN-3)"> ≈</span> : null);
  const testId = `quiz-grid-${verdict.criterion}-${verdict.timepoint}`;
  if (verdict.agrees)
    return (
      <td data-testid={testId} data-agrees="true">
        ✓ {verdict.reference.overallResponse}
        {noise('reference')}
      </td>
    );
  return (
    <td data-testid={testId} data-agrees="false" className="quiz-disagree">
      ✗ yours {verdict.learner?.overallResponse ?? 'none'}
      {noise('learner')} · ref. {verdict.reference.overallResponse}
      {noise('reference')}
      <span className="report-aside">
        yours {rulesOnlyIn(verdict.learner, verdict.reference)} · ref. {rulesOnlyIn(verdict.reference, verdict.learner)}
      </span>
    </td>
  );
}

export function VerdictGridTable({ feedback }: { feedback: QuizFeedback }) {
  const grid = verdictGrid(feedback.verdicts);
  return (
    <table className="report-table quiz-grid" data-testid="quiz-verdict-grid">
      <thead>
        <tr>
          <th scope="col">Criterion</th>
          {grid.timepoints.map((timepoint) => (
            <th scope="col" key={timepoint.id}>
              {timepoint.id} <span className="muted">{timepoint.date}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {grid.rows.map((row) => (
          <tr key={row.criterion}>
            <th scope="row">{CRITERION_LABELS[row.criterion]}</th>
            {row.cells.map((verdict, index) => (
              <VerdictCell key={index} verdict={verdict} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "+0.40 ✓" over "−8.84 … +10.16": the difference and the limits it is judged against, in mm. */
function CaliperCell({ comparison }: { comparison: AxisComparison | null }) {
  if (!comparison) return <td className="muted">{DASH}</td>;
  if (comparison.differenceMm === null) return <td className="muted">{comparison.learnerMm === null ? 'not yours' : 'not in ref.'}</td>;
  const { limitsMm, withinAgreement } = comparison;
  return (
    <td className={`number${withinAgreement === false ? ' quiz-outside-cell' : ''}`}>
      {differenceText(comparison.differenceMm).replace(' mm', '')} {withinAgreement === null ? '' : withinAgreement ? '✓' : '✗'}
      {limitsMm && <span className="report-aside">−{limitsMm.lowerMm.toFixed(2)} … +{limitsMm.upperMm.toFixed(2)}</span>}
    </td>
  );
}

function lesionHeading(row: CaliperGridRow): string {
  const { match } = row.lesion;
  if (match.kind === 'missed') return `${match.reference.label} (missed)`;
  if (match.kind === 'extra') return `your ${match.learner.label} (not in ref.)`;
  return match.learner.label === match.reference.label ? match.reference.label : `${match.reference.label} = your ${match.learner.label}`;
}

export function CaliperGridTable({ feedback, order }: { feedback: QuizFeedback; order: readonly string[] }) {
  const grid = caliperGrid(feedback.lesions, order);
  const without = feedback.lesions.filter((lesion) => lesion.measurements.length === 0);
  return (
    <table className="report-table quiz-grid" data-testid="quiz-caliper-grid">
      <caption>
        Yours − reference, mm: ✓ within, ✗ outside the inter-reader 95 % limits of agreement below it ({feedback.noiseModel}, MARGIN-3)
      </caption>
      <thead>
        <tr>
          <th scope="col">Lesion, axis</th>
          {grid.timepoints.map((timepoint) => (
            <th scope="col" key={timepoint}>
              {timepoint}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {grid.rows.map((row, index) => (
          <tr key={index} data-testid="quiz-caliper-row" data-label={row.lesion.match.kind === 'extra' ? row.lesion.match.learner.label : row.lesion.match.reference.label}>
            <th scope="row">
              {lesionHeading(row)} <span className="muted">{axisText(row)}</span>
            </th>
            {row.cells.map((comparison, cell) => (
              <CaliperCell key={cell} comparison={comparison} />
            ))}
          </tr>
        ))}
        {without.length > 0 && (
          <tr>
            <td colSpan={grid.timepoints.length + 1} className="muted">
              No caliper to compare:{' '}
              {without
                .map(({ match }) =>
                  match.kind === 'extra' ? `your ${match.learner.label} (${ROLE_TEXT[match.learner.role]})` : `${match.reference.label} (${ROLE_TEXT[match.reference.role]}${match.kind === 'missed' ? ', missed' : ''})`,
                )
                .join(', ')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
