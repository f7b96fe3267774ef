import type { Code } from './codes';

/**
 * The reader's free-text organ ("liver segment VII", "lymph node, portocaval") → a coded Finding Site
 * (SNOMED CT body structure). The free text itself is kept in the SR as well (99NADIR ORGAN-TEXT), so
 * nothing is lost where the table is coarse.
 *
 * Sources (SCT concept ids as DICOM and its toolkits use them):
 *  - liver 10200004, lung 39607008, pancreas 15776009, spleen 78961009, kidney 64033007, stomach 69695003,
 *    gallbladder 28273000, adrenal gland 23451007, heart 80891009, esophagus 32849002, small intestine
 *    30315005, colon 71854001, urinary bladder 89837001: DICOM CID 4 / TotalSegmentator mapping in
 *    highdicom-based code (SCT codes with their DICOM code meanings);
 *  - lymph node 59441001, bone 272673000, brain 12738006, peritoneum 15425007, skin 39937001,
 *    mediastinum 72410000: SNOMED CT body structures (metastasis-site value sets).
 * Couinaud liver segments have SNOMED CT concepts, but none could be verified here: a segment maps to
 * Liver and its text keeps the segment.
 * Order matters: the first pattern that matches wins ("lymph node in the liver hilum" is a node).
 */
const ORGANS: readonly { pattern: RegExp; code: Code }[] = [
  { pattern: /\b(lymph|node|nodal)\b/i, code: { value: '59441001', scheme: 'SCT', meaning: 'Lymph node' } },
  { pattern: /\b(liver|hepatic|segment\s+[IVX]+)\b/i, code: { value: '10200004', scheme: 'SCT', meaning: 'Liver' } },
  { pattern: /\b(lung|pulmonary)\b/i, code: { value: '39607008', scheme: 'SCT', meaning: 'Lung' } },
  { pattern: /\badrenal\b/i, code: { value: '23451007', scheme: 'SCT', meaning: 'Adrenal gland' } },
  { pattern: /\b(bone|osseous|vertebra|rib)\b/i, code: { value: '272673000', scheme: 'SCT', meaning: 'Bone' } },
  { pattern: /\b(brain|cerebral)\b/i, code: { value: '12738006', scheme: 'SCT', meaning: 'Brain' } },
  { pattern: /\b(peritoneum|peritoneal|omentum|omental)\b/i, code: { value: '15425007', scheme: 'SCT', meaning: 'Peritoneum' } },
  { pattern: /\bpancrea/i, code: { value: '15776009', scheme: 'SCT', meaning: 'Pancreas' } },
  { pattern: /\b(spleen|splenic)\b/i, code: { value: '78961009', scheme: 'SCT', meaning: 'Spleen' } },
  { pattern: /\b(kidney|renal)\b/i, code: { value: '64033007', scheme: 'SCT', meaning: 'Kidney' } },
  { pattern: /\b(stomach|gastric)\b/i, code: { value: '69695003', scheme: 'SCT', meaning: 'Stomach' } },
  { pattern: /\bgall\s*bladder\b/i, code: { value: '28273000', scheme: 'SCT', meaning: 'Gallbladder' } },
  { pattern: /\b(o?esophag)/i, code: { value: '32849002', scheme: 'SCT', meaning: 'Esophagus' } },
  { pattern: /\b(small (bowel|intestine)|jejun|ile(um|al))/i, code: { value: '30315005', scheme: 'SCT', meaning: 'Small intestine' } },
  { pattern: /\b(colon|colonic)\b/i, code: { value: '71854001', scheme: 'SCT', meaning: 'Colon' } },
  { pattern: /\bbladder\b/i, code: { value: '89837001', scheme: 'SCT', meaning: 'Urinary bladder' } },
  { pattern: /\b(skin|cutaneous)\b/i, code: { value: '39937001', scheme: 'SCT', meaning: 'Skin' } },
  { pattern: /\bmediastin/i, code: { value: '72410000', scheme: 'SCT', meaning: 'Mediastinum' } },
  { pattern: /\b(heart|cardiac)\b/i, code: { value: '80891009', scheme: 'SCT', meaning: 'Heart' } },
];

const LYMPH_NODE = ORGANS[0]!.code;

/** The coded finding site of a lesion, or null when the organ text names nothing in the table. */
export function findingSiteFor(organ: string, isLymphNode: boolean): Code | null {
  if (isLymphNode) return LYMPH_NODE;
  return ORGANS.find((entry) => entry.pattern.test(organ))?.code ?? null;
}
