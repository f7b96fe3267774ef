import type { CriteriaName, PatientInput } from '../domain/input';
import type { PatientOutput } from '../domain/result';
import type { AdjudicatedCriterion } from '../adjudicate/adjudication';
import { READ_KEYS, type Pair, type ReadKey } from '../adjudicate/compareReads';
import type { AssessedPatient } from './sdtm';

/**
 * The cohort from a PACS (`npm run cohort -- --dicomweb URL`, issue 15 §5): which read stands for each
 * patient. An adjudication wins over the single reads it adjudicated; a patient with one read has that
 * read; two or more readers and no adjudication (or one made before a read was amended) is named,
 * never settled by picking one.
 */

export interface ServerRead {
  patientId: string;
  readerName: string;
  /** the SOP Instance UIDs of the read's SRs (the newest per study) */
  srInstances: readonly string[];
  input: PatientInput;
}

export interface ServerAdjudication {
  patientId: string;
  sopInstanceUid: string;
  /** who signed it (the SR's observer) */
  adjudicator: string;
  /** sortable content date-time: the newest adjudication of a patient wins */
  writtenAt: string;
  readers: Pair<{ name: string; srInstances: readonly string[] }>;
  criteria: readonly AdjudicatedCriterion[];
}

export type PatientSource =
  | { kind: 'single'; patientId: string; read: ServerRead }
  | { kind: 'adjudicated'; patientId: string; reads: Pair<ServerRead>; adjudication: ServerAdjudication }
  | { kind: 'unresolved'; patientId: string; why: string };

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\\') === [...b].sort().join('\\');

function adjudicatedSource(patientId: string, reads: readonly ServerRead[], adjudication: ServerAdjudication): PatientSource {
  const found: Partial<Record<ReadKey, ServerRead>> = {};
  for (const key of READ_KEYS) {
    const { name, srInstances } = adjudication.readers[key];
    const read = reads.find((candidate) => candidate.readerName === name);
    if (!read) return { kind: 'unresolved', patientId, why: `the adjudication ${adjudication.sopInstanceUid} compares a read by ${name} that is not on the server` };
    // a read amended after the adjudication is not the read adjudicated
    if (!sameSet(read.srInstances, srInstances)) return { kind: 'unresolved', patientId, why: `${name}'s read changed after the adjudication ${adjudication.sopInstanceUid} (amended?): adjudicate again` };
    found[key] = read;
  }
  return { kind: 'adjudicated', patientId, reads: { A: found.A!, B: found.B! }, adjudication };
}

/** Each patient's source, in patient order. */
export function patientSources(reads: readonly ServerRead[], adjudications: readonly ServerAdjudication[]): PatientSource[] {
  const patients = [...new Set([...reads.map((read) => read.patientId), ...adjudications.map((adjudication) => adjudication.patientId)])].sort();
  return patients.map((patientId): PatientSource => {
    const own = reads.filter((read) => read.patientId === patientId);
    const newest = adjudications.filter((adjudication) => adjudication.patientId === patientId).sort((a, b) => b.writtenAt.localeCompare(a.writtenAt))[0];
    if (newest) return adjudicatedSource(patientId, own, newest);
    if (own.length === 1) return { kind: 'single', patientId, read: own[0]! };
    // names sorted: the files arrive in any order, the message must not
    return { kind: 'unresolved', patientId, why: `${own.length} readers (${own.map((read) => read.readerName).sort().join(', ')}) and no adjudication: adjudicate first` };
  });
}

/** The read a criterion's verdicts come from; 'agreed' criteria come from `lesionRead` (the reads agree there). */
const readOf = (criterion: AdjudicatedCriterion, lesionRead: ReadKey): ReadKey => (criterion.source.kind === 'chosen' ? criterion.source.read : lesionRead);

/**
 * The adjudicated patient: each criterion's verdicts from the read the adjudicator chose for it; the
 * lesions (TU, TR's lesion rows) from the read chosen most often (A on a tie), since lesions are not
 * per criterion. What comes from the other read, and any verdict the engine now computes differently
 * from the one the adjudicator signed, is named in the notes.
 */
export function adjudicatedPatient(source: Extract<PatientSource, { kind: 'adjudicated' }>, outputs: Pair<PatientOutput>): { patient: AssessedPatient; notes: string[] } {
  const { adjudication, reads, patientId } = source;
  const chosenB = adjudication.criteria.filter((criterion) => criterion.source.kind === 'chosen' && criterion.source.read === 'B').length;
  const chosenA = adjudication.criteria.filter((criterion) => criterion.source.kind === 'chosen' && criterion.source.read === 'A').length;
  const lesionRead: ReadKey = chosenB > chosenA ? 'B' : 'A';
  const notes: string[] = [];
  const criteria: Partial<PatientOutput['criteria']> = { ...outputs[lesionRead].criteria };
  for (const adjudicated of adjudication.criteria) {
    const key = readOf(adjudicated, lesionRead);
    const result = outputs[key].criteria[adjudicated.criterion];
    criteria[adjudicated.criterion] = result;
    if (key !== lesionRead) notes.push(`${patientId}: ${adjudicated.criterion} from ${reads[key].readerName}'s read (the adjudicator's choice); TU and TR's lesion rows from ${reads[lesionRead].readerName}'s`);
    const now = (result?.timepoints ?? []).map((timepoint) => `${timepoint.date}:${timepoint.overallResponse}`).join(' ');
    const signed = adjudicated.timepoints.map((timepoint) => `${timepoint.date}:${timepoint.overallResponse}`).join(' ');
    if (now !== signed) notes.push(`${patientId}: ${adjudicated.criterion}: the engine now gives ${now || 'no verdict'}, the adjudication signed ${signed || 'none'}`);
  }
  return { patient: { input: reads[lesionRead].input, output: { patientId, criteria: criteria as Record<CriteriaName, NonNullable<PatientOutput['criteria'][CriteriaName]>> } }, notes };
}
