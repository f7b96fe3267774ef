import type { BaselineLesion, LesionEntry, PatientModel } from '../../domain/model';
import type { Issue } from '../../domain/result';
import type { RuleId } from '../../domain/ruleIds';
import { toHundredths } from '../../domain/exact';
import { measureEntry, type LesionMeasure } from './measure';

/**
 * Baseline conformance checks (docs/criteria.md, "Baseline conformance checks"). They report, never throw,
 * and never change the computed responses (R-MEAS-1: selection is not re-validated).
 */

export interface ConformanceProfile {
  readonly criterion: string;
  readonly measure: LesionMeasure;
  /** R11 §4.2: at most 5 targets, 2 per organ */
  readonly selectionLimits: boolean;
  /** which axis the 10 mm measurability rule applies to, or null when the criterion has none */
  readonly measurableAxis: 'longAxis' | 'enhancingLongAxis' | null;
  /** R11 §3.1 node thresholds (short axis ≥ 15 mm for a target) */
  readonly nodeRules: boolean;
  /** rule id for a target without a usable baseline measurement; CONF-6 unless more specific */
  readonly missingMeasurementRule?: RuleId;
  /** criterion-specific checks (M-1 enhancement, C-2 meanHU) */
  readonly extra?: (lesion: BaselineLesion, entry: LesionEntry) => Issue[];
}

const MIN_MEASURABLE_HMM = 1000; // R11 §3.1: 10 mm
const MIN_TARGET_NODE_HMM = 1500; // R11 §3.1: node target ≥ 15 mm short axis
const PATHOLOGICAL_NODE_HMM = 1000; // R11 §3.1: 10 to < 15 mm is a pathological non-target

const issue = (rule: RuleId, severity: Issue['severity'], lesionId: string | null, text: string): Issue => ({ rule, severity, lesionId, text });

function selectionIssues(targets: readonly BaselineLesion[]): Issue[] {
  const issues: Issue[] = [];
  if (targets.length > 5) issues.push(issue('CONF-1', 'warning', null, `${targets.length} target lesions at baseline; RECIST 1.1 allows at most 5 (R11 §4.2)`));
  const perOrgan = new Map<string, BaselineLesion[]>();
  for (const target of targets) {
    if (target.organ === null) continue;
    const key = target.organ.trim().toLowerCase();
    perOrgan.set(key, [...(perOrgan.get(key) ?? []), target]);
  }
  for (const [organ, lesions] of perOrgan) {
    for (const extra of lesions.slice(2)) {
      issues.push(issue('CONF-2', 'warning', extra.id, `${lesions.length} targets in ${organ}; at most 2 per organ (R11 §4.2)`));
    }
  }
  return issues;
}

function sizeIssues(profile: ConformanceProfile, entry: LesionEntry, sliceThicknessMm: number | null): Issue[] {
  if (entry.status !== 'present') return [];
  if (entry.isLymphNode) {
    if (!profile.nodeRules || entry.shortAxis === null || entry.shortAxis >= MIN_TARGET_NODE_HMM) return [];
    const mm = (entry.shortAxis / 100).toFixed(1);
    return entry.shortAxis >= PATHOLOGICAL_NODE_HMM
      ? [issue('CONF-5', 'warning', entry.id, `nodal target short axis ${mm} mm is pathological (10 to <15 mm) but not measurable: record it as a non-target (R11 §3.1)`)]
      : [issue('CONF-4', 'warning', entry.id, `nodal target short axis ${mm} mm is < 10 mm: a normal node, not a lesion (R11 §3.1)`)];
  }
  const axis = profile.measurableAxis === null ? null : entry[profile.measurableAxis];
  if (axis === null || axis === 0) return [];
  const byThickness = sliceThicknessMm === null ? 0 : 2 * toHundredths(sliceThicknessMm);
  const minimum = Math.max(MIN_MEASURABLE_HMM, byThickness);
  if (axis >= minimum) return [];
  const why = minimum > MIN_MEASURABLE_HMM ? `twice the slice thickness (${(minimum / 100).toFixed(1)} mm)` : '10 mm';
  return [issue('CONF-3', 'warning', entry.id, `non-nodal target measures ${(axis / 100).toFixed(1)} mm, below the measurable minimum of ${why} (R11 §3.1)`)];
}

function measurementIssues(profile: ConformanceProfile, entry: LesionEntry, tooSmallHmm: number): Issue[] {
  if (entry.status !== 'present') {
    return [issue('CONF-6', 'error', entry.id, `target has status "${entry.status}" at baseline; a target must be measured at baseline (R11 §4.2)`)];
  }
  const measured = measureEntry(entry, profile.measure, tooSmallHmm);
  if (measured.kind === 'missing') {
    return [issue(profile.missingMeasurementRule ?? 'CONF-6', 'error', entry.id, `target ${measured.why} at baseline, so ${profile.criterion} has no baseline sum (R-NE-1)`)];
  }
  return [];
}

export function checkConformance(model: PatientModel, profile: ConformanceProfile): Issue[] {
  const baseline = model.timepoints[0];
  if (baseline === undefined) return [];
  if (model.targets.length === 0) {
    return [issue('CONF-10', 'info', null, 'no target lesion at baseline: non-target disease only, assessed by OV-2')];
  }
  const tooSmallHmm = toHundredths(model.options.tooSmallDefaultMm);
  const issues = profile.selectionLimits ? selectionIssues(model.targets) : [];
  model.targets.forEach((lesion, index) => {
    const observation = baseline.targets[index];
    if (observation?.kind !== 'entry') return;
    const entry = observation.entry;
    issues.push(...measurementIssues(profile, entry, tooSmallHmm));
    issues.push(...sizeIssues(profile, entry, baseline.sliceThicknessMm));
    issues.push(...(profile.extra?.(lesion, entry) ?? []));
  });
  return issues;
}
