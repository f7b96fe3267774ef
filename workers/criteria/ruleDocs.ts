import type { RuleId } from '../domain/ruleIds';

/**
 * Where each rule id is explained: a section of docs/criteria.md whose anchor is the id itself, so
 * that an explanation's rule can link to `docs/criteria.md#R-TGT-3`. `emitted` ids are cited by the
 * engine in reasons or issues; `documentation` ids explain conventions, measurement rules and
 * decisions the engine applies without citing them (ruleDocs.test.ts checks both directions).
 */
export type RuleUse = 'emitted' | 'documentation';

export interface RuleDoc {
  /** the `<a id="…">` of the rule's section in docs/criteria.md */
  readonly anchor: string;
  readonly use: RuleUse;
}

export const CRITERIA_DOC = 'docs/criteria.md';

const emitted = (anchor: string): RuleDoc => ({ anchor, use: 'emitted' });
const documentation = (anchor: string): RuleDoc => ({ anchor, use: 'documentation' });

export const RULE_DOCS: Readonly<Record<RuleId, RuleDoc>> = {
  'G-1': documentation('G-1'),
  'G-2': documentation('G-2'),
  'G-3': documentation('G-3'),
  'G-4': documentation('G-4'),
  'G-5': emitted('G-5'),
  'G-6': documentation('G-6'),
  'R-MEAS-1': documentation('R-MEAS-1'),
  'R-MEAS-2': documentation('R-MEAS-2'),
  'R-MEAS-3': documentation('R-MEAS-3'),
  'R-MEAS-4': documentation('R-MEAS-4'),
  'R-MEAS-5': documentation('R-MEAS-5'),
  'R-TGT-1': emitted('R-TGT-1'),
  'R-TGT-2': emitted('R-TGT-2'),
  'R-TGT-3': emitted('R-TGT-3'),
  'R-TGT-4': emitted('R-TGT-4'),
  'R-TGT-5': emitted('R-TGT-5'),
  'R-NE-1': emitted('R-NE-1'),
  'R-NE-2': emitted('R-NE-2'),
  'R-NT-1': emitted('R-NT-1'),
  'R-NT-2': emitted('R-NT-2'),
  'R-NT-3': emitted('R-NT-3'),
  'R-NT-4': emitted('R-NT-4'),
  'R-NT-5': emitted('R-NT-5'),
  'R-NEW-1': emitted('R-NEW-1'),
  'R-REAP-1': emitted('R-REAP-1'),
  'R-REAP-2': documentation('R-REAP-2'),
  'OV-1': emitted('OV-1'),
  'OV-2': emitted('OV-2'),
  'BOR-1': emitted('BOR-1'),
  'BOR-2': emitted('BOR-2'),
  'BOR-3': emitted('BOR-3'),
  'BOR-4': emitted('BOR-4'),
  'WHO-1': documentation('WHO-1'),
  'WHO-2': emitted('WHO-2'),
  'WHO-3': emitted('WHO-3'),
  // per-lesion progression is reported under WHO-3 / EASL-4, whose threshold it applies
  'WHO-3b': documentation('WHO-3b'),
  'WHO-4': emitted('WHO-4'),
  'WHO-5': documentation('WHO-5'),
  'WHO-6': documentation('WHO-6'),
  'EASL-1': documentation('EASL-1'),
  'EASL-2': emitted('EASL-2'),
  'EASL-3': emitted('EASL-3'),
  'EASL-4': emitted('EASL-4'),
  'EASL-5': documentation('EASL-5'),
  'M-1': documentation('M-1'),
  'M-2': emitted('M-2'),
  'M-3': emitted('M-3'),
  'M-4': emitted('M-4'),
  'M-NT-1': emitted('M-NT-1'),
  'M-NEW-1': emitted('M-NEW-1'),
  'M-NEW-2': emitted('M-NEW-2'),
  'M-NEW-3': emitted('M-NEW-3'),
  'C-1': emitted('C-1'),
  'C-2': documentation('C-2'),
  'C-3': emitted('C-3'),
  'C-4': emitted('C-4'),
  'C-5': emitted('C-5'),
  'IR-1': emitted('IR-1'),
  'IR-2': emitted('IR-2'),
  'IR-3': emitted('IR-3'),
  'IR-4': documentation('IR-4'),
  'IR-5': emitted('IR-5'),
  'IR-6': emitted('IR-6'),
  'V-1': documentation('V-1'),
  'V-2': emitted('V-2'),
  'V-3': emitted('V-3'),
  'V-4': emitted('V-4'),
  'QE-1': documentation('QE-1'),
  'QE-2': emitted('QE-2'),
  'QE-3': emitted('QE-3'),
  'QE-4': emitted('QE-4'),
  'MARGIN-1': emitted('MARGIN-1'),
  'MARGIN-2': emitted('MARGIN-2'),
  'MARGIN-3': emitted('MARGIN-3'),
  'CONF-1': emitted('CONF-1'),
  'CONF-2': emitted('CONF-2'),
  'CONF-3': emitted('CONF-3'),
  'CONF-4': emitted('CONF-4'),
  'CONF-5': emitted('CONF-5'),
  'CONF-6': emitted('CONF-6'),
  'CONF-7': emitted('CONF-7'),
  'CONF-8': emitted('CONF-8'),
  'CONF-10': emitted('CONF-10'),
  A1: documentation('A1'),
  A2: documentation('A2'),
  A3: documentation('A3'),
  A4: documentation('A4'),
  A5: documentation('A5'),
  A6: documentation('A6'),
  A7: documentation('A7'),
  A8: documentation('A8'),
  A9: documentation('A9'),
  A10: documentation('A10'),
  A11: documentation('A11'),
  A12: documentation('A12'),
};

/** The docs link for a rule id, relative to the repository root. */
export function ruleDocHref(rule: RuleId): string {
  return `${CRITERIA_DOC}#${RULE_DOCS[rule].anchor}`;
}
