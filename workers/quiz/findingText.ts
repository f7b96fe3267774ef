import type { LesionRole } from '../domain/input';
import { toHundredths } from '../domain/exact';
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

export const axisText = (comparison: Pick<AxisComparison, 'part' | 'axis'>) => AXIS_TEXT[`${comparison.part} ${comparison.axis}`];

/** A difference to display, in 0.01 mm as the limits are (the engine's rounding, G-2), unsigned when it is nothing. */
export function differenceText(differenceMm: number): string {
  const hundredths = toHundredths(differenceMm);
  return hundredths === 0 ? '0.00 mm' : `${hundredths < 0 ? '−' : '+'}${(Math.abs(hundredths) / 100).toFixed(2)} mm`;
}

/** "−6.2 mm, outside the limits of agreement −8.84 to +10.16 mm" / "within" / "(no noise model)" */
export function agreementText(comparison: AxisComparison): string {
  if (comparison.differenceMm === null) return comparison.learnerMm === null ? 'not measured by you' : 'not measured in the reference';
  const difference = differenceText(comparison.differenceMm);
  if (comparison.limitsMm === null) return `${difference} (no noise model)`;
  const { lowerMm, upperMm } = comparison.limitsMm;
  return `${difference}, ${comparison.withinAgreement ? 'within' : 'outside'} the limits ${`−${lowerMm.toFixed(2)}`} to +${upperMm.toFixed(2)} mm`;
}

/** The table's cell: "+0.01 mm ✓ within −8.84 to +10.16 mm", each length and its unit unbroken in a narrow column. */
export function agreementCellText(comparison: AxisComparison): string {
  const { differenceMm, limitsMm } = comparison;
  const text =
    differenceMm === null || limitsMm === null
      ? agreementText(comparison)
      : `${differenceText(differenceMm)} ${comparison.withinAgreement ? '✓ within' : '✗ outside'} −${limitsMm.lowerMm.toFixed(2)} to +${limitsMm.upperMm.toFixed(2)} mm`;
  return text.replaceAll(' mm', '\u00a0mm');
}

export function findingText(finding: QuizFinding): string {
  switch (finding.kind) {
    case 'missed':
      return `Missed: the reference's ${finding.label}, a ${ROLE_TEXT[finding.role]} in ${finding.organ} (from ${finding.timepoint}), is not in your read.`;
    case 'extra':
      return `Not in the reference: your ${finding.label}, a ${ROLE_TEXT[finding.role]} in ${finding.organ}.`;
    case 'role':
      return `Target selection: your ${finding.learnerLabel} is a ${ROLE_TEXT[finding.learnerRole]}; the reference's ${finding.referenceLabel} is a ${ROLE_TEXT[finding.referenceRole]}.`;
    case 'conformance': {
      // the engine names a lesion by its id, shown as the learner's label; the criteria that raised it say which rules apply
      const { note } = finding;
      const criteria = note.criteria.map((criterion) => CRITERION_LABELS[criterion]).join(', ');
      return `Conformance (${note.rule}${note.lesionLabel ? `, your ${note.lesionLabel}` : ''}; ${criteria}): ${note.text}.`;
    }
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
