import type { Study } from './studyModel';

export interface PatientIdentity {
  patientId: string;
  patientName: string;
}

/** Studies as timepoints: oldest first; studies without a date last, so they are never the default baseline. */
export function orderByDate(studies: readonly Study[]): Study[] {
  return [...studies].sort((a, b) => (a.date ?? '9999-99-99').localeCompare(b.date ?? '9999-99-99'));
}

/** The distinct patients among the studies; more than one means the reader mixed patients. */
export function distinctPatients(studies: readonly Study[]): PatientIdentity[] {
  const byKey = new Map<string, PatientIdentity>();
  for (const study of studies) byKey.set(`${study.patientId}\u0000${study.patientName}`, { patientId: study.patientId, patientName: study.patientName });
  return [...byKey.values()];
}

export interface TimepointChoice {
  baselineUid: string;
  followUpUid: string | null;
}

/** Default reading: the oldest study is the baseline, the newest the follow-up shown. */
export function defaultTimepoints(ordered: readonly Study[]): TimepointChoice | null {
  const first = ordered[0];
  if (!first) return null;
  const last = ordered.length > 1 ? ordered[ordered.length - 1]! : null;
  return { baselineUid: first.studyInstanceUid, followUpUid: last?.studyInstanceUid ?? null };
}

/** Keeps a choice valid after studies are added or the baseline changes. */
export function reconcileTimepoints(ordered: readonly Study[], choice: TimepointChoice | null): TimepointChoice | null {
  const uids = new Set(ordered.map((study) => study.studyInstanceUid));
  if (!choice || !uids.has(choice.baselineUid)) return defaultTimepoints(ordered);
  const followUpValid = choice.followUpUid !== null && uids.has(choice.followUpUid) && choice.followUpUid !== choice.baselineUid;
  const fallback = ordered.filter((study) => study.studyInstanceUid !== choice.baselineUid).at(-1)?.studyInstanceUid ?? null;
  return { baselineUid: choice.baselineUid, followUpUid: followUpValid ? choice.followUpUid : fallback };
}
