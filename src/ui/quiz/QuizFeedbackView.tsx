import type { ReadSession } from '../../../workers/read/model';
import { timepointLabel } from '../../../workers/read/model';
import type { QuizFeedback } from '../../../workers/quiz/compareReads';
import { findingText } from '../../../workers/quiz/findingText';
import { quizScore } from '../../../workers/quiz/quizSummary';
import { CRITERION_LABELS } from '../../../workers/report/reportModel';
import { DASH, formatDateTime } from '../report/format';
import { QuizDetails } from './QuizDetails';
import { CaliperGridTable, VerdictGridTable } from './QuizSummaryTables';
import '../report/report.css';
import './quiz.css';

interface Props {
  feedback: QuizFeedback;
  learner: ReadSession;
  reference: ReadSession;
  generatedAt: string;
}

/**
 * The summary lists this many findings, most important first, and this many conformance notes; the
 * rest are counted and listed in the details, so that a read with many mistakes still fits one page.
 */
export const SUMMARY_FINDINGS = 6;
export const SUMMARY_CONFORMANCE = 4;

const list = (labels: readonly string[]) => (labels.length === 0 ? DASH : labels.join(', '));

const More = ({ count, what, testId }: { count: number; what: string; testId: string }) =>
  count > 0 ? (
    <p className="report-note" data-testid={testId}>
      and {count} more {what}
      {count === 1 ? '' : 's'}, listed in the details on screen.
    </p>
  ) : null;

/** The findings but conformance notes, which the summary shows under target selection. */
function Findings({ feedback }: { feedback: QuizFeedback }) {
  if (feedback.findings.length === 0)
    return <p data-testid="quiz-findings">Your read agrees with the reference: same lesions, same targets, calipers within the inter-reader limits, same verdicts.</p>;
  const findings = feedback.findings.filter((finding) => finding.kind !== 'conformance');
  return (
    <>
      <ol className="quiz-findings" data-testid="quiz-findings">
        {findings.slice(0, SUMMARY_FINDINGS).map((finding, index) => (
          <li key={index} data-kind={finding.kind}>
            {findingText(finding)}
          </li>
        ))}
      </ol>
      <More count={findings.length - SUMMARY_FINDINGS} what="finding" testId="quiz-findings-more" />
    </>
  );
}

function Targets({ feedback }: { feedback: QuizFeedback }) {
  return (
    <>
      <p className="quiz-targets" data-testid="quiz-targets">
        <strong>Targets in both reads:</strong> {list(feedback.targets.agreed)} · <strong>reference targets you did not take:</strong> {list(feedback.targets.missed)} ·{' '}
        <strong>your targets the reference did not take:</strong> {list(feedback.targets.extra)}
      </p>
      {feedback.conformance.length > 0 && (
        <ul className="report-conformance" data-testid="quiz-conformance">
          {feedback.conformance.slice(0, SUMMARY_CONFORMANCE).map((note, index) => (
            <li key={index} className={note.severity}>
              <code>{note.rule}</code> {note.lesionLabel ? `${note.lesionLabel}: ` : ''}
              {note.text} <span className="muted">({note.criteria.map((criterion) => CRITERION_LABELS[criterion]).join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
      <More count={feedback.conformance.length - SUMMARY_CONFORMANCE} what="conformance note" testId="quiz-conformance-more" />
    </>
  );
}

/**
 * The feedback after a quiz: a one-page summary (findings, verdict and caliper grids, target
 * selection), the same on screen and on paper, then the details on screen only.
 */
export function QuizFeedbackView({ feedback, learner, reference, generatedAt }: Props) {
  const score = quizScore(feedback);
  const { calipers } = score;
  const order = reference.timepoints.map((timepoint) => timepointLabel(reference, timepoint.studyInstanceUid));
  return (
    <article className="report quiz-report" data-testid="quiz-feedback">
      <h1>Quiz feedback</h1>
      <dl className="quiz-identity">
        <dt>Case</dt>
        <dd>{reference.patientId}</dd>
        <dt>Your read</dt>
        <dd data-testid="quiz-learner">{learner.readerName}</dd>
        <dt>Reference</dt>
        <dd>{reference.readerName}</dd>
        <dt>Generated</dt>
        <dd>{formatDateTime(generatedAt)}</dd>
      </dl>
      <p className="quiz-scoreline">
        <strong>Verdicts agreeing:</strong>{' '}
        <span data-testid="quiz-score">
          {score.verdictsAgreeing} of {score.verdicts} (criterion and follow-up)
        </span>{' '}
        · <strong>calipers within the limits:</strong>{' '}
        <span data-testid="quiz-calipers-within">
          {calipers.within} of {calipers.compared}
        </span>
        {calipers.meanAbsDifferenceMm !== null && <> (mean |difference| {calipers.meanAbsDifferenceMm.toFixed(2)} mm)</>}
      </p>
      <h2>What to look at</h2>
      <Findings feedback={feedback} />
      <h2>Verdicts, yours against the reference's</h2>
      <VerdictGridTable feedback={feedback} />
      <p className="report-note">
        Where they differ, the rules only that side fired (all in the details). ≈ within measurement noise: one lesion's change inside its inter-reader limits would change
        the target response (MARGIN-3).
      </p>
      <h2>Target selection</h2>
      <Targets feedback={feedback} />
      <h2>Calipers</h2>
      <CaliperGridTable feedback={feedback} order={order} />
      <footer className="report-footer">
        Lesions are matched by where their calipers are on the same study (by site without one), not by label; the limits are applied to the reference's length
        (docs/criteria.md, MARGIN-3).
      </footer>
      <QuizDetails feedback={feedback} />
    </article>
  );
}
