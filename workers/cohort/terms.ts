import type { BurdenUnit } from '../domain/units';
import type { LesionRole, LesionStatus } from '../domain/input';
import type { ResponseCategory } from '../domain/result';

/**
 * CDISC terms for the SDTM exports (README "Cohort exports" lists the sources). Closed tables keyed by
 * the engine's own unions, so a new category or status fails to compile until it has its term.
 */

/** RSTESTCD → RSTEST (CDISC Oncology Response tests, as in the CDISC RECIST 1.1 disease response supplement). */
export const RS_TESTS = {
  TRGRESP: 'Target Response',
  NTRGRESP: 'Non-target Response',
  NEWLPROG: 'New Lesion Progression',
  OVRLRESP: 'Overall Response',
  BESTRESP: 'Best Overall Response',
} as const;
export type RsTestCode = keyof typeof RS_TESTS;

/**
 * RSSTRESC for each engine category. ND (no lesion of that kind at baseline, G-5) has no response term:
 * the row says so in RSSTAT/RSREASND instead. The iRECIST terms are those of Seymour et al. 2017 (iRECIST
 * Table 2), upper-cased as the ONCRSR codelist writes NON-CR/NON-PD.
 */
export const RS_STANDARD: Record<ResponseCategory | 'ND', string | null> = {
  CR: 'CR',
  PR: 'PR',
  SD: 'SD',
  PD: 'PD',
  NE: 'NE',
  'NonCR/NonPD': 'NON-CR/NON-PD',
  iCR: 'iCR',
  iPR: 'iPR',
  iSD: 'iSD',
  iUPD: 'iUPD',
  iCPD: 'iCPD',
  'iNonCR/NonPD': 'NON-iCR/NON-iUPD',
  ND: null,
};

/** TUORRES / TRGRPID: the CDISC examples' TARGET, NON-TARGET, NEW. */
export const TU_ROLE: Record<LesionRole, string> = { target: 'TARGET', nontarget: 'NON-TARGET', new: 'NEW' };

/** TRTESTCD TUMSTATE (Tumor State) result for each lesion status; the engine's own name stays in TRORRES. */
export const TUMOR_STATE: Record<LesionStatus, string> = {
  present: 'PRESENT',
  disappeared: 'ABSENT',
  tooSmallToMeasure: 'TOO SMALL TO MEASURE',
  notEvaluated: 'NOT EVALUABLE',
  unequivocalProgression: 'UNEQUIVOCAL PROGRESSION',
  split: 'SPLIT',
  merged: 'MERGED',
};

/**
 * The lesion measurements in TR: LDIAM, LPERP and VOLUME are CDISC tests; the viable-part ones are
 * sponsor-defined (TRTESTCD is extensible). Volumes (V-1, QE-1) in mL as in UCUM.
 */
export const TR_MEASUREMENTS = [
  { code: 'LDIAM', test: 'Longest Diameter', field: 'longAxisMm', unit: 'mm' },
  { code: 'LPERP', test: 'Longest Perpendicular', field: 'shortAxisMm', unit: 'mm' },
  { code: 'VLDIAM', test: 'Viable Tumor Longest Diameter', field: 'enhancingLongAxisMm', unit: 'mm' },
  { code: 'VLPERP', test: 'Viable Tumor Longest Perpendicular', field: 'enhancingShortAxisMm', unit: 'mm' },
  { code: 'VOLUME', test: 'Volume', field: 'volumeMl', unit: 'mL' },
  { code: 'VIAVOL', test: 'Viable Tumor Volume', field: 'enhancingVolumeMl', unit: 'mL' },
] as const;

/**
 * The target sum per criterion: SUMDIAM (CDISC) for sums of diameters; SUMPDIAM and SUMVOL
 * (sponsor-defined) for WHO and EASL sums of products and for the volumetric sums (mL as in UCUM).
 */
export const TR_SUM = {
  mm: { code: 'SUMDIAM', test: 'Sum of Diameter', unit: 'mm' },
  'mm²': { code: 'SUMPDIAM', test: 'Sum of Products of Diameters', unit: 'mm2' },
  mL: { code: 'SUMVOL', test: 'Sum of Volumes', unit: 'mL' },
} as const satisfies Record<BurdenUnit['symbol'], { code: string; test: string; unit: string }>;

/** TUMETHOD: the CDISC method terms of the DICOM modalities Nadir reads (the CDISC RECIST 1.1 examples write CT SCAN, MRI); another modality is written as given. */
const METHOD: Readonly<Record<string, string>> = { CT: 'CT SCAN', MR: 'MRI' };
export const tumorMethod = (modality: string | null | undefined): string | null => (modality ? (METHOD[modality.toUpperCase()] ?? modality) : null);
