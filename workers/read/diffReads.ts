import type { BidirectionalMeasurement, LesionDefinition, Observation, ReadSession } from './model';
import { formatAxesMm } from '../domain/lengths';
import { describeProtocol, protocolOf } from './protocol';

/**
 * What replacing a read with another would change, for the reader to confirm: lesions added, removed
 * or changed (label, role, site, lymph node, split), and measurements added, changed or removed per
 * timepoint. Lesions are matched by key: the SR's tracking UID of the current read's lesions
 * (an imported SR's lesions have that UID as id), the id itself for a JSON read.
 */
export interface ReadDiff {
  lesionsAdded: string[];
  lesionsRemoved: string[];
  lesionsChanged: string[];
  measurementsAdded: number;
  measurementsChanged: number;
  measurementsRemoved: number;
  /** one line per change, e.g. "L1 at 2024-07-10: 45.0 × 30.0 mm → 47.0 × 30.0 mm" */
  lines: string[];
}

type Contents = Pick<ReadSession, 'lesions' | 'observations' | 'timepoints' | 'protocol'>;

const axes = (measurement: BidirectionalMeasurement) => `${formatAxesMm(measurement.longAxisMm, measurement.shortAxisMm)} mm`;

function describe(observation: Observation | undefined): string {
  if (!observation) return 'nothing';
  if (observation.status !== 'present') return observation.status;
  const parts = [observation.whole ? axes(observation.whole) : 'present, not measured'];
  if (observation.enhancing.kind === 'measured') parts.push(`viable ${axes(observation.enhancing.measurement)}`);
  if (observation.enhancing.kind === 'noEnhancement') parts.push('no enhancement');
  if (observation.meanHU !== null) parts.push(`${observation.meanHU.toFixed(1)} HU`);
  return parts.join(', ');
}

/**
 * Equal observations, numbers within 0.0001: an SR stores coordinates as 32-bit floats (GraphicData
 * is FL), so a read's end points come back from its SR a few micrometres off; lengths travel exactly.
 */
export function sameObservation(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-4;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, index) => sameObservation(value, b[index]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameObservation((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return a === b;
}

/** The mRECIST vascular pattern changes a verdict (M-NEW-1): an import that changes it must show it. */
const patternOf = (lesion: LesionDefinition) => lesion.vascularPattern ?? 'not recorded';

const sameDefinition = (a: LesionDefinition, b: LesionDefinition, keyOfA: (id: string) => string) =>
  a.label === b.label &&
  a.role === b.role &&
  a.organ === b.organ &&
  a.isLymphNode === b.isLymphNode &&
  patternOf(a) === patternOf(b) &&
  (a.splitFrom === null ? null : keyOfA(a.splitFrom)) === b.splitFrom;

export function diffReads(current: Contents, incoming: Contents, keyOfCurrent: (lesionId: string) => string = (id) => id): ReadDiff {
  const diff: ReadDiff = { lesionsAdded: [], lesionsRemoved: [], lesionsChanged: [], measurementsAdded: 0, measurementsChanged: 0, measurementsRemoved: 0, lines: [] };
  const before = new Map(current.lesions.map((lesion) => [keyOfCurrent(lesion.id), lesion]));
  const after = new Map(incoming.lesions.map((lesion) => [lesion.id, lesion]));
  for (const [key, lesion] of after) {
    const old = before.get(key);
    if (!old) {
      diff.lesionsAdded.push(lesion.label);
      diff.lines.push(`${lesion.label}: added (${lesion.role}, ${lesion.organ})`);
    } else if (!sameDefinition(old, lesion, keyOfCurrent)) {
      diff.lesionsChanged.push(lesion.label);
      const pattern = patternOf(old) === patternOf(lesion) ? '' : `, vascular pattern ${patternOf(old)} → ${patternOf(lesion)}`;
      diff.lines.push(`${old.label}: ${old.label === lesion.label ? '' : `renamed ${lesion.label}, `}${old.role}, ${old.organ} → ${lesion.role}, ${lesion.organ}${pattern}`);
    }
  }
  for (const [key, lesion] of before) {
    if (!after.has(key)) {
      diff.lesionsRemoved.push(lesion.label);
      diff.lines.push(`${lesion.label}: removed`);
    }
  }
  const studies = new Set([...Object.keys(current.observations), ...Object.keys(incoming.observations)]);
  const dateOf = (studyUid: string) => [...incoming.timepoints, ...current.timepoints].find((timepoint) => timepoint.studyInstanceUid === studyUid)?.date ?? studyUid;
  for (const studyUid of studies) {
    const was = new Map(Object.entries(current.observations[studyUid] ?? {}).map(([id, observation]) => [keyOfCurrent(id), observation]));
    const now = new Map(Object.entries(incoming.observations[studyUid] ?? {}));
    for (const key of new Set([...was.keys(), ...now.keys()])) {
      const [a, b] = [was.get(key), now.get(key)];
      if (sameObservation(a, b)) continue;
      if (!a) diff.measurementsAdded += 1;
      else if (!b) diff.measurementsRemoved += 1;
      else diff.measurementsChanged += 1;
      const label = after.get(key)?.label ?? before.get(key)?.label ?? key;
      diff.lines.push(`${label} at ${dateOf(studyUid)}: ${describe(a)} → ${describe(b)}`);
    }
  }
  // the protocol changes verdicts (BOR-2, BOR-3, WHO-3b): an import that brings another one says so;
  // a file that records none keeps the read's (importRead)
  if (incoming.protocol) {
    const [was, now] = [describeProtocol(protocolOf(current)), describeProtocol(incoming.protocol)];
    if (was !== now) diff.lines.push(`Protocol: ${was} → ${now}`);
  }
  return diff;
}

export const isEmptyDiff = (diff: ReadDiff) => diff.lines.length === 0;
