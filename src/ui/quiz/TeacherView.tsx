import { useEffect, useState } from 'react';
import { DEFAULT_OPTIONS } from '../../../workers/domain/options';
import type { PatientOutput } from '../../../workers/domain/result';
import type { ReadSession } from '../../../workers/read/model';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { compareReads } from '../../../workers/quiz/compareReads';
import { parseQuizResult } from '../../../workers/quiz/quizResult';
import type { LearnerResult } from '../../../workers/quiz/teacherTable';
import type { EngineClient } from '../../state/engine';
import type { QuizSrRead } from '../../state/srExchange';
import { useReferenceResponses } from './QuizScreen';
import { TeacherTableView } from './TeacherTableView';
import '../report/report.css';
import './quiz.css';

interface Props {
  engine: EngineClient;
  /** the case's name on the start screen (its sample folder) */
  caseLabel: string;
  reference: ReadSession;
  /** a case from a PACS: the learners' quiz reads stored there, and the SRs that could not be read */
  pacsResults?: (() => Promise<{ reads: QuizSrRead[]; unreadable: { name: string; message: string }[] }>) | null;
  onClose(): void;
}

interface Refused {
  file: string;
  message: string;
}

/** One learner's read compared with the reference by the same engine the quiz uses. */
async function compareRead(engine: EngineClient, learner: string, source: string, read: ReadSession, reference: ReadSession, referenceOutput: PatientOutput): Promise<LearnerResult> {
  const reply = await engine.assessRead(toExchangeInput(read));
  const learnerOutput = reply.ok ? reply.output : null;
  const feedback = compareReads({ reference, referenceOutput, learner: read, learnerOutput, noiseModel: DEFAULT_OPTIONS.measurementNoiseModel });
  return { learner, file: source, feedback };
}

/** One result file, checked like an import, then compared. */
async function compareFile(engine: EngineClient, file: File, reference: ReadSession, referenceOutput: PatientOutput): Promise<LearnerResult | Refused> {
  const parsed = parseQuizResult(await file.text(), file.name, reference);
  if (!parsed.ok) return { file: parsed.file, message: parsed.message };
  return compareRead(engine, parsed.learner, file.name, parsed.read, reference, referenceOutput);
}

/** A quiz read stored in the PACS: one with problems reading back is named, not compared (it would grade what was not submitted). */
function comparePacsRead(engine: EngineClient, found: QuizSrRead, reference: ReadSession, referenceOutput: PatientOutput): Promise<LearnerResult | Refused> | Refused {
  const source = `PACS, quiz read of ${found.writtenAt.slice(0, 16).replace('T', ' ')} UTC`;
  if (found.problems.length > 0) return { file: `${found.learner} (${source})`, message: found.problems.join('; ') };
  return compareRead(engine, found.learner, source, found.read, reference, referenceOutput);
}

/**
 * A teacher's view of a case (issue 16 §2): learners' exported quiz results, each checked like an
 * import (a bad file is named and the others still load) and compared with the reference read.
 */
export function TeacherView({ engine, caseLabel, reference, pacsResults = null, onClose }: Props) {
  const referenceReply = useReferenceResponses(engine, reference);
  const [results, setResults] = useState<LearnerResult[]>([]);
  const [refused, setRefused] = useState<Refused[]>([]);
  const [busy, setBusy] = useState(false);

  const [pacsState, setPacsState] = useState<'idle' | 'loading' | 'loaded'>(pacsResults ? 'loading' : 'idle');
  const referenceOutput = referenceReply?.ok ? referenceReply.output : null;
  // a PACS case: the learners' quiz reads stored there, once the reference is assessed
  useEffect(() => {
    if (!pacsResults || !referenceOutput) return;
    let live = true;
    void (async () => {
      try {
        const { reads, unreadable } = await pacsResults();
        const outcomes = await Promise.all(reads.map((found) => comparePacsRead(engine, found, reference, referenceOutput)));
        if (!live) return;
        setResults((previous) => [...previous, ...outcomes.filter((one): one is LearnerResult => 'feedback' in one)]);
        setRefused((previous) => [...previous, ...outcomes.filter((one): one is Refused => !('feedback' in one)), ...unreadable.map((file) => ({ file: file.name, message: file.message }))]);
      } catch (error) {
        if (live) setRefused((previous) => [...previous, { file: 'quiz reads in the PACS', message: error instanceof Error ? error.message : String(error) }]);
      }
      if (live) setPacsState('loaded');
    })();
    return () => {
      live = false;
    };
  }, [pacsResults, referenceOutput, engine, reference]);

  const addFiles = async (files: readonly File[]) => {
    if (!referenceReply?.ok) return;
    setBusy(true);
    try {
      const outcomes = await Promise.all(files.map((file) => compareFile(engine, file, reference, referenceReply.output).catch((error: unknown) => ({ file: file.name, message: String(error) }))));
      setResults((previous) => [...previous, ...outcomes.filter((one): one is LearnerResult => 'feedback' in one)]);
      setRefused((previous) => [...previous, ...outcomes.filter((one): one is Refused => !('feedback' in one))]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="report-main teacher-main" aria-label="Learners' results">
      <div className="toolbar report-toolbar" role="toolbar" aria-label="Learners' results">
        <button type="button" onClick={onClose} data-testid="teacher-close">
          Back to the start screen
        </button>
        <label className="file-button">
          Add learners' result files…
          <input
            type="file"
            multiple
            accept=".json,application/json"
            data-testid="teacher-files"
            disabled={!referenceReply?.ok || busy}
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              void addFiles(files);
            }}
          />
        </label>
      </div>
      <article className="report teacher-report" data-testid="teacher-view">
        <h1>Learners' results: {caseLabel}</h1>
        <p className="report-note">
          Each learner's exported quiz result (Export result… after submitting a quiz) is compared here with the case's reference read, {reference.readerName}, by the engine:
          the files hold the learners' measurements, not their scores.
        </p>
        {refused.length > 0 && (
          <ul className="report-conformance" role="alert" data-testid="teacher-refused">
            {refused.map((one, index) => (
              <li key={index} className="error">
                {one.file}: {one.message}. Not loaded.
              </li>
            ))}
          </ul>
        )}
        {referenceReply && !referenceReply.ok && (
          <p role="alert" className="report-message">
            The reference read could not be assessed: {referenceReply.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}
          </p>
        )}
        {busy && <p role="status">Comparing the results with the reference…</p>}
        {pacsState !== 'idle' && (
          <p className="report-note" role="status" data-testid="teacher-pacs" data-state={pacsState}>
            {pacsState === 'loading'
              ? 'Looking for learners’ quiz reads stored in the PACS…'
              : `Learners’ quiz reads stored in the PACS are listed with the results (“PACS, quiz read of …”); exported files can be added too.`}
          </p>
        )}
        {referenceReply?.ok && <TeacherTableView reference={reference} referenceOutput={referenceReply.output} results={results} />}
      </article>
    </main>
  );
}
