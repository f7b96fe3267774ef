import { useEffect, useMemo, useState } from 'react';
import type { ReadAssessment } from '../../../workers/engine';
import { DEFAULT_OPTIONS } from '../../../workers/domain/options';
import type { ReadSession } from '../../../workers/read/model';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { compareReads } from '../../../workers/quiz/compareReads';
import { toQuizResult } from '../../../workers/quiz/quizResult';
import { download, fileNamePart } from '../download';
import type { EngineClient } from '../../state/engine';
import type { Responses } from '../read/useResponses';
import { QuizFeedbackView } from './QuizFeedbackView';
import type { QuizStored } from './storeQuizRead';

interface Props {
  engine: EngineClient;
  reference: ReadSession;
  learner: ReadSession;
  /** the learner's responses, as the read computes them */
  responses: Responses;
  /** a quiz from a PACS: the submitted read stored there (or why not); null otherwise */
  stored?: QuizStored | null;
  onBack(): void;
}

/** The reference read's responses, from the same engine the learner's come from. */
export function useReferenceResponses(engine: EngineClient, reference: ReadSession): ReadAssessment | null {
  const [reply, setReply] = useState<ReadAssessment | null>(null);
  useEffect(() => {
    let live = true;
    engine.assessRead(toExchangeInput(reference)).then(
      (answer) => live && setReply(answer),
      (error: unknown) => live && setReply({ ok: false, problems: [{ path: '$', message: String(error), criteria: [] }] }),
    );
    return () => {
      live = false;
    };
  }, [engine, reference]);
  return reply;
}

function exportResult(learner: ReadSession, reference: ReadSession): void {
  const json = JSON.stringify(toQuizResult(learner, reference, new Date().toISOString()), null, 2);
  download(`quiz-result-${fileNamePart(reference.patientId)}-${fileNamePart(learner.readerName)}.json`, json, 'application/json');
}

/** After "Submit": the feedback in place of the viewports, printable like the report. */
export function QuizScreen({ engine, reference, learner, responses, stored = null, onBack }: Props) {
  const [generatedAt] = useState(() => new Date().toISOString());
  const referenceReply = useReferenceResponses(engine, reference);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.ctrlKey && !event.metaKey && !event.altKey) onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);
  // A read with no lesion yet has no responses (idle): it is compared as it is, with no verdicts of its own.
  const learnerSettled = responses.kind !== 'computing';
  const learnerOutput = responses.kind === 'done' && responses.reply.ok ? responses.reply.output : null;
  const feedback = useMemo(
    () =>
      referenceReply?.ok && learnerSettled
        ? compareReads({ reference, referenceOutput: referenceReply.output, learner, learnerOutput, noiseModel: DEFAULT_OPTIONS.measurementNoiseModel })
        : null,
    [reference, referenceReply, learner, learnerOutput, learnerSettled],
  );

  let body;
  if (feedback) body = <QuizFeedbackView feedback={feedback} learner={learner} reference={reference} generatedAt={generatedAt} />;
  else if (referenceReply && !referenceReply.ok)
    body = (
      <p role="alert" className="report-message" data-testid="quiz-message">
        The reference read could not be assessed: {referenceReply.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}
      </p>
    );
  else
    body = (
      <p role="status" className="report-message" data-testid="quiz-message">
        Comparing your read with the reference…
      </p>
    );

  return (
    <main className="report-main" aria-label="Quiz feedback">
      <div className="toolbar report-toolbar" role="toolbar" aria-label="Quiz feedback">
        <button type="button" onClick={onBack} data-testid="quiz-back" title="Esc">
          Back to reading
        </button>
        <button type="button" onClick={() => window.print()} disabled={!feedback} data-testid="quiz-print" title="Print, or save as PDF (A4 or Letter)">
          Print…
        </button>
        <button
          type="button"
          onClick={() => exportResult(learner, reference)}
          data-testid="quiz-export"
          title="Your read as a quiz result file, for your teacher to compare with other learners' (the file holds your measurements, not the feedback)"
        >
          Export result…
        </button>
        {stored && (
          <span className={stored.kind === 'failed' ? 'error' : 'muted'} role={stored.kind === 'failed' ? 'alert' : 'status'} data-testid="quiz-stored" data-kind={stored.kind}>
            {stored.kind === 'storing' && `Storing your read in the PACS (${stored.server}) for your teacher…`}
            {stored.kind === 'stored' && `Your read is stored in the PACS (${stored.server}) as a quiz read for your teacher: ${stored.timepoints}.`}
            {stored.kind === 'failed' && `Your read was not stored in the PACS: ${stored.message}. Export result… gives your teacher a file instead.`}
          </span>
        )}
      </div>
      {body}
    </main>
  );
}
