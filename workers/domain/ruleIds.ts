/**
 * Every rule id of docs/criteria.md: the closed set a Reason or an Issue may cite. The ids are a
 * contract (docs/exchange-format.md: reason texts may change, rule ids may not), and each has a
 * section in docs/criteria.md (workers/criteria/ruleDocs.ts; checked by ruleDocs.test.ts).
 */
export const RULE_IDS = [
  // General conventions
  'G-1', 'G-2', 'G-3', 'G-4', 'G-5', 'G-6',
  // RECIST 1.1
  'R-MEAS-1', 'R-MEAS-2', 'R-MEAS-3', 'R-MEAS-4', 'R-MEAS-5',
  'R-TGT-1', 'R-TGT-2', 'R-TGT-3', 'R-TGT-4', 'R-TGT-5',
  'R-NE-1', 'R-NE-2',
  'R-NT-1', 'R-NT-2', 'R-NT-3', 'R-NT-4', 'R-NT-5',
  'R-NEW-1', 'R-REAP-1', 'R-REAP-2',
  // Overall and best overall response
  'OV-1', 'OV-2', 'BOR-1', 'BOR-2', 'BOR-3', 'BOR-4',
  // WHO, EASL, mRECIST, Choi, iRECIST
  'WHO-1', 'WHO-2', 'WHO-3', 'WHO-3b', 'WHO-4', 'WHO-5', 'WHO-6',
  'EASL-1', 'EASL-2', 'EASL-3', 'EASL-4', 'EASL-5',
  'M-1', 'M-2', 'M-3', 'M-4', 'M-NT-1', 'M-NEW-1', 'M-NEW-2', 'M-NEW-3',
  'C-1', 'C-2', 'C-3', 'C-4', 'C-5',
  'IR-1', 'IR-2', 'IR-3', 'IR-4', 'IR-5', 'IR-6',
  // Volumetric: vRECIST, qEASL
  'V-1', 'V-2', 'V-3', 'V-4', 'QE-1', 'QE-2', 'QE-3', 'QE-4',
  // Measurement margin of the target response
  'MARGIN-1', 'MARGIN-2', 'MARGIN-3',
  // Baseline conformance checks (issues)
  'CONF-1', 'CONF-2', 'CONF-3', 'CONF-4', 'CONF-5', 'CONF-6', 'CONF-7', 'CONF-8', 'CONF-10',
  // Decisions where the sources are open
  'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10', 'A11', 'A12',
] as const;

export type RuleId = (typeof RULE_IDS)[number];
