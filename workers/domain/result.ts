import type { CriteriaName } from './input';
import type { RuleId } from './ruleIds';
import type { NoiseModelId } from './noise';
import type { BurdenUnit } from './units';

/** Output of the engine (docs/exchange-format.md, "Output"); optional fields are extensions. */

export type TargetResponse = 'CR' | 'PR' | 'SD' | 'PD' | 'NE';
/** ND: no lesion of that kind at baseline (G-5) */
export type NonTargetResponse = 'CR' | 'NonCR/NonPD' | 'PD' | 'NE' | 'ND';
export type OverallResponse = 'CR' | 'PR' | 'SD' | 'PD' | 'NE' | 'NonCR/NonPD';
export type IRecistResponse = 'iCR' | 'iPR' | 'iSD' | 'iUPD' | 'iCPD' | 'NE' | 'iNonCR/NonPD';
/** Every category a result can hold: tables keyed by it (SR codes, display) fail to compile when one is added. */
export type ResponseCategory = TargetResponse | NonTargetResponse | OverallResponse | IRecistResponse;

/** A rule that fired, with a sentence a radiologist can check against the numbers. */
export interface Reason {
  readonly rule: RuleId;
  readonly text: string;
}

export type IssueSeverity = 'error' | 'warning' | 'info';

/** A conformance finding (docs/criteria.md, "Baseline conformance checks"); never thrown, returned next to the result. */
export interface Issue {
  readonly rule: RuleId;
  readonly severity: IssueSeverity;
  readonly lesionId: string | null;
  readonly text: string;
}

/** The axis a reader's caliper changes for a lesion's contribution (R-MEAS-1, M-1, WHO-1, EASL-1). */
export type MarginAxis = 'longAxis' | 'shortAxis' | 'enhancingLongAxis';

/** MARGIN-2: the one target whose measurement, changed alone, flips the target response first. */
export interface LesionMargin {
  readonly id: string;
  /** what the reasons call it (the input's label, else its id) */
  readonly name: string;
  /** the axis changed (products: the long axis, the short axis kept) */
  readonly axis: MarginAxis;
  /** its current length */
  readonly axisMm: number;
  /** the signed change of that axis that flips the target response, mm (0.01 steps, exact) */
  readonly changeMm: number;
  readonly toward: TargetResponse | IRecistResponse;
  /** MARGIN-3: the lesion's limit of agreement in the direction of the change, mm to 0.01; null when the noise model is off */
  readonly noiseLimitMm: number | null;
}

/** Extension (MARGIN-1..3): how far the target sum is from the nearest other target response. */
export type TargetMargin =
  | {
      readonly kind: 'found';
      /** signed change of the target sum that flips the target response, in the criterion's unit (mm, or mm² for WHO/EASL), exact */
      readonly sumChange: number;
      /** the same change as a percentage of the current sum, 0.01; null when the sum is 0 */
      readonly sumChangePct: number | null;
      readonly toward: TargetResponse | IRecistResponse;
      readonly lesion: LesionMargin;
      /** MARGIN-3: the lesion's change lies strictly inside its inter-reader limits of agreement */
      readonly withinNoise: boolean;
      readonly noiseModel: NoiseModelId;
      readonly reasons: readonly Reason[];
    }
  | {
      readonly kind: 'none';
      readonly why: MarginNoneWhy;
      readonly withinNoise: false;
      readonly noiseModel: NoiseModelId;
      readonly reasons: readonly Reason[];
    };

/** Why a timepoint has no margin (MARGIN-1). */
export type MarginNoneWhy = 'noTargets' | 'targetNotEvaluable' | 'noMeasuredTarget' | 'noFlip';

export interface LesionResult {
  readonly id: string;
  /** the lesion's contribution in the criterion's unit (mm or mm²), null when not evaluable */
  readonly value: number | null;
  readonly changeFromBaselinePct: number | null;
}

export interface TimepointResult {
  readonly id: string;
  /** extension */
  readonly date: string;
  /** extension: calendar days since baseline (G-4) */
  readonly daysFromBaseline: number;
  readonly targetSum: number | null;
  readonly baselineSum: number | null;
  readonly nadirSum: number | null;
  readonly changeFromBaselinePct: number | null;
  readonly changeFromNadirPct: number | null;
  /** ND (extension): no target lesion at baseline; iRECIST uses its i-labels */
  readonly targetResponse: TargetResponse | IRecistResponse | 'ND';
  readonly nonTargetResponse: NonTargetResponse;
  readonly newLesions: boolean;
  readonly overallResponse: OverallResponse | IRecistResponse;
  readonly lesions: readonly LesionResult[];
  readonly reasons: readonly Reason[];
  readonly afterProgression: boolean;
  /** Choi only (C-2) */
  readonly densityChangeFromBaselinePct?: number | null;
  /** Choi only, extension: the unweighted mean density of the present targets (C-2), HU to 0.01 */
  readonly densityMeanHU?: number | null;
  /** Choi only, extension: the same mean at baseline */
  readonly baselineDensityMeanHU?: number | null;
  /** extension (MARGIN-1..3): the margin of the target response and whether it lies within measurement noise */
  readonly targetMargin: TargetMargin;
  /** iRECIST only (IR-4), extension: sum of new-lesion targets in mm */
  readonly newLesionTargetSum?: number | null;
}

/** Extension: the baseline numbers the follow-ups are compared with. */
export interface BaselineResult {
  readonly id: string;
  readonly date: string;
  readonly targetSum: number | null;
  readonly lesions: readonly LesionResult[];
}

export interface CriteriaResult {
  /** extension: the unit of targetSum, baselineSum, nadirSum and lesions[].value (mm, or mm² for sums of products) */
  readonly sumUnit: BurdenUnit['symbol'];
  /** follow-up timepoints only (timepoints[1..]); the baseline is under `baseline` */
  readonly timepoints: readonly TimepointResult[];
  readonly bestOverallResponse: OverallResponse | IRecistResponse;
  /** extension: how the best overall response was reached */
  readonly bestOverallResponseReasons: readonly Reason[];
  readonly issues: readonly Issue[];
  /** extension */
  readonly baseline: BaselineResult;
}

export interface PatientOutput {
  readonly patientId: string;
  readonly criteria: Partial<Record<CriteriaName, CriteriaResult>>;
}

/** A validation problem: a JSON path ($.timepoints[2].lesions[0].longAxisMm) and what is wrong. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** What the engine returns: plain data, never a thrown error (comlink carries only data). */
export type EngineReply<T> = { readonly ok: true; readonly output: T } | { readonly ok: false; readonly problems: readonly Problem[] };
