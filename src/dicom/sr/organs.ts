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
 *  - Couinaud liver segments: DICOM CID 7170 (SCT 71133005 I, 277956007 II ... 277962002 VIII), checked
 *    against PS3.16 (see ./codes.ts, [CID]). A liver text that names exactly one segment ("liver segment
 *    VII", "hepatic segment 4a") is coded as that segment; one that names none or several stays Liver.
 * Order matters: the first pattern that matches wins ("lymph node in the liver hilum" is a node).
 */
const LIVER: Code = { value: '10200004', scheme: 'SCT', meaning: 'Liver' };

/** CID 7170 Couinaud Liver Segment, by segment number. */
export const COUINAUD_SEGMENTS: Readonly<Record<1 | 2 | 3 | 4 | 5 | 6 | 7 | 8, Code>> = {
  1: { value: '71133005', scheme: 'SCT', meaning: 'Couinaud hepatic segment I' },
  2: { value: '277956007', scheme: 'SCT', meaning: 'Couinaud hepatic segment II' },
  3: { value: '277957003', scheme: 'SCT', meaning: 'Couinaud hepatic segment III' },
  4: { value: '277958008', scheme: 'SCT', meaning: 'Couinaud hepatic segment IV' },
  5: { value: '277959000', scheme: 'SCT', meaning: 'Couinaud hepatic segment V' },
  6: { value: '277960005', scheme: 'SCT', meaning: 'Couinaud hepatic segment VI' },
  7: { value: '277961009', scheme: 'SCT', meaning: 'Couinaud hepatic segment VII' },
  8: { value: '277962002', scheme: 'SCT', meaning: 'Couinaud hepatic segment VIII' },
};

const ROMAN: Readonly<Record<string, keyof typeof COUINAUD_SEGMENTS>> = { I: 1, II: 2, III: 3, IV: 4, V: 5, VI: 6, VII: 7, VIII: 8 };

/**
 * The segments a liver text names: "segment VII", "segments VI and VII", "seg 4a", "S8". IVa/IVb (4a/4b)
 * are parts of segment IV, which is as fine as CID 7170 goes.
 */
function couinaudSegments(organ: string): Set<keyof typeof COUINAUD_SEGMENTS> {
  const found = new Set<keyof typeof COUINAUD_SEGMENTS>();
  const number = (token: string) => ROMAN[token.toUpperCase()] ?? (/^[1-8]$/.test(token) ? (Number(token) as keyof typeof COUINAUD_SEGMENTS) : undefined);
  // "segment(s) VII", "segments VI and VII", "segments 6/7", "seg. 4a"
  for (const match of organ.matchAll(/\b(?:segments?|segs?\.?|couinaud)\s*((?:(?:VIII|VII|VI|IV|V|III|II|I|[1-8])[ab]?(?![a-z0-9])(?:\s*(?:,|\/|-|&|and|or)\s*)?)+)/gi)) {
    for (const token of match[1]!.split(/\s*(?:,|\/|-|&|and|or)\s*/i)) {
      const segment = number(token.replace(/[ab]$/i, ''));
      if (segment) found.add(segment);
    }
  }
  for (const match of organ.matchAll(/\bS([1-8])[ab]?\b/g)) found.add(Number(match[1]) as keyof typeof COUINAUD_SEGMENTS);
  return found;
}

const ORGANS: readonly { pattern: RegExp; code: Code }[] = [
  { pattern: /\b(lymph|node|nodal)\b/i, code: { value: '59441001', scheme: 'SCT', meaning: 'Lymph node' } },
  // a bare "segment VI" is a liver segment, unless the text is about the lung (which has segments too)
  { pattern: /\b(liver|hepatic|couinaud)\b|^(?!.*\b(?:lung|pulmonary|lobe)\b).*\bsegments?\s+[IVX]+\b/i, code: LIVER },
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
  const site = ORGANS.find((entry) => entry.pattern.test(organ))?.code ?? null;
  if (site !== LIVER) return site;
  const segments = [...couinaudSegments(organ)];
  return segments.length === 1 ? COUINAUD_SEGMENTS[segments[0]!] : LIVER;
}
