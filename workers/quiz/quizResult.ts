import { z } from '../domain/zodSetup';
import { checkPatient, checkSession, IMPORT_RULES, type ImportProblem } from '../read/importChecks';
import type { ReadSession } from '../read/model';
import { readSessionSchema } from '../read/model';
import { jsonPath } from '../validation/jsonPath';

/**
 * A learner's exported quiz result (issue 16 §2): the learner's whole read, with the case it answers.
 * The teacher's view compares it with the case's reference read itself, with the engine, so the file
 * carries no verdict or score a learner could edit: only what they measured.
 */
export const QUIZ_RESULT_FORMAT = 'nadir-quiz-result';

export interface QuizResultFile {
  format: typeof QUIZ_RESULT_FORMAT;
  version: 1;
  exportedAt: string;
  /** the case: its patient ID and the reference read the quiz was taken against */
  case: { patientId: string; referenceReadId: string };
  learner: string;
  read: ReadSession;
}

export function toQuizResult(learner: ReadSession, reference: ReadSession, exportedAt: string): QuizResultFile {
  return { format: QUIZ_RESULT_FORMAT, version: 1, exportedAt, case: { patientId: reference.patientId, referenceReadId: reference.readId }, learner: learner.readerName, read: learner };
}

const resultSchema = z.object({
  format: z.literal(QUIZ_RESULT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  case: z.object({ patientId: z.string(), referenceReadId: z.string() }),
  learner: z.string().min(1),
  read: readSessionSchema,
});

export type ParsedQuizResult = { ok: true; learner: string; read: ReadSession } | { ok: false; file: string; message: string };

const refuse = (file: string, message: string): ParsedQuizResult => ({ ok: false, file, message });

/** An import problem without its file name (the refusal names the file once). */
const problemText = (problem: ImportProblem) => `${problem.item ? `${problem.item}: ` : ''}${IMPORT_RULES[problem.rule].message}${problem.detail ? ` (${problem.detail})` : ''}`;

/**
 * One file against the open case: JSON, the schema in full, the case's patient (in the header and in
 * the read), the learner named as the read's reader, a read of the case's studies, and the import
 * rules every read passes (lesions unique, axes matching their end points). No override: a result of
 * another case is not a result of this one.
 */
export function parseQuizResult(text: string, file: string, reference: ReadSession): ParsedQuizResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse(file, 'the file is not JSON');
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== QUIZ_RESULT_FORMAT) {
    return refuse(file, `not a Nadir quiz result (format "${QUIZ_RESULT_FORMAT}" expected)`);
  }
  const parsed = resultSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return refuse(file, `the result is damaged at ${jsonPath('$', first?.path ?? []).slice(2)}: ${first?.message ?? 'invalid'}`);
  }
  const { data } = parsed;
  if (data.case.patientId !== reference.patientId) return refuse(file, `a result of another case: patient "${data.case.patientId}", this case is "${reference.patientId}"`);
  const patient = checkPatient(reference, data.read, file).filter((problem) => problem.rule === 'otherPatientId');
  if (patient.length > 0) return refuse(file, problemText(patient[0]!));
  if (data.read.readerName !== data.learner) return refuse(file, `the learner "${data.learner}" is not the read's reader "${data.read.readerName}"`);
  const caseStudies = new Set(reference.timepoints.map((timepoint) => timepoint.studyInstanceUid));
  if (!data.read.timepoints.some((timepoint) => caseStudies.has(timepoint.studyInstanceUid))) return refuse(file, "the read is of none of this case's studies");
  const problems = checkSession(data.read, file, null);
  if (problems.length > 0) return refuse(file, `${problemText(problems[0]!)}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
  return { ok: true, learner: data.learner, read: data.read };
}
