import { CRITERIA_NAMES, type CriteriaName, type LesionRole } from '../../../workers/domain/input';
import type { EnhancingPart, LesionDefinition, Observation, ObservationStatus, ReadSession, TimepointRef, VascularPattern } from '../../../workers/read/model';
import { CODES, COMPREHENSIVE_3D_SR, COMPREHENSIVE_SR, CRITERION_CODES, PRIVATE_SCHEME, RESPONSE_CODES, ROLE_CODES, STATUS_CODES, VASCULAR_PATTERN_CODES, modalityOfProcedure, sameCode, type Code } from './codes';

const RECORDED_RESPONSES = Object.values(RESPONSE_CODES);
/** Every concept under the qualitative evaluations as writeMeasurementReport writes them. */
const EVALUATION_CONCEPTS: readonly Code[] = [CODES.sliceThickness, ...PROTOCOL_CONCEPTS, CODES.overallResponse, READ_PURPOSE_CONCEPT, CONTENT_CHECKSUM_CONCEPT];
/** The containers at the top of a TID 1500 report as writeMeasurementReport writes them (TID 1500 rows 5, 6, 12). */
const ROOT_CONTAINERS: readonly Code[] = [CODES.imageLibrary, CODES.imagingMeasurements, CODES.qualitativeEvaluations];
/** Every concept of a measurement group as writeMeasurementReport writes it. */
const GROUP_CONCEPTS: readonly Code[] = [
  CODES.trackingIdentifier, CODES.trackingUniqueIdentifier, CODES.timePoint, CODES.finding, CODES.findingSite,
  CODES.longAxis, CODES.shortAxis, CODES.viableLongAxis, CODES.viableShortAxis, CODES.attenuationCoefficient,
  ...VOLUME_CONCEPTS,
  CODES.lesionStatus, CODES.viablePart, CODES.lesionRole, CODES.lymphNode, CODES.organText, CODES.firstStudy,
  CODES.splitFrom, CODES.vascularPattern, CODES.mergedInto,
];
import { describeProblem } from '../fileProblems';
import { FileProblemError, rawNumber, readPart10, sequence, text, type Dataset } from './dcmjsFacade';
import { isDicomUid } from './uids';
import { childCode, childText, childUid, children, codeOf, codeValueOf, conceptOf, find, keyOf, numValueOf, valueType, type SrProblem } from './contentItem';
import { readBidirectional, type ReadContext } from './items/bidirectional';
import { valueRepresentationProblems } from './valueRepresentations';
import { readSegmentReference, readVolume, VOLUME_CONCEPTS, type RecordedSegmentation } from './items/volume';
import { PROTOCOL_CONCEPTS, protocolOfRecord, recordProtocol, type RecordedProtocol } from './items/protocol';
import type { ReadProtocol } from '../../../workers/read/protocol';
import { READ_PURPOSE_CONCEPT, readPurposeOf, type ReadPurpose } from './items/reference';
import { CONTENT_CHECKSUM_CONCEPT, SEALING_VERSIONS, checksumOf, storedChecksum } from './items/checksum';

/**
 * Reads Nadir measurement reports (./writeMeasurementReport.ts) back into lesions and observations.
 * Lesion identity across the SRs of different timepoints is the Tracking Unique Identifier; a restored
 * lesion's id is that UID. Anything unexpected is reported as a problem, never thrown.
 */

export interface ImportedLesion {
  trackingUid: string;
  label: string;
  role: LesionRole;
  organ: string;
  findingSite: Code | null;
  isLymphNode: boolean;
  firstStudyUid: string;
  /** tracking UID of the parent, for a fragment of a split lesion */
  splitFromTrackingUid: string | null;
  vascularPattern: VascularPattern | null;
}

export interface ImportedStudy {
  studyInstanceUid: string;
  /** YYYY-MM-DD */
  date: string;
  modality: string | null;
  sliceThicknessMm: number | null;
  /** the Time Point (BL, FU1, ...) the SR was written for */
  timepoint: string | null;
  readerName: string | null;
  srSopInstanceUid: string | null;
  srSeriesInstanceUid: string | null;
  srSopClassUid: string | null;
  /** the Verifying Observer of a VERIFIED report (a signed read, issue 15 §1); null when unverified */
  verifiedBy: string | null;
  /** when the SR's content was written, YYYY-MM-DDTHH:MM:SS ('' when the SR does not say) */
  contentDateTime: string;
  /** written by Nadir (its coding scheme is declared): another tool's TID 1500 report is not a Nadir read */
  writtenByNadir: boolean;
  patientId: string | null;
  /** DICOM PN */
  patientName: string | null;
  /** by tracking UID; `mergedInto` holds a tracking UID */
  observations: Record<string, Observation>;
  /**
   * by tracking UID: the DICOM SEG a lesion's volume was segmented in, as the report references it
   * (its mask is read from the SEG when that is at hand: ../seg/importSegmentations.ts)
   */
  segmentations: Record<string, RecordedSegmentation>;
  /** overall response per criterion as written (response code value, e.g. C35571 or iUPD) */
  responses: Partial<Record<CriteriaName, Code>>;
  /** the protocol settings the responses were computed with; null when not written (an older SR) or damaged (./srChecks.ts names it) */
  protocol: ReadProtocol | null;
  /** the file (index among those read) the study's report came from; the first when reported twice */
  file: number;
  /** a teaching read (a case's reference, a learner's quiz read: items/reference.ts); null for an ordinary read */
  purpose: ReadPurpose | null;
}

/** A NUM content item as written, before anything is concluded from it (for ./srChecks.ts). */
export interface RecordedNum {
  concept: 'longAxis' | 'shortAxis' | 'viableLongAxis' | 'viableShortAxis' | 'attenuation' | 'volume' | 'viableVolume' | 'segmentedSlices' | 'other';
  /** Floating Point Value (FD), as stored (not finite included); null when absent */
  floatValue: number | null;
  /** Numeric Value (DS) parsed, NaN when not a number; null when absent */
  decimalValue: number | null;
  unit: Code | null;
}

/** A measurement group as written. */
export interface RecordedGroup {
  trackingUid: string | null;
  label: string | null;
  status: ObservationStatus | null;
  nums: RecordedNum[];
}

/** What one file held, for the checks that look past what was imported (./srChecks.ts). */
export interface RecordedReport {
  file: number;
  studyInstanceUid: string;
  writtenByNadir: boolean;
  patientId: string | null;
  patientName: string | null;
  groups: RecordedGroup[];
  /** the protocol settings as written, setting by setting */
  protocol: RecordedProtocol;
  /** the content checksum written with the report (null: none) and the one its content, as read, has */
  seal: ReportSeal;
}

export interface ReportSeal {
  stored: string | null;
  computed: string;
}

export type { SrProblem } from './contentItem';

export interface ImportedReports {
  lesions: ImportedLesion[];
  studies: ImportedStudy[];
  problems: SrProblem[];
  /** every readable TID 1500 file, as written */
  recorded: RecordedReport[];
}

// ---- content-tree helpers (./contentItem.ts) -------------------------------------------------------

/** Undoes writeMeasurementReport's personNameOf: "Dr Jane Doe^" → "Dr Jane Doe"; other names as written. */
const readerNameOf = (personName: string | null): string | null =>
  personName !== null && personName.indexOf('^') === personName.length - 1 ? personName.slice(0, -1) : personName;

/** The first Verifying Observer's name of a VERIFIED report, as the reader typed it; null otherwise. */
function verifierOf(dataset: Dataset): string | null {
  if (text(dataset, 'VerificationFlag') !== 'VERIFIED') return null;
  const verifier = sequence(dataset, 'VerifyingObserverSequence')[0];
  return verifier ? readerNameOf(text(verifier, 'VerifyingObserverName')) : null;
}

const isoDate = (dicomDate: string | null) => (dicomDate && /^\d{8}$/.test(dicomDate) ? `${dicomDate.slice(0, 4)}-${dicomDate.slice(4, 6)}-${dicomDate.slice(6, 8)}` : '');

const isoDateTime = (dicomDate: string | null, dicomTime: string | null) => {
  const date = isoDate(dicomDate);
  const time = /^(\d{2})(\d{2})(\d{2})(\.\d{1,6})?/.exec(dicomTime ?? '');
  return date && time ? `${date}T${time[1]}:${time[2]}:${time[3]}${(time[4] ?? '').padEnd(time[4] ? 7 : 0, '0')}` : date;
};

/**
 * The criterion of a recorded response: coded (CID 6147 or Nadir's code, as written now), or the TEXT
 * Nadir wrote before ("RECIST 1.1", "WHO", ...), so that reads stored then still import.
 */
function criterionOf(items: Dataset[]): CriteriaName | undefined {
  const coded = keyOf(CRITERION_CODES, childCode(items, CODES.responseEvaluationMethod));
  if (coded) return coded;
  const label = childText(items, CODES.responseCriteriaText);
  return CRITERIA_NAMES.find((name) => name === label || name === label?.replace(' ', ''));
}

// ---- reading one file ----------------------------------------------------------------------------

interface FileContext extends ReadContext {
  groups: RecordedGroup[];
}

interface ReadGroup {
  lesion: ImportedLesion;
  observation: Observation;
  segmentation: RecordedSegmentation | null;
}

const NUM_CONCEPTS = [
  ['longAxis', CODES.longAxis],
  ['shortAxis', CODES.shortAxis],
  ['viableLongAxis', CODES.viableLongAxis],
  ['viableShortAxis', CODES.viableShortAxis],
  ['attenuation', CODES.attenuationCoefficient],
  ['volume', CODES.volume],
  ['viableVolume', CODES.viableVolume],
  ['segmentedSlices', CODES.segmentedSlices],
] as const;

function recordNum(num: Dataset): RecordedNum {
  const concept = conceptOf(num);
  const measured = sequence(num, 'MeasuredValueSequence')[0];
  const decimal = measured ? text(measured, 'NumericValue') : null;
  return {
    concept: NUM_CONCEPTS.find(([, code]) => sameCode(concept, code))?.[0] ?? 'other',
    floatValue: measured ? rawNumber(measured, 'FloatingPointValue') : null,
    decimalValue: decimal === null || decimal.trim() === '' ? null : Number(decimal),
    unit: measured ? codeOf(sequence(measured, 'MeasurementUnitsCodeSequence')[0]) : null,
  };
}

function recordGroup(items: Dataset[]): RecordedGroup {
  return {
    trackingUid: childUid(items, CODES.trackingUniqueIdentifier),
    label: childText(items, CODES.trackingIdentifier),
    status: keyOf(STATUS_CODES, childCode(items, CODES.lesionStatus)),
    nums: items.filter((item) => valueType(item) === 'NUM').map(recordNum),
  };
}

function readGroup(group: Dataset, context: FileContext): ReadGroup | null {
  const items = children(group);
  context.groups.push(recordGroup(items));
  const trackingUid = childUid(items, CODES.trackingUniqueIdentifier);
  const label = childText(items, CODES.trackingIdentifier);
  if (!trackingUid || label === null || !isDicomUid(trackingUid)) {
    context.problems.push({ file: context.file, message: 'a measurement group has no tracking identifier or no valid tracking unique identifier' });
    return null;
  }
  const role = keyOf(ROLE_CODES, childCode(items, CODES.lesionRole));
  const status: ObservationStatus | null = keyOf(STATUS_CODES, childCode(items, CODES.lesionStatus));
  if (!role || !status) {
    context.problems.push({ file: context.file, message: `lesion ${label}: no Nadir lesion role or status (not a Nadir SR?)` });
    return null;
  }
  // A measurement group holds only the concepts Nadir writes: an item under another concept is a
  // damaged code, and reading on without it would drop what it held (a site, a measurement) silently.
  const unknown = items.filter((item) => !GROUP_CONCEPTS.some((concept) => sameCode(conceptOf(item), concept)));
  if (unknown.length > 0) {
    context.problems.push({ file: context.file, message: `lesion ${label}: ${unknown.length === 1 ? 'an item' : `${unknown.length} items`} under a concept Nadir does not write (a damaged code)` });
    return null;
  }
  // a coded value whose code cannot be read (no value or no scheme) would read as absent: a site, a pattern lost
  const unreadable = items.filter((item) => valueType(item) === 'CODE' && codeValueOf(item) === null);
  const pattern = find(items, CODES.vascularPattern);
  const unknownPattern = pattern !== undefined && keyOf(VASCULAR_PATTERN_CODES, codeValueOf(pattern)) === null;
  if (unreadable.length > 0 || unknownPattern) {
    context.problems.push({ file: context.file, message: `lesion ${label}: ${unreadable.length > 0 ? `${unreadable.length === 1 ? 'a coded value' : `${unreadable.length} coded values`} cannot be read` : 'the vascular pattern is not a code Nadir writes'} (a damaged code)` });
    return null;
  }
  // Nadir writes these for every lesion: one missing or unreadable (a damaged code) would change the
  // lesion silently (a node read as not a node, a baseline lesion as first seen at this study).
  const lymphNode = childCode(items, CODES.lymphNode);
  const firstStudyUid = childUid(items, CODES.firstStudy);
  const organ = childText(items, CODES.organText);
  const missing = [
    ...(lymphNode === null || !(sameCode(lymphNode, CODES.yes) || sameCode(lymphNode, CODES.no)) ? ['whether it is a lymph node'] : []),
    ...(firstStudyUid === null ? ['the study it was first recorded in'] : []),
    ...(organ === null ? ['its site'] : []),
  ];
  if (missing.length > 0 || firstStudyUid === null || organ === null) {
    context.problems.push({ file: context.file, message: `lesion ${label}: ${missing.join(', ')} is missing or not a code Nadir writes` });
    return null;
  }
  const nums = items.filter((item) => valueType(item) === 'NUM');
  const lesion: ImportedLesion = {
    trackingUid,
    label,
    role,
    organ,
    findingSite: childCode(items, CODES.findingSite),
    isLymphNode: sameCode(lymphNode, CODES.yes),
    firstStudyUid,
    splitFromTrackingUid: childUid(items, CODES.splitFrom),
    vascularPattern: keyOf(VASCULAR_PATTERN_CODES, childCode(items, CODES.vascularPattern)),
  };
  let observation: Observation;
  let segmentation: RecordedSegmentation | null = null;
  if (status === 'present') {
    const whole = readBidirectional(nums, 'whole', label, context);
    const viable = readBidirectional(nums, 'viable', label, context);
    const noViable = childCode(items, CODES.viablePart);
    const enhancing: EnhancingPart = viable
      ? { kind: 'measured', measurement: viable }
      : noViable && sameCode(noViable, CODES.noViableTumour)
        ? { kind: 'noEnhancement' }
        : { kind: 'notMeasured' };
    const meanHU = numValueOf(find(nums, CODES.attenuationCoefficient));
    const volume = readVolume(nums);
    observation = volume ? { status, whole, enhancing, meanHU, volume } : { status, whole, enhancing, meanHU };
    segmentation = readSegmentReference(items, (sop) => context.evidence.get(sop)?.series ?? null);
  } else if (status === 'merged') {
    const into = childUid(items, CODES.mergedInto);
    if (!into) {
      context.problems.push({ file: context.file, message: `lesion ${label}: merged, but into which lesion is not recorded` });
      return null;
    }
    observation = { status, mergedInto: into };
  } else {
    observation = { status };
  }
  return { lesion, observation, segmentation };
}

function readFile(buffer: ArrayBuffer, file: number, problems: SrProblem[]): { study: ImportedStudy; lesions: ImportedLesion[]; recorded: RecordedReport } | null {
  let dataset: Dataset;
  try {
    dataset = readPart10(buffer);
  } catch (error) {
    // The closed set of file problems, never dcmjs's or JavaScript's own words.
    const problem = error instanceof FileProblemError ? error.problem : { code: 'malformed' as const, detail: 'its structure cannot be read' };
    problems.push({ file, message: describeProblem(problem) });
    return null;
  }
  const sopClass = text(dataset, 'SOPClassUID');
  const template = text(sequence(dataset, 'ContentTemplateSequence')[0] ?? {}, 'TemplateIdentifier');
  if ((sopClass !== COMPREHENSIVE_3D_SR && sopClass !== COMPREHENSIVE_SR) || !sameCode(conceptOf(dataset), CODES.measurementReport) || template !== '1500') {
    problems.push({ file, message: 'not a TID 1500 measurement report in a Comprehensive (3D) SR' });
    return null;
  }
  for (const problem of valueRepresentationProblems(dataset)) problems.push({ file, message: `${problem}: the item holding it is not as written` });
  const studyUid = text(dataset, 'StudyInstanceUID') ?? '';
  const evidence = new Map<string, { study: string; series: string }>();
  for (const list of ['CurrentRequestedProcedureEvidenceSequence', 'PertinentOtherEvidenceSequence']) {
    for (const study of sequence(dataset, list)) {
      for (const series of sequence(study, 'ReferencedSeriesSequence')) {
        for (const sop of sequence(series, 'ReferencedSOPSequence')) {
          evidence.set(text(sop, 'ReferencedSOPInstanceUID') ?? '', { study: text(study, 'StudyInstanceUID') ?? '', series: text(series, 'SeriesInstanceUID') ?? '' });
        }
      }
    }
  }
  const context: FileContext = { file, studyUid, evidence, problems, groups: [] };
  const root = children(dataset);
  // a top-level container under a damaged concept hides its whole content (every lesion of the report)
  const unknownContainers = root.filter((item) => valueType(item) === 'CONTAINER' && !ROOT_CONTAINERS.some((concept) => sameCode(conceptOf(item), concept)));
  if (unknownContainers.length > 0) problems.push({ file, message: `${unknownContainers.length} container(s) at the top of the report are under a concept Nadir does not write (a damaged code): their content is not read` });
  const measurements = find(root, CODES.imagingMeasurements);
  const measurementItems = measurements ? children(measurements) : [];
  const groups = measurementItems.filter((item) => sameCode(conceptOf(item), CODES.measurementGroup));
  // a group whose concept is damaged would drop a whole lesion without a word
  if (groups.length < measurementItems.length) problems.push({ file, message: `${measurementItems.length - groups.length} item(s) among the measurements are not measurement groups (a damaged code)` });
  const read = groups.flatMap((group) => {
    const result = readGroup(group, context);
    return result ? [result] : [];
  });
  const timepoint = groups.length > 0 ? childText(children(groups[0]!), CODES.timePoint) : null;
  const qualitative = find(root, CODES.qualitativeEvaluations);
  const evaluations = qualitative ? children(qualitative) : [];
  const unknownEvaluations = evaluations.filter((item) => !EVALUATION_CONCEPTS.some((concept) => sameCode(conceptOf(item), concept)));
  if (unknownEvaluations.length > 0) problems.push({ file, message: `${unknownEvaluations.length} item(s) among the evaluations are under a concept Nadir does not write (a damaged code)` });
  const thickness = childText(evaluations, CODES.sliceThickness);
  const protocol = recordProtocol(evaluations);
  const responses: Partial<Record<CriteriaName, Code>> = {};
  for (const evaluation of evaluations.filter((item) => sameCode(conceptOf(item), CODES.overallResponse))) {
    const criterion = criterionOf(children(evaluation));
    const response = codeValueOf(evaluation);
    // the verdicts are recomputed from the lesions, but a recorded one that cannot be read is named, not dropped
    if (!criterion || !response || !RECORDED_RESPONSES.some((code) => sameCode(code, response))) {
      problems.push({ file, message: `a recorded response${criterion ? ` under ${criterion}` : ''} is not one Nadir writes (a damaged code or criterion)` });
      continue;
    }
    responses[criterion] = response;
  }
  const observer = find(root, CODES.personObserverName);
  const writtenByNadir = sequence(dataset, 'CodingSchemeIdentificationSequence').some((scheme) => text(scheme, 'CodingSchemeDesignator') === PRIVATE_SCHEME.designator);
  const patientId = text(dataset, 'PatientID');
  const patientName = text(dataset, 'PatientName');
  const lesions = read.map((entry) => entry.lesion);
  const study: ImportedStudy = {
    studyInstanceUid: studyUid,
    date: isoDate(text(dataset, 'StudyDate')),
    modality: modalityOfProcedure(childCode(root, CODES.procedureReported)),
    sliceThicknessMm: thickness !== null && Number.isFinite(Number(thickness)) ? Number(thickness) : null,
    timepoint,
    readerName: observer ? readerNameOf(text(observer, 'PersonName')) : null,
    srSopInstanceUid: text(dataset, 'SOPInstanceUID'),
    srSeriesInstanceUid: text(dataset, 'SeriesInstanceUID'),
    srSopClassUid: text(dataset, 'SOPClassUID'),
    verifiedBy: verifierOf(dataset),
    contentDateTime: isoDateTime(text(dataset, 'ContentDate'), text(dataset, 'ContentTime')),
    writtenByNadir,
    patientId,
    patientName,
    observations: Object.fromEntries(read.map((entry) => [entry.lesion.trackingUid, entry.observation])),
    segmentations: Object.fromEntries(read.flatMap((entry) => (entry.segmentation ? [[entry.lesion.trackingUid, entry.segmentation]] : []))),
    responses,
    protocol: protocolOfRecord(protocol),
    file,
    purpose: readPurposeOf(evaluations),
  };
  const seal = { stored: storedChecksum(evaluations), computed: checksumOf(sealedContent(lesions, study, context.groups, protocol)) };
  checkSeal(seal, dataset, file, problems);
  return {
    recorded: { file, studyInstanceUid: studyUid, writtenByNadir, patientId, patientName, groups: context.groups, protocol, seal },
    lesions,
    study,
  };
}

/**
 * What the content checksum covers (items/checksum.ts): everything the report brings into a read, as
 * read, without what only names the file (its UIDs, content date, index among the files chosen) and
 * the patient (checked on its own against the patient open, and replaced by de-identification).
 */
function sealedContent(lesions: ImportedLesion[], study: ImportedStudy, groups: RecordedGroup[], protocol: RecordedProtocol): string {
  // nor the segmentations' references: reports were sealed without them before they were read back,
  // and what they bring in (a mask) is checked against the SEG and its series instead
  const { srSopInstanceUid: _sop, srSeriesInstanceUid: _series, srSopClassUid: _class, contentDateTime: _written, writtenByNadir: _nadir, patientId: _id, patientName: _name, file: _file, segmentations: _segmentations, ...content } = study;
  return JSON.stringify({ lesions, study: content, groups, protocol });
}

function checkSeal(seal: ReportSeal, dataset: Dataset, file: number, problems: SrProblem[]): void {
  if (seal.stored !== null && seal.stored !== seal.computed) {
    problems.push({ file, message: "its content does not match the checksum Nadir sealed it with: it was changed after it was written (a damaged or edited file)" });
  }
  const meta = (dataset['_fileMeta'] as Dataset | undefined) ?? {};
  const versions = [text(meta, 'ImplementationVersionName'), ...[dataset['SoftwareVersions']].flat()].filter((value): value is string => typeof value === 'string');
  if (seal.stored === null && versions.some((version) => SEALING_VERSIONS.includes(version.trim()))) {
    problems.push({ file, message: 'the checksum Nadir seals its reports with is missing: the content may have been changed after it was written' });
  }
}

/** A content tree odd enough to throw (values of unexpected types) is a problem of its file, not an exception. */
function readFileSafely(buffer: ArrayBuffer, file: number, problems: SrProblem[]): ReturnType<typeof readFile> {
  try {
    return readFile(buffer, file, problems);
  } catch {
    problems.push({ file, message: describeProblem({ code: 'malformed', detail: 'its SR content tree cannot be read' }) });
    return null;
  }
}

const sameLesion = (a: ImportedLesion, b: ImportedLesion) =>
  a.label === b.label && a.role === b.role && a.organ === b.organ && a.isLymphNode === b.isLymphNode && a.firstStudyUid === b.firstStudyUid && a.splitFromTrackingUid === b.splitFromTrackingUid && a.vascularPattern === b.vascularPattern;

/** Reads one or more Nadir SRs (typically one per timepoint of a read). */
export function readMeasurementReports(files: readonly ArrayBuffer[]): ImportedReports {
  const problems: SrProblem[] = [];
  const lesions = new Map<string, ImportedLesion>();
  const studies = new Map<string, ImportedStudy>();
  const recorded: RecordedReport[] = [];
  files.forEach((buffer, file) => {
    const result = readFileSafely(buffer, file, problems);
    if (!result) return;
    recorded.push(result.recorded);
    for (const lesion of result.lesions) {
      const known = lesions.get(lesion.trackingUid);
      if (!known) lesions.set(lesion.trackingUid, lesion);
      else if (!sameLesion(known, lesion)) problems.push({ file, message: `lesion ${lesion.label} (${lesion.trackingUid}) is defined differently in another report; the first definition is kept` });
    }
    const known = studies.get(result.study.studyInstanceUid);
    if (known) {
      problems.push({ file, message: `study ${result.study.studyInstanceUid} is reported twice; its observations are merged` });
      known.observations = { ...known.observations, ...result.study.observations };
      known.segmentations = { ...known.segmentations, ...result.study.segmentations };
    } else studies.set(result.study.studyInstanceUid, result.study);
  });
  const ordered = [...studies.values()].sort((a, b) => a.date.localeCompare(b.date));
  return { lesions: [...lesions.values()], studies: ordered, problems, recorded };
}

/** A read session rebuilt from imported reports; lesion ids are the tracking UIDs. */
export function sessionFromReports(
  imported: ImportedReports,
  base: { readId: string; createdAt: string; criteria: CriteriaName[]; patientId?: string; patientName?: string; readerName?: string },
): ReadSession {
  const timepoints: TimepointRef[] = imported.studies.map((study) => ({
    studyInstanceUid: study.studyInstanceUid,
    date: study.date,
    modality: study.modality ?? '',
    sliceThicknessMm: study.sliceThicknessMm,
  }));
  const protocol = imported.studies.findLast((study) => study.protocol !== null)?.protocol;
  const lesions: LesionDefinition[] = imported.lesions.map((lesion) => ({
    id: lesion.trackingUid,
    label: lesion.label,
    role: lesion.role,
    organ: lesion.organ,
    isLymphNode: lesion.isLymphNode,
    firstStudyUid: lesion.firstStudyUid,
    splitFrom: lesion.splitFromTrackingUid,
    ...(lesion.vascularPattern ? { vascularPattern: lesion.vascularPattern } : {}),
  }));
  return {
    schemaVersion: 1,
    readId: base.readId,
    patientId: base.patientId ?? imported.studies.find((study) => study.patientId)?.patientId ?? '',
    patientName: base.patientName ?? imported.studies.find((study) => study.patientName)?.patientName ?? '',
    readerName: base.readerName ?? imported.studies.find((study) => study.readerName)?.readerName ?? '',
    createdAt: base.createdAt,
    timepoints,
    lesions,
    observations: Object.fromEntries(imported.studies.map((study) => [study.studyInstanceUid, study.observations])),
    criteria: base.criteria,
    // the settings of the newest report that records them (./srChecks.ts names reports that disagree);
    // none when no report does: the read keeps its own, a new one takes the defaults
    ...(protocol ? { protocol } : {}),
  };
}
