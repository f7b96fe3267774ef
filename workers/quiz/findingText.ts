import type { LesionRole } from '../domain/input';
import { CRITERION_LABELS } from '../report/reportModel';
import type { AxisComparison, QuizFinding } from './compareReads';

/** The feedback's sentences: one per finding, naming lesions by both reads' labels (they need not agree). */

export const ROLE_TEXT: Readonly<Record<LesionRole, string>> = { target: 'target', nontarget: 'non-target', new: 'new lesion' };

const AXIS_TEXT: Readonly<Record<`${AxisComparison['part']} ${AxisComparison['axis']}`, string>> = {
  'whole long': 'long axis',
  'whole short': 'short axis',
  'enhancing long': 'viable long axis',
  'enhancing short': 'viable short axis',
};

export const mm = (value: number) => `${value.toFixed(1)} mm`;
export const signedMm = (value: number) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(1)} mm`;

export const axisText = (comparison: Pick<AxisComparison, 'part' | 'axis'>) => AXIS_TEXT[`${comparison.part} ${comparison.axis}`];

/** "L1 −6.2 mm, outside the limit −8.8 mm" / "within" / "no limit (model off)" */
export function agreementText(comparison: AxisComparison): string {
  if (comparison.differenceMm === null) return comparison.learnerMm === null ? 'not measured by you' : 'not measured in the reference';
  if (comparison.limitMm === null) return `${signedMm(comparison.differenceMm)} (no noise model)`;
  const limit = signedMm(Math.sign(comparison.differenceMm || -1) * comparison.limitMm);
  return `${signedMm(comparison.differenceMm)}, ${comparison.withinAgreement ? 'within' : 'outside'} the inter-reader limit ${limit}`;
}

export function findingText(finding: QuizFinding): string {
  switch (finding.kind) {
    case 'missed':
      return `Missed: the reference's ${finding.label}, a ${ROLE_TEXT[finding.role]} in ${finding.organ} (from ${finding.timepoint}), is not in your read.`;
    case 'extra':
      return `Not in the reference: your ${finding.label}, a ${ROLE_TEXT[finding.role]} in ${finding.organ}.`;
    case 'role':
      return `Target selection: your ${finding.learnerLabel} is a ${ROLE_TEXT[finding.learnerRole]}; the reference's ${finding.referenceLabel} is a ${ROLE_TEXT[finding.referenceRole]}.`;
    case 'conformance':
      return `Conformance (${finding.note.rule}): ${finding.note.text}`;
    case 'measurement': {
      const { comparison } = finding;
      return `Measurement: your ${finding.learnerLabel} at ${comparison.timepoint}, ${axisText(comparison)} ${mm(comparison.learnerMm ?? 0)} against the reference's ${finding.referenceLabel} ${mm(comparison.referenceMm ?? 0)}: ${agreementText(comparison)}.`;
    }
    case 'verdict': {
      const { verdict } = finding;
      const yours = verdict.learner ? verdict.learner.overallResponse : 'none';
      return `Verdict: ${CRITERION_LABELS[verdict.criterion]} at ${verdict.timepoint} ${verdict.date}, yours ${yours}, the reference's ${verdict.reference.overallResponse}.`;
    }
  }
}
