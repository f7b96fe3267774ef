/**
 * Where a lesion is: the liver by Couinaud segment (liver-directed therapy is planned per segment),
 * lymph-node stations, and the other usual metastatic sites. The SR codes these (src/dicom/sr).
 */
export interface OrganChoice {
  name: string;
  isLymphNode: boolean;
  /** The organ for the "at most 2 targets per organ" rule: every liver segment is the liver */
  organ: string;
}

const liverSegments = ['I', 'II', 'III', 'IVa', 'IVb', 'V', 'VI', 'VII', 'VIII'].map((segment) => `liver segment ${segment}`);
const nodeStations = [
  'retroperitoneal (para-aortic) lymph node',
  'portocaval lymph node',
  'porta hepatis lymph node',
  'celiac lymph node',
  'mesenteric lymph node',
  'iliac lymph node',
  'inguinal lymph node',
  'mediastinal lymph node',
  'hilar lymph node',
  'supraclavicular lymph node',
  'axillary lymph node',
];
const otherOrgans = ['lung', 'pleura', 'peritoneum', 'pancreas', 'spleen', 'adrenal gland', 'kidney', 'bone', 'brain', 'soft tissue', 'other'];

export const ORGAN_CHOICES: readonly OrganChoice[] = [
  ...liverSegments.map((name) => ({ name, isLymphNode: false, organ: 'liver' })),
  { name: 'liver', isLymphNode: false, organ: 'liver' },
  ...nodeStations.map((name) => ({ name, isLymphNode: true, organ: name })),
  ...otherOrgans.map((name) => ({ name, isLymphNode: false, organ: name })),
];

export function isLymphNodeSite(name: string): boolean {
  return ORGAN_CHOICES.find((choice) => choice.name === name)?.isLymphNode ?? /lymph node/i.test(name);
}
