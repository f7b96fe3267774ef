import type { PatientOutput, Problem } from '../domain/result';
import { adjudicatedPatient, type PatientSource, type ServerRead } from './adjudicated';
import type { AssessedPatient } from './sdtm';

/**
 * The cohort of a PACS as the plots and SDTM tables take it (issue 15 §5, §6): one assessed patient per
 * patient source, and every patient left out with why. Shared by `npm run cohort -- --dicomweb` and the
 * app's cohort view, so that both plot the same patients with the same verdicts.
 */

export interface Skipped {
  file: string;
  path: string;
  message: string;
}

/** The engine's answer for one read (the app's worker and the command's threads both give this shape). */
export type EngineAnswer = { readonly ok: true; readonly output: PatientOutput } | { readonly ok: false; readonly problems: readonly Problem[] };

export interface AssembledCohort {
  patients: AssessedPatient[];
  /** patients left out, each with the patient it is about */
  skipped: (Skipped & { patientId: string })[];
  /** where an adjudicated patient's rows come from, and verdicts the engine now computes otherwise */
  notes: string[];
}

const label = (source: PatientSource) => `PACS patient ${source.patientId}`;

/** Reads taken by a source: one, or the adjudication's two. */
export const readsOfSource = (source: PatientSource): ServerRead[] => (source.kind === 'single' ? [source.read] : source.kind === 'adjudicated' ? [source.reads.A, source.reads.B] : []);

export function assembleCohort(sources: readonly PatientSource[], assessmentOf: (read: ServerRead) => EngineAnswer): AssembledCohort {
  const assembled: AssembledCohort = { patients: [], skipped: [], notes: [] };
  for (const source of sources) {
    const { patientId } = source;
    if (source.kind === 'unresolved') {
      assembled.skipped.push({ patientId, file: label(source), path: '$', message: source.why });
      continue;
    }
    const reads = readsOfSource(source);
    const failed = reads.flatMap((read) => {
      const reply = assessmentOf(read);
      return reply.ok ? [] : reply.problems.map((problem) => ({ patientId, file: `${label(source)}, read by ${read.readerName}`, path: problem.path, message: problem.message }));
    });
    if (failed.length > 0) {
      assembled.skipped.push(...failed);
      continue;
    }
    const outputOf = (read: ServerRead) => (assessmentOf(read) as Extract<EngineAnswer, { ok: true }>).output;
    if (source.kind === 'single') {
      assembled.patients.push({ input: source.read.input, output: outputOf(source.read) });
      continue;
    }
    const adjudicated = adjudicatedPatient(source, { A: outputOf(source.reads.A), B: outputOf(source.reads.B) });
    assembled.patients.push(adjudicated.patient);
    assembled.notes.push(...adjudicated.notes);
  }
  return assembled;
}
