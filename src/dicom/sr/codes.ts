import type { CriteriaName, LesionRole } from '../../../workers/domain/input';
import type { ObservationStatus, VascularPattern } from '../../../workers/read/model';
import type { ResponseCategory } from '../../../workers/domain/result';
import type { WhoProgressionMode } from '../../../workers/read/protocol';

/**
 * Every code Nadir's SR uses, in one place, with where it comes from. Standard codes first; where no
 * standard code could be verified the SR uses the private coding scheme 99NADIR (declared in the SR's
 * Coding Scheme Identification Sequence), so that nothing is guessed and everything round-trips.
 *
 * Sources:
 *  [PS3.16]  DICOM PS3.16 (DCMR) templates TID 1500 / 1501 / 300 / 320 / 1002 / 1502 and the DCM codes
 *            used in them, cross-checked against DCMTK dcmsr/libcmr (tid1501.cc, tid300.cc) and dcmjs
 *            src/utilities/TID300/Bidirectional.js (103339001 / 103340004).
 *  [SCT]     SNOMED CT body structures as used in DICOM CID 4 / highdicom and pydicom code dictionaries
 *            (liver 10200004, lung 39607008, lymph node 59441001, ...); 108369006 Neoplasm is
 *            pydicom's codes.SCT.Neoplasm; 373066001 / 373067005 Yes / No are DICOM CID 230.
 *  [CID]     DICOM PS3.16 context groups, code values and meanings checked against PS3.16 as generated
 *            into pydicom's sr/_cid_dict.py and _concepts_dict.py (pydicom fb1f24e, 2026-06) and against
 *            the DICOM-in-FHIR value sets (bvdh/dicom-terminology-in-fhir; DCMTK's cid6147.cc for 6147):
 *            CID 7170 Couinaud Liver Segment, CID 6143 Lesion Response (= CID 6144 RECIST Defined Lesion
 *            Response), CID 6147 Response Criteria; DCM 112021 Response Evaluation Method (TID 4106).
 *  [NCIt]    NCI Thesaurus tumour-response concepts as used in the CDISC RS (RSSTRESC) codelist:
 *            C4870 Complete Response, C18058 Partial Response, C18213 Stable Disease,
 *            C35571 Progressive Disease. Not re-verified against the NCIt browser in this change.
 *  [99NADIR] Nadir's private scheme: role, lymph-node flag, lesion status, viable (enhancing) axes,
 *            response categories that have no verified standard code (NE, Non-CR/Non-PD, iRECIST).
 */

export interface Code {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
}

const code = (value: string, scheme: string, meaning: string): Code => ({ value, scheme, meaning });

/** Code values are SH: at most 16 characters (the test checks every code in this file). */
export const PRIVATE_SCHEME = {
  designator: '99NADIR',
  name: 'Nadir tumour-response codes',
  responsibleOrganization: 'Nadir project',
} as const;
const nadir = (value: string, meaning: string) => code(value, PRIVATE_SCHEME.designator, meaning);

/** SOP classes (PS3.4). SCOORD3D needs Comprehensive 3D SR. */
export const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';
export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

export const CODES = {
  // [PS3.16] TID 1500 Measurement Report
  measurementReport: code('126000', 'DCM', 'Imaging Measurement Report'),
  language: code('121049', 'DCM', 'Language of Content Item and Descendants'),
  englishUS: code('en-US', 'RFC5646', 'English (United States)'),
  observerType: code('121005', 'DCM', 'Observer Type'),
  person: code('121006', 'DCM', 'Person'),
  personObserverName: code('121008', 'DCM', 'Person Observer Name'),
  procedureReported: code('121058', 'DCM', 'Procedure reported'),
  imageLibrary: code('111028', 'DCM', 'Image Library'),
  imageLibraryGroup: code('126200', 'DCM', 'Image Library Group'),
  imagingMeasurements: code('126010', 'DCM', 'Imaging Measurements'),
  qualitativeEvaluations: code('C0034375', 'UMLS', 'Qualitative Evaluations'),
  // [PS3.16] TID 1501 Measurement Group, TID 1502 Time Point Context
  measurementGroup: code('125007', 'DCM', 'Measurement Group'),
  trackingIdentifier: code('112039', 'DCM', 'Tracking Identifier'),
  trackingUniqueIdentifier: code('112040', 'DCM', 'Tracking Unique Identifier'),
  timePoint: code('C2348792', 'UMLS', 'Time Point'),
  finding: code('121071', 'DCM', 'Finding'),
  findingSite: code('363698007', 'SCT', 'Finding Site'),
  // [SCT]
  neoplasm: code('108369006', 'SCT', 'Neoplasm'),
  // [PS3.16] TID 300 / dcmjs Bidirectional
  longAxis: code('103339001', 'SCT', 'Long Axis'),
  shortAxis: code('103340004', 'SCT', 'Short Axis'),
  sourceOfMeasurement: code('121112', 'DCM', 'Source of Measurement'),
  derivation: code('121401', 'DCM', 'Derivation'),
  mean: code('373098007', 'SCT', 'Mean'),
  attenuationCoefficient: code('112031', 'DCM', 'Attenuation Coefficient'),
  millimetre: code('mm', 'UCUM', 'millimeter'),
  hounsfieldUnit: code("[hnsf'U]", 'UCUM', 'Hounsfield unit'),
  // [PS3.16] TID 1411 Volumetric ROI Measurements: the segment a volume was measured on, and its source series
  referencedSegment: code('121214', 'DCM', 'Referenced Segment'),
  sourceSeriesForSegmentation: code('121232', 'DCM', 'Source series for segmentation'),
  // [PS3.16] the SEG's derivation (CID 7203) and purpose of reference (CID 7202)
  segmentation: code('113076', 'DCM', 'Segmentation'),
  sourceImageForProcessing: code('121322', 'DCM', 'Source image for image processing operation'),
  // [CID] CID 7150 Segmentation Property Categories (highdicom, pydicom codes.SCT)
  morphologicallyAbnormalStructure: code('49755003', 'SCT', 'Morphologically Abnormal Structure'),
  // [PS3.16] CID 7470 Linear/Area/Volume measurements: Volume; UCUM mL (V-1, QE-1)
  volume: code('118565006', 'SCT', 'Volume'),
  millilitre: code('mL', 'UCUM', 'milliliter'),
  // [99NADIR] the enhancing (viable) part's volume (QE-1) and how many slices the volume was segmented on: no standard code
  viableVolume: nadir('VIABLE-VOLUME', 'Viable tumour volume'),
  segmentedSlices: nadir('SEGMENTED-SLICES', 'Number of slices segmented'),
  sliceCountUnit: code('{slices}', 'UCUM', 'slices'),
  yes: code('373066001', 'SCT', 'Yes'),
  no: code('373067005', 'SCT', 'No'),
  // [SCT] procedures, for "Procedure reported" (and the modality on import)
  computedTomography: code('77477000', 'SCT', 'Computed Tomography'),
  magneticResonanceImaging: code('113091000', 'SCT', 'Magnetic resonance imaging'),
  // [99NADIR] distinct concept names for the viable (arterially enhancing) part: a generic TID 1500
  // consumer must never mistake the viable long axis for the whole lesion's (which a concept modifier
  // on 103339001 would risk), so the enhancing axes get their own concept names.
  viableLongAxis: nadir('VIABLE-LONG', 'Long axis of viable (enhancing) tumour'),
  viableShortAxis: nadir('VIABLE-SHORT', 'Short axis of viable (enhancing) tumour'),
  viablePart: nadir('VIABLE-PART', 'Viable (enhancing) tumour'),
  noViableTumour: nadir('NO-VIABLE', 'No viable (enhancing) tumour'),
  lesionRole: nadir('LESION-ROLE', 'Lesion role'),
  lymphNode: nadir('LYMPH-NODE', 'Lesion is a lymph node'),
  lesionStatus: nadir('LESION-STATUS', 'Lesion status'),
  vascularPattern: nadir('VASCULAR-PATTERN', 'Vascular pattern of a new liver lesion (mRECIST)'),
  organText: nadir('ORGAN-TEXT', 'Organ as recorded by the reader'),
  firstStudy: nadir('FIRST-STUDY', 'Study in which the lesion was first recorded'),
  splitFrom: nadir('SPLIT-FROM', 'Fragment of lesion (tracking unique identifier)'),
  mergedInto: nadir('MERGED-INTO', 'Merged into lesion (tracking unique identifier)'),
  sliceThickness: nadir('SLICE-THICKNESS', 'Slice thickness used for the read (mm)'),
  overallResponse: nadir('OVERALL-RESP', 'Overall response'),
  targetResponse: nadir('TARGET-RESP', 'Target lesion response'),
  nonTargetResponse: nadir('NONTARGET-RESP', 'Non-target lesion response'),
  newLesions: nadir('NEW-LESIONS', 'New lesions'),
  // [CID] the criterion of a response, valued from CID 6147 (CRITERION_CODES)
  responseEvaluationMethod: code('112021', 'DCM', 'Response Evaluation Method'),
  /** Written before CID 6147 was used (TEXT "RECIST 1.1", ...): read, never written. */
  responseCriteriaText: nadir('CRITERIA', 'Response criteria'),
  reason: nadir('REASON', 'Reason for the response'),
  // adjudication of two reads (issue 15 §3): no standard template records one, so these are Nadir's
  adjudicationReport: nadir('ADJUDICATION', 'Adjudication of two tumour-response reads'),
  adjudicatedRead: nadir('ADJ-READ', 'Read under adjudication'),
  readKey: nadir('ADJ-READ-KEY', 'Read under adjudication (A or B)'),
  readerName: nadir('ADJ-READER', 'Reader of the read'),
  readInstance: nadir('ADJ-READ-SR', 'SR instance of the read'),
  adjudicatedCriterion: nadir('ADJ-CRITERION', 'Adjudicated criterion'),
  readersAgreed: nadir('ADJ-AGREED', 'The readers agreed'),
  chosenRead: nadir('ADJ-CHOSEN', 'Read chosen by the adjudicator (A or B)'),
  adjudicationReason: nadir('ADJ-REASON', 'Reason for the adjudicator\'s choice'),
  bestOverallResponse: nadir('BEST-RESP', 'Best overall response'),
  firstProgressionDate: nadir('FIRST-PD-DATE', 'Date of first progression'),
  timepointDate: nadir('TIMEPOINT-DATE', 'Date of the timepoint'),
  // the read's protocol settings (issue 15 §4, items/protocol.ts): engine options, no standard concept
  confirmationRequired: nadir('CONFIRM-REQUIRED', 'Confirmation of CR/PR required (BOR-3)'),
  minSdDuration: nadir('MIN-SD-DAYS', 'Minimum stable disease duration in days (BOR-2)'),
  whoProgressionMode: nadir('WHO-PD-MODE', 'WHO/EASL progression test (WHO-3)'),
} as const;

/** WHO-3 / WHO-3b: how WHO and EASL progression is tested (the engine option whoProgressionMode). */
export const WHO_PROGRESSION_CODES: Readonly<Record<WhoProgressionMode, Code>> = {
  sum: nadir('WHO-PD-SUM', 'Sum of products over its nadir'),
  anyLesion: nadir('WHO-PD-ANYLESION', 'Sum of products, or any lesion, over its nadir'),
};

export const ROLE_CODES: Readonly<Record<LesionRole, Code>> = {
  target: nadir('TARGET', 'Target lesion'),
  nontarget: nadir('NON-TARGET', 'Non-target lesion'),
  new: nadir('NEW', 'New lesion'),
};

/** mRECIST M-NEW-1: the vascular pattern the reader recorded for a new liver lesion. */
export const VASCULAR_PATTERN_CODES: Readonly<Record<VascularPattern, Code>> = {
  typical: nadir('VASC-TYPICAL', 'Typical (arterial hyperenhancement with washout)'),
  atypical: nadir('VASC-ATYPICAL', 'Atypical'),
  notAssessed: nadir('VASC-NOT-ASSESSED', 'Not assessed'),
};

export const STATUS_CODES: Readonly<Record<ObservationStatus, Code>> = {
  present: nadir('PRESENT', 'Present'),
  disappeared: nadir('DISAPPEARED', 'Disappeared'),
  tooSmallToMeasure: nadir('TOO-SMALL', 'Too small to measure'),
  notEvaluated: nadir('NOT-EVALUATED', 'Not evaluated'),
  unequivocalProgression: nadir('UNEQUIVOCAL-PD', 'Unequivocal progression'),
  split: nadir('SPLIT', 'Split into fragments'),
  merged: nadir('MERGED', 'Merged into another lesion'),
};

/** Every response category the engine can return (workers/domain/result.ts): a new one fails type-checking here. */
export const RESPONSE_CODES: Readonly<Record<ResponseCategory, Code>> = {
  CR: code('C4870', 'NCIt', 'Complete Response'),
  PR: code('C18058', 'NCIt', 'Partial Response'),
  SD: code('C18213', 'NCIt', 'Stable Disease'),
  PD: code('C35571', 'NCIt', 'Progressive Disease'),
  NE: nadir('NE', 'Not evaluable'),
  ND: nadir('ND', 'No such lesions at baseline'),
  'NonCR/NonPD': nadir('NON-CR-NON-PD', 'Non-CR/Non-PD'),
  iCR: nadir('iCR', 'iRECIST complete response'),
  iPR: nadir('iPR', 'iRECIST partial response'),
  iSD: nadir('iSD', 'iRECIST stable disease'),
  iUPD: nadir('iUPD', 'iRECIST unconfirmed progressive disease'),
  iCPD: nadir('iCPD', 'iRECIST confirmed progressive disease'),
  'iNonCR/NonPD': nadir('iNON-CR-NON-PD', 'iRECIST non-CR/non-PD'),
};

/**
 * The criterion of a response: CID 6147 where the standard has one (RECIST 1.1, WHO); the other
 * criteria have no code in CID 6147 (it is extensible), so they get private ones.
 */
export const CRITERION_CODES: Readonly<Record<CriteriaName, Code>> = {
  'RECIST1.1': code('126081', 'DCM', 'RECIST 1.1'),
  WHO: code('112029', 'DCM', 'WHO'),
  EASL: nadir('CRIT-EASL', 'EASL'),
  mRECIST: nadir('CRIT-MRECIST', 'mRECIST'),
  Choi: nadir('CRIT-CHOI', 'Choi'),
  iRECIST: nadir('CRIT-IRECIST', 'iRECIST'),
  vRECIST: nadir('CRIT-VRECIST', 'vRECIST (volumetric)'),
  qEASL: nadir('CRIT-QEASL', 'qEASL (volumetric)'),
};

/**
 * CID 6143 Lesion Response: the target and non-target responses the standard names. A category it
 * does not name (NE, ND, the iRECIST ones) keeps its RESPONSE_CODES code. Non-CR/Non-PD is CID 6143's
 * "incomplete response or stable disease": the engine has no non-target SD it could be confused with.
 */
export const LESION_RESPONSE_CODES: Readonly<Record<'target' | 'nonTarget', Partial<Record<ResponseCategory, Code>>>> = {
  target: {
    CR: code('112041', 'DCM', 'Target Lesion Complete Response'),
    PR: code('112042', 'DCM', 'Target Lesion Partial Response'),
    PD: code('112043', 'DCM', 'Target Lesion Progressive Disease'),
    SD: code('112044', 'DCM', 'Target Lesion Stable Disease'),
  },
  nonTarget: {
    CR: code('112045', 'DCM', 'Non-Target Lesion Complete Response'),
    'NonCR/NonPD': code('112046', 'DCM', 'Non-Target Lesion Incomplete Response or Stable Disease'),
    PD: code('112047', 'DCM', 'Non-Target Lesion Progressive Disease'),
  },
};

export const sameCode = (a: Code | null, b: Code): boolean => a !== null && a.value === b.value && a.scheme === b.scheme;

/** The procedure code for a modality, and back. */
export function procedureCode(modality: string): Code {
  if (modality === 'MR') return CODES.magneticResonanceImaging;
  if (modality === 'CT') return CODES.computedTomography;
  return nadir(`MODALITY-${modality.replace(/[^A-Z0-9]/gi, '').toUpperCase().slice(0, 7) || 'OT'}`, `${modality || 'Other'} imaging`);
}

export function modalityOfProcedure(procedure: Code | null): string | null {
  if (procedure === null) return null;
  if (sameCode(procedure, CODES.computedTomography)) return 'CT';
  if (sameCode(procedure, CODES.magneticResonanceImaging)) return 'MR';
  if (procedure.scheme === PRIVATE_SCHEME.designator && procedure.value.startsWith('MODALITY-')) return procedure.value.slice('MODALITY-'.length);
  return null;
}
