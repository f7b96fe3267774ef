/**
 * Deterministic synthetic cohort for the benchmark: a seeded PRNG (mulberry32), so every run
 * and every worker sees the same patients. 6 timepoints × 15 lesions (5 targets, 10 non-targets)
 * per patient, all six criteria, plausible courses (shrink, stable, grow, occasional new lesion).
 */

export type Random = () => number;

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ORGANS = ['liver', 'lung', 'lymph node', 'bone', 'adrenal', 'peritoneum'];
const tenth = (mm: number): number => Math.max(0, Math.round(mm * 10) / 10);

function isoDate(days: number): string {
  return new Date(Date.UTC(2024, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
}

interface LesionSeed {
  readonly id: string;
  readonly role: 'target' | 'nontarget';
  readonly organ: string;
  readonly isLymphNode: boolean;
  readonly longAxisMm: number;
}

function lesionAt(seed: LesionSeed, factor: number, random: Random): Record<string, unknown> {
  const longAxisMm = tenth(seed.longAxisMm * factor * (0.95 + random() * 0.1));
  const gone = longAxisMm < 2;
  return {
    id: seed.id,
    organ: seed.organ,
    isLymphNode: seed.isLymphNode,
    role: seed.role,
    status: gone ? 'disappeared' : random() < 0.01 ? 'notEvaluated' : 'present',
    longAxisMm: gone ? null : longAxisMm,
    shortAxisMm: gone ? null : tenth(longAxisMm * 0.6),
    enhancingLongAxisMm: gone ? null : tenth(longAxisMm * 0.7),
    enhancingShortAxisMm: gone ? null : tenth(longAxisMm * 0.4),
    meanHU: gone ? null : Math.round(30 + random() * 60),
  };
}

export function syntheticPatient(index: number, random: Random): Record<string, unknown> {
  const seeds: LesionSeed[] = Array.from({ length: 15 }, (_, i) => {
    const organ = ORGANS[Math.floor(random() * ORGANS.length)] ?? 'liver';
    const isLymphNode = organ === 'lymph node';
    return { id: `L${i + 1}`, role: i < 5 ? 'target' : 'nontarget', organ, isLymphNode, longAxisMm: 15 + random() * 60 };
  });
  const trend = -0.15 + random() * 0.3; // per-visit relative change of the whole course
  const timepoints = Array.from({ length: 6 }, (_, visit) => {
    const factor = Math.max(0, 1 + trend * visit);
    const lesions = seeds.map((seed) => lesionAt(seed, factor, random));
    if (visit > 2 && random() < 0.1) lesions.push({ id: `N${visit}`, organ: 'liver', role: 'new', status: 'present', longAxisMm: tenth(8 + random() * 10) });
    return { id: visit === 0 ? 'BL' : `FU${visit}`, date: isoDate(visit * 56), lesions };
  });
  return { patientId: `SYN-${index}`, criteria: ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST'], timepoints };
}

export function syntheticCohort(size: number, seed: number): Record<string, unknown>[] {
  const random = mulberry32(seed);
  return Array.from({ length: size }, (_, index) => syntheticPatient(index, random));
}
