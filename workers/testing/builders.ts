/**
 * Test builders for exchange-format inputs. Test-only; keeps the rule tables short and readable.
 */
import type { CriteriaName } from '../domain/input';
import type { CriteriaResult, TimepointResult } from '../domain/result';
import { assessPatient } from '../engine';

export type LesionJson = Record<string, unknown> & { readonly id: string };

const BASE_DATE = Date.UTC(2024, 0, 1);

/** ISO date `days` after 2024-01-01 (the baseline date used by the builders). */
export function isoDay(days: number): string {
  return new Date(BASE_DATE + days * 86_400_000).toISOString().slice(0, 10);
}

/** Non-nodal target measured by its long axis (short axis = long axis / 2 unless given). */
export function target(id: string, longAxisMm: number | null, more: Record<string, unknown> = {}): LesionJson {
  return { id, organ: 'lung', isLymphNode: false, role: 'target', longAxisMm, shortAxisMm: longAxisMm === null ? null : longAxisMm / 2, status: 'present', ...more };
}

/** Nodal target measured by its short axis. */
export function nodeTarget(id: string, shortAxisMm: number | null, more: Record<string, unknown> = {}): LesionJson {
  return { id, organ: 'lymph node', isLymphNode: true, role: 'target', longAxisMm: shortAxisMm === null ? null : shortAxisMm + 5, shortAxisMm, status: 'present', ...more };
}

export function nonTarget(id: string, status = 'present', more: Record<string, unknown> = {}): LesionJson {
  return { id, organ: 'bone', isLymphNode: false, role: 'nontarget', status, ...more };
}

export function newLesion(id: string, longAxisMm: number | null = 12, more: Record<string, unknown> = {}): LesionJson {
  return { id, organ: 'bone', isLymphNode: false, role: 'new', longAxisMm, shortAxisMm: longAxisMm, status: 'present', ...more };
}

/** Lesion with a given status and no measurement (disappeared, notEvaluated, tooSmallToMeasure...). */
export function withStatus(lesion: LesionJson, status: string): LesionJson {
  return { ...lesion, status, longAxisMm: null, shortAxisMm: null };
}

export interface PatientOptions {
  readonly criteria?: readonly CriteriaName[];
  readonly options?: Record<string, unknown>;
  readonly patientId?: string;
}

/** `[day, lesions]` pairs → a patient; timepoint ids are BL, FU1, FU2... */
export function patient(timepoints: readonly (readonly [number, readonly LesionJson[]])[], extra: PatientOptions = {}): Record<string, unknown> {
  return {
    patientId: extra.patientId ?? 'P-TEST',
    criteria: extra.criteria ?? ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST'],
    ...(extra.options ? { options: extra.options } : {}),
    timepoints: timepoints.map(([day, lesions], index) => ({ id: index === 0 ? 'BL' : `FU${index}`, date: isoDay(day), lesions })),
  };
}

/** Assess and return one criterion's result; throws (test failure) on invalid input. */
export function assessOne(input: unknown, criterion: CriteriaName): CriteriaResult {
  const reply = assessPatient(input);
  if (!reply.ok) throw new Error(`invalid test input: ${JSON.stringify(reply.problems)}`);
  const result = reply.output.criteria[criterion];
  if (result === undefined) throw new Error(`criterion ${criterion} not computed`);
  return result;
}

/** The follow-up at position `index` (1 = FU1). */
export function followUp(result: CriteriaResult, index: number): TimepointResult {
  const tp = result.timepoints[index - 1];
  if (tp === undefined) throw new Error(`no follow-up ${index}`);
  return tp;
}

export function ruleIds(tp: TimepointResult): string[] {
  return tp.reasons.map((reason) => reason.rule);
}
