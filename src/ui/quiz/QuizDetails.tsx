import type { ReactNode } from 'react';
import type { Reason } from '../../../workers/engine';
import type { LesionFeedback, QuizFeedback, VerdictComparison, VerdictSide } from '../../../workers/quiz/compareReads';
import { agreementCellText, axisText, findingText, mm, ROLE_TEXT } from '../../../workers/quiz/findingText';
import { marginSentence } from '../../../workers/report/marginText';
import { CRITERION_LABELS } from '../../../workers/report/reportModel';
import { DASH } from '../report/format';

/** The feedback in full, on screen only: every finding, each caliper with its limits, both verdicts with their reasons and margins. */

export function lesionName(lesion: LesionFeedback): ReactNode {
  const { match } = lesion;
  if (match.kind === 'missed') return <>{match.reference.label} <span className="report-aside">not in your read</span></>;
  if (match.kind === 'extra') return <>your {match.learner.label} <span className="report-aside">not in the reference</span></>;
  const how = match.by === 'position' ? `${match.distanceMm.toFixed(1)} mm apart` : 'matched by site';
  return (
    <>
      {match.reference.label} = your {match.learner.label}
      <span className="report-aside">
        {ROLE_TEXT[match.reference.role]}
        {match.learner.role !== match.reference.role ? ` (yours: ${ROLE_TEXT[match.learner.role]})` : ''}; {how}
      </span>
    </>
  );
}

function LesionTable({ feedback }: { feedback: QuizFeedback }) {
  return (
    <table className="report-table quiz-lesions" data-testid="quiz-lesions">
      <caption>Your calipers against the reference's (difference: yours − reference; limits: {feedback.noiseModel}, MARGIN-3)</caption>
      <thead>
        <tr>
          <th scope="col">Lesion</th>
          <th scope="col">Timepoint</th>
          <th scope="col">Axis</th>
          <th scope="col">Yours</th>
          <th scope="col">Reference</th>
          <th scope="col">Difference, inter-reader limits of agreement</th>
        </tr>
      </thead>
      {feedback.lesions.map((lesion, index) => {
        const rows = lesion.measurements.length > 0 ? lesion.measurements : [null];
        return (
          <tbody key={index} data-testid="quiz-lesion" data-kind={lesion.match.kind}>
            {rows.map((comparison, row) => (
              <tr key={row} className={comparison?.withinAgreement === false ? 'quiz-outside' : ''}>
                {row === 0 && (
                  <th scope="row" rowSpan={rows.length}>
                    {lesionName(lesion)}
                  </th>
                )}
                {comparison ? (
                  <>
                    <td>{comparison.timepoint}</td>
                    <td>{axisText(comparison)}</td>
                    <td className="number">{comparison.learnerMm === null ? DASH : mm(comparison.learnerMm)}</td>
                    <td className="number">{comparison.referenceMm === null ? DASH : mm(comparison.referenceMm)}</td>
                    <td>{agreementCellText(comparison)}</td>
                  </>
                ) : (
                  <td colSpan={5} className="muted">
                    {lesion.match.kind === 'matched' && lesion.match.reference.role === 'nontarget' ? 'a non-target: no caliper needed' : 'no caliper to compare'}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        );
      })}
    </table>
  );
}

/** Where the verdicts agree, the rules that fired by id (their text on hover); where they differ, in full. */
const Reasons = ({ reasons, full }: { reasons: readonly Reason[]; full: boolean }) =>
  full ? (
    <ul className="quiz-reasons">
      {reasons.map((reason, index) => (
        <li key={index}>
          <code>{reason.rule}</code> {reason.text}
        </li>
      ))}
    </ul>
  ) : (
    <span className="quiz-rule-ids">
      {reasons.map((reason, index) => (
        <code key={index} title={reason.text}>
          {reason.rule}
        </code>
      ))}
    </span>
  );

function Side({ side, testId, full }: { side: VerdictSide | null; testId: string; full: boolean }) {
  if (!side) return <td data-testid={testId}>no verdict (not assessable from your read)</td>;
  return (
    <td data-testid={testId} data-overall={side.overallResponse}>
      <strong>{side.overallResponse}</strong> <span className="muted">target {side.targetResponse}</span>
      <span className={`report-aside${side.margin.kind === 'found' && side.margin.withinNoise ? ' quiz-noise' : ''}`}>{marginSentence(side.margin)}</span>
      <Reasons reasons={side.reasons} full={full} />
    </td>
  );
}

function VerdictRow({ verdict }: { verdict: VerdictComparison }) {
  return (
    <tr data-testid={`quiz-verdict-${verdict.criterion}-${verdict.timepoint}`} data-agrees={verdict.agrees} className={verdict.agrees ? '' : 'quiz-disagree'}>
      <th scope="row">
        {CRITERION_LABELS[verdict.criterion]}
        <span className="report-aside">
          {verdict.timepoint} {verdict.date}
        </span>
        <span className="report-aside">{verdict.agrees ? '✓ agrees' : '✗ differs'}</span>
      </th>
      <Side side={verdict.learner} testId="quiz-verdict-learner" full={!verdict.agrees} />
      <Side side={verdict.reference} testId="quiz-verdict-reference" full={!verdict.agrees} />
    </tr>
  );
}

export function QuizDetails({ feedback }: { feedback: QuizFeedback }) {
  return (
    <details className="quiz-details" data-testid="quiz-details">
      <summary>Details: every finding, each caliper with its limits, both verdicts with their reasons and margins</summary>
      <ol className="quiz-findings" data-testid="quiz-findings-all">
        {feedback.findings.map((finding, index) => (
          <li key={index} data-kind={finding.kind}>
            {findingText(finding)}
          </li>
        ))}
      </ol>
      {feedback.conformance.length > 0 && (
        <ul className="report-conformance" data-testid="quiz-conformance-all">
          {feedback.conformance.map((note, index) => (
            <li key={index} className={note.severity}>
              <code>{note.rule}</code> {note.lesionLabel ? `${note.lesionLabel}: ` : ''}
              {note.text} <span className="muted">({note.criteria.map((criterion) => CRITERION_LABELS[criterion]).join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
      <LesionTable feedback={feedback} />
      <table className="report-table quiz-verdicts" data-testid="quiz-verdicts">
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col">Yours: verdict, margin, rules</th>
            <th scope="col">Reference: verdict, margin, rules</th>
          </tr>
        </thead>
        <tbody>
          {feedback.verdicts.map((verdict) => (
            <VerdictRow key={`${verdict.criterion}-${verdict.timepoint}`} verdict={verdict} />
          ))}
        </tbody>
      </table>
      <p className="report-note">Where the verdicts differ, both reasons are given in full; where they agree, the rules that fired (docs/criteria.md).</p>
    </details>
  );
}
