// Ground truth beside each study, and the exchange-format input for the whole patient,
// both computed from the design (never from the images).
import type { LesionDesign, LesionState, StudyDesign, TimepointId } from './design';
import { LESIONS } from './design';
import { lesionEllipsoids } from './render';

export type Point3 = [number, number, number];

export interface SliceRef {
  seriesInstanceUID: string;
  seriesDescription: string;
  file: string;
  /** 0-based position in the series, in file (InstanceNumber) order. */
  index: number;
  instanceNumber: number;
  sopInstanceUID: string;
  sliceLocationMm: number;
}

export interface LesionTruth {
  id: string;
  /** Liver segment or nodal station. */
  organ: string;
  /** The organ as the exchange format groups it ("liver", "lymph node"). */
  organGroup: LesionDesign['organ'];
  role: LesionDesign['role'];
  isLymphNode: boolean;
  status: 'present';
  hccTypicalPattern?: boolean;
  centreMm: Point3;
  longAxisMm: number;
  shortAxisMm: number;
  longAxisEndpointsMm: [Point3, Point3];
  shortAxisEndpointsMm: [Point3, Point3];
  zExtentMm: number;
  /** the ellipsoid's analytic volume, 4/3 π a b c (mL) */
  volumeMl: number;
  /** the enhancing (viable) ellipsoid's analytic volume (mL); the whole volume when the whole lesion enhances */
  enhancingVolumeMl: number;
  enhancingLongAxisMm: number;
  enhancingShortAxisMm: number;
  enhancingCentreMm: Point3;
  enhancingLongAxisEndpointsMm: [Point3, Point3];
  enhancingShortAxisEndpointsMm: [Point3, Point3];
  /** CT only: mean attenuation over the largest slice in the portal-venous phase (noise-free design value). */
  meanHU?: number;
  /** MR only: mean signal over the largest slice (arbitrary units, not HU). */
  meanSignal?: number;
  /** Noise-free design values of the lesion's parts in this study's series (HU for CT, signal for MR). */
  designValues: Record<string, { viable: number; necrotic: number | null }>;
  largestSlice: SliceRef[];
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
const DEG = Math.PI / 180;

function axisEndpoints(centre: Point3, thetaDeg: number, longAxisMm: number, shortAxisMm: number) {
  const c = Math.cos(thetaDeg * DEG);
  const s = Math.sin(thetaDeg * DEG);
  const [x, y, z] = centre;
  const a = longAxisMm / 2;
  const b = shortAxisMm / 2;
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return {
    long: [[r(x - a * c), r(y - a * s), z], [r(x + a * c), r(y + a * s), z]] as [Point3, Point3],
    short: [[r(x + b * s), r(y - b * c), z], [r(x - b * s), r(y + b * c), z]] as [Point3, Point3],
  };
}

export function enhancingAxes(lesionState: LesionState): { long: number; short: number } {
  return lesionState.viable === 'whole'
    ? { long: lesionState.longAxisMm, short: lesionState.shortAxisMm }
    : { long: lesionState.viable.longAxisMm, short: lesionState.viable.shortAxisMm };
}

/** Mean over the largest slice: necrotic + (viable area / lesion area) × (viable − necrotic); areas of ellipses ∝ long × short. */
export function meanValue(lesion: LesionDesign, lesionState: LesionState, phase: 'portal' | 'arterial' | 'mr'): number {
  const viable = lesion.viableValue[phase];
  if (lesionState.viable === 'whole') return viable;
  const necrotic = lesion.necroticValue[phase];
  const fraction = (lesionState.viable.longAxisMm * lesionState.viable.shortAxisMm) / (lesionState.longAxisMm * lesionState.shortAxisMm);
  return necrotic + fraction * (viable - necrotic);
}

/** 4/3 π a b c of semi-axes in mm, in mL (1 mL = 1000 mm³), to 0.001 mL. */
const ellipsoidVolumeMl = (e: { semiA: number; semiB: number; semiZ: number }): number => Math.round(((4 / 3) * Math.PI * e.semiA * e.semiB * e.semiZ) / 1000 * 1000) / 1000;

export function lesionTruth(study: StudyDesign, lesion: LesionDesign, lesionState: LesionState, largestSlice: SliceRef[]): LesionTruth {
  const { shift } = study;
  const toStudy = (x: number, y: number, z: number): Point3 => [x + shift.x, y + shift.y, z + shift.z];
  const { outer, viable } = lesionEllipsoids(lesion, lesionState);
  const centre = toStudy(outer.cx, outer.cy, outer.cz);
  const r3 = (p: Point3): Point3 => [Math.round(p[0] * 1000) / 1000, Math.round(p[1] * 1000) / 1000, p[2]];
  const enhancingCentre = viable ? r3(toStudy(viable.cx, viable.cy, viable.cz)) : centre;
  const axes = axisEndpoints(centre, lesion.thetaDeg, lesionState.longAxisMm, lesionState.shortAxisMm);
  const enhancing = enhancingAxes(lesionState);
  const enhancingEnds = axisEndpoints(enhancingCentre, lesion.thetaDeg, enhancing.long, enhancing.short);
  const phases = study.modality === 'CT' ? (['arterial', 'portal'] as const) : (['mr'] as const);
  const designValues: LesionTruth['designValues'] = {};
  for (const phase of phases) {
    designValues[phase] = { viable: lesion.viableValue[phase], necrotic: viable ? lesion.necroticValue[phase] : null };
  }
  return {
    id: lesion.id,
    organ: lesion.location,
    organGroup: lesion.organ,
    role: lesion.role,
    isLymphNode: lesion.isLymphNode,
    status: 'present',
    ...(lesion.hccTypicalPattern === undefined ? {} : { hccTypicalPattern: lesion.hccTypicalPattern }),
    centreMm: centre,
    longAxisMm: lesionState.longAxisMm,
    shortAxisMm: lesionState.shortAxisMm,
    longAxisEndpointsMm: axes.long,
    shortAxisEndpointsMm: axes.short,
    zExtentMm: lesionState.zExtentMm,
    volumeMl: ellipsoidVolumeMl(outer),
    enhancingVolumeMl: ellipsoidVolumeMl(viable ?? outer),
    enhancingLongAxisMm: enhancing.long,
    enhancingShortAxisMm: enhancing.short,
    enhancingCentreMm: enhancingCentre,
    enhancingLongAxisEndpointsMm: enhancingEnds.long,
    enhancingShortAxisEndpointsMm: enhancingEnds.short,
    ...(study.modality === 'CT'
      ? { meanHU: round1(meanValue(lesion, lesionState, 'portal')) }
      : { meanSignal: round1(meanValue(lesion, lesionState, 'mr')) }),
    designValues,
    largestSlice,
  };
}

export interface ExchangeLesion {
  id: string;
  organ: string;
  isLymphNode: boolean;
  role: LesionDesign['role'];
  longAxisMm: number;
  shortAxisMm: number;
  enhancingLongAxisMm: number;
  enhancingShortAxisMm: number;
  meanHU: number;
  status: 'present';
  hccTypicalPattern?: boolean;
}

const isoDate = (date: string) => `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;

/** The engine's input (docs/exchange-format.md) for the CT timepoints, from the ground-truth measurements. */
export function exchangeInput(ctStudies: StudyDesign[], patientId: string) {
  return {
    patientId,
    criteria: ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST'],
    options: { minSdDurationDays: 42, requireConfirmation: false, minConfirmationDays: 28, whoProgressionMode: 'sum', tooSmallDefaultMm: 5, iRecistMinConfirmDays: 28 },
    timepoints: ctStudies.map((study) => ({
      id: study.timepoint as TimepointId,
      date: isoDate(study.date),
      modality: study.modality,
      lesions: LESIONS.flatMap((lesion): ExchangeLesion[] => {
        const lesionState = lesion.states[study.timepoint];
        if (!lesionState) return [];
        const enhancing = enhancingAxes(lesionState);
        return [{
          id: lesion.id,
          organ: lesion.organ,
          isLymphNode: lesion.isLymphNode,
          role: lesion.role,
          longAxisMm: lesionState.longAxisMm,
          shortAxisMm: lesionState.shortAxisMm,
          enhancingLongAxisMm: enhancing.long,
          enhancingShortAxisMm: enhancing.short,
          meanHU: round1(meanValue(lesion, lesionState, 'portal')),
          status: 'present',
          ...(lesion.hccTypicalPattern === undefined ? {} : { hccTypicalPattern: lesion.hccTypicalPattern }),
        }];
      }),
    })),
  };
}

export { isoDate };
