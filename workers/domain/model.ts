import { dayNumber } from './dates';
import { toHundredths, toMicrolitres, type Hhu, type Hmm, type Ul } from './exact';
import { CRITERIA_NAMES, DEFAULT_CRITERIA, type CriteriaName, type LesionInput, type LesionStatus, type PatientInput } from './input';
import { resolveOptions, type EngineOptions } from './options';

/**
 * The normalised patient the criteria modules read: exact integer measurements, lesions
 * indexed by their baseline definition, split fragments grouped under their parent (R-MEAS-4).
 * Built only from validated input.
 */

export type BaselineRole = 'target' | 'nontarget';

/** One lesion entry at one timepoint, measurements in exact hundredths. */
export interface LesionEntry {
  readonly id: string;
  /** what reasons call it: the input's label, else its id */
  readonly name: string;
  readonly organ: string | null;
  readonly isLymphNode: boolean;
  readonly role: LesionInput['role'];
  readonly status: LesionStatus;
  readonly longAxis: Hmm | null;
  readonly shortAxis: Hmm | null;
  readonly enhancingLongAxis: Hmm | null;
  readonly enhancingShortAxis: Hmm | null;
  readonly meanHu: Hhu | null;
  /** V-1 and QE-1: whole and enhancing volume in exact µL (mm³) */
  readonly volume: Ul | null;
  readonly enhancingVolume: Ul | null;
  readonly splitFrom: string | null;
  readonly mergedInto: string | null;
  /** null: the reader did not assess it (only an absent field defaults to typical, per the exchange format) */
  readonly hccTypicalPattern: boolean | null;
  readonly furtherIncrease: boolean;
}

/** A target or non-target lesion as defined at baseline (G-1). */
export interface BaselineLesion {
  readonly id: string;
  readonly name: string;
  readonly organ: string | null;
  /** from the baseline entry; decides long vs short axis (R-MEAS-1) */
  readonly isLymphNode: boolean;
  readonly role: BaselineRole;
}

/** What a timepoint says about one baseline lesion. */
export type LesionObservation =
  | { readonly kind: 'notListed' }
  | { readonly kind: 'entry'; readonly entry: LesionEntry }
  | { readonly kind: 'split'; readonly fragments: readonly LesionEntry[] };

export interface TimepointModel {
  readonly index: number;
  readonly id: string;
  readonly date: string;
  /** calendar days since the baseline date (G-4) */
  readonly day: number;
  readonly sliceThicknessMm: number | null;
  /** aligned with PatientModel.targets */
  readonly targets: readonly LesionObservation[];
  /** aligned with PatientModel.nonTargets */
  readonly nonTargets: readonly LesionObservation[];
  readonly newLesions: readonly LesionEntry[];
}

export interface PatientModel {
  readonly patientId: string;
  readonly criteria: readonly CriteriaName[];
  readonly options: EngineOptions;
  readonly targets: readonly BaselineLesion[];
  readonly nonTargets: readonly BaselineLesion[];
  readonly timepoints: readonly TimepointModel[];
}

const NOT_LISTED: LesionObservation = { kind: 'notListed' };

function hundredths(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : toHundredths(value);
}

function microlitres(valueMl: number | null | undefined): number | null {
  return valueMl === null || valueMl === undefined ? null : toMicrolitres(valueMl);
}

function toEntry(lesion: LesionInput, parent: BaselineLesion | undefined): LesionEntry {
  return {
    id: lesion.id,
    name: lesion.label ?? lesion.id,
    organ: lesion.organ ?? parent?.organ ?? null,
    // fragments are measured like their parent (R-MEAS-4)
    isLymphNode: parent?.isLymphNode ?? lesion.isLymphNode ?? false,
    role: lesion.role,
    status: lesion.status ?? 'present',
    longAxis: hundredths(lesion.longAxisMm),
    shortAxis: hundredths(lesion.shortAxisMm),
    enhancingLongAxis: hundredths(lesion.enhancingLongAxisMm),
    enhancingShortAxis: hundredths(lesion.enhancingShortAxisMm),
    meanHu: hundredths(lesion.meanHU),
    volume: microlitres(lesion.volumeMl),
    enhancingVolume: microlitres(lesion.enhancingVolumeMl),
    splitFrom: lesion.splitFrom ?? null,
    mergedInto: lesion.mergedInto ?? null,
    hccTypicalPattern: lesion.hccTypicalPattern === undefined ? true : lesion.hccTypicalPattern,
    furtherIncrease: lesion.furtherIncrease ?? false,
  };
}

/** One timepoint's lesions by id, and split fragments by parent id. */
interface TimepointIndex {
  readonly byId: ReadonlyMap<string, LesionInput>;
  readonly fragmentsByParent: ReadonlyMap<string, LesionInput[]>;
}

function indexLesions(lesions: readonly LesionInput[]): TimepointIndex {
  const byId = new Map<string, LesionInput>();
  const fragmentsByParent = new Map<string, LesionInput[]>();
  for (const lesion of lesions) {
    byId.set(lesion.id, lesion);
    if (lesion.splitFrom == null) continue;
    const fragments = fragmentsByParent.get(lesion.splitFrom);
    if (fragments === undefined) fragmentsByParent.set(lesion.splitFrom, [lesion]);
    else fragments.push(lesion);
  }
  return { byId, fragmentsByParent };
}

function observe(index: TimepointIndex, def: BaselineLesion): LesionObservation {
  const fragments = index.fragmentsByParent.get(def.id);
  if (fragments !== undefined) return { kind: 'split', fragments: fragments.map((lesion) => toEntry(lesion, def)) };
  const own = index.byId.get(def.id);
  return own === undefined ? NOT_LISTED : { kind: 'entry', entry: toEntry(own, def) };
}

function uniqueCriteria(criteria: PatientInput['criteria']): CriteriaName[] {
  if (criteria === undefined) return [...DEFAULT_CRITERIA];
  return CRITERIA_NAMES.filter((name) => criteria.includes(name));
}

export function buildPatientModel(input: PatientInput): PatientModel {
  const [baseline] = input.timepoints;
  if (baseline === undefined) throw new Error('buildPatientModel needs validated input with a baseline');
  const baselineDay = dayNumber(baseline.date) ?? 0;
  const defs: BaselineLesion[] = baseline.lesions
    .filter((lesion) => lesion.role !== 'new' && lesion.splitFrom == null)
    .map((lesion) => ({
      id: lesion.id,
      name: lesion.label ?? lesion.id,
      organ: lesion.organ ?? null,
      isLymphNode: lesion.isLymphNode ?? false,
      role: lesion.role === 'target' ? 'target' : 'nontarget',
    }));
  const targets = defs.filter((def) => def.role === 'target');
  const nonTargets = defs.filter((def) => def.role === 'nontarget');
  const timepoints = input.timepoints.map((tp, index): TimepointModel => {
    const lesions = indexLesions(tp.lesions);
    return {
      index,
      id: tp.id,
      date: tp.date,
      day: (dayNumber(tp.date) ?? baselineDay) - baselineDay,
      sliceThicknessMm: tp.sliceThicknessMm ?? null,
      targets: targets.map((def) => observe(lesions, def)),
      nonTargets: nonTargets.map((def) => observe(lesions, def)),
      newLesions: tp.lesions.filter((lesion) => lesion.role === 'new').map((lesion) => toEntry(lesion, undefined)),
    };
  });
  return {
    patientId: input.patientId,
    criteria: uniqueCriteria(input.criteria),
    options: resolveOptions(input.options),
    targets,
    nonTargets,
    timepoints,
  };
}
