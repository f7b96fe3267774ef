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

/** The summary lists this many findings, most important first; the rest are named by count and listed in the details. */
export const SUMMARY_FINDINGS = 8;

const list = (labels: readonly string[]) => (labels.length === 0 ? DASH : labels.join(', '));

function Findings({ feedback }: { feedback: QuizFeedback }) {
  if (feedback.findings.length === 0)
    return <p data-testid="quiz-findings">Your read agrees with the reference: same lesions, same targets, calipers within the inter-reader limits, same verdicts.</p>;
  const more = feedback.findings.length - SUMMARY_FINDINGS;
  return (
    <>
      <ol className="quiz-findings" data-testid="quiz-findings">
        {feedback.findings.slice(0, SUMMARY_FINDINGS).map((finding, index) => (
          <li key={index} data-kind={finding.kind}>
            {findingText(finding)}
          </li>
        ))}
      </ol>
      {more > 0 && (
        <p className="report-note" data-testid="quiz-findings-more">
          and {more} more finding{more === 1 ? '' : 's'}, listed in the details on screen.
        </p>
      )}
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
          {feedback.conformance.map((note, index) => (
            <li key={index} className={note.severity}>
              <code>{note.rule}</code> {note.lesionId ? `${note.lesionId}: ` : ''}
              {note.text} <span className="muted">({note.criteria.map((criterion) => CRITERION_LABELS[criterion]).join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
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
      <p className="report-note">≈ within measurement noise: one lesion's change inside its inter-reader limits would change the target response (MARGIN-3).</p>
      <h2>Target selection</h2>
      <Targets feedback={feedback} />
      <h2>Calipers</h2>
      <CaliperGridTable feedback={feedback} order={order} />
      <footer className="report-footer">
        Lesions are matched by where their calipers are on the same study (by site for a lesion recorded without one), not by their labels. The limits are the inter-reader
        95 % limits of agreement of one lesion's axis (docs/criteria.md, MARGIN-3), applied to the reference's length.
      </footer>
      <QuizDetails feedback={feedback} />
    </article>
  );
}
