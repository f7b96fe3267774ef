import { CRITERIA_NAMES } from '../../../workers/domain/input';
import type { PatientOutput, ResponseCategory } from '../../../workers/domain/result';
import { timepointLabel, type ImageReference, type LesionDefinition, type Observation, type Point3, type ReadSession } from '../../../workers/read/model';
import { READER_NAME_MESSAGES, readerNameProblem } from '../../../workers/read/readerName';
import { CRITERION_LABELS } from '../../../workers/report/reportModel';
import { CODES, COMPREHENSIVE_3D_SR, CRITERION_CODES, LESION_RESPONSE_CODES, PRIVATE_SCHEME, RESPONSE_CODES, ROLE_CODES, STATUS_CODES, VASCULAR_PATTERN_CODES, procedureCode, sameCode, type Code } from './codes';
import { children, codeItem, codeValueItem, conceptOf, container, item, numItem, textItem, uidItem } from './contentItem';
import { checksumItem } from './items/checksum';
import { readMeasurementReports } from './readMeasurementReports';
import { writePart10, type Dataset } from './dcmjsFacade';
import { writeBidirectional, type WriteContext } from './items/bidirectional';
import { writeVolume, type SegmentReference } from './items/volume';
import { writeProtocol } from './items/protocol';
import { protocolOf } from '../../../workers/read/protocol';
import { findingSiteFor } from './organs';
import { trackingUid } from './uids';

/**
 * Writes one timepoint of a read as a DICOM Comprehensive 3D SR following TID 1500 (Measurement
 * Report): one TID 1501 Measurement Group per lesion recorded at that timepoint, each NUM (TID 300)
 * inferred from a SCOORD3D polyline in patient coordinates and from the IMAGE it was measured on.
 * The structure and the codes are documented in ./README.md.
 */

/** Patient and study modules, copied from the study the SR belongs to (plain data from its headers). */
export interface SrStudyContext {
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: string;
  studyInstanceUid: string;
  /** YYYYMMDD */
  studyDate: string;
  /** HHMMSS[.ffffff] */
  studyTime: string;
  studyId: string;
  accessionNumber: string;
  referringPhysicianName: string;
  studyDescription?: string;
}

/** What the SR needs about a referenced series that the read does not hold. */
export interface SrSeriesInfo {
  sopClassUid: string;
  frameOfReferenceUid: string;
}

export interface WriteMeasurementReportOptions {
  now: Date;
  instanceUids: { series: string; sop: string };
  study: SrStudyContext;
  /** by SeriesInstanceUID, for every series a measurement of this timepoint was made on */
  series: Readonly<Record<string, SrSeriesInfo>>;
  /** root for the lesions' tracking UIDs; 2.25 (UUID-derived) UIDs without it */
  uidRoot?: string;
  /**
   * A point's position on the image it was measured on, as SR image coordinates (column, row; the
   * top left corner of the top left pixel is 0, 0: PS3.3 C.18.6.1.1), or null when unknown. With it,
   * each axis also gets a 2D SCOORD, which viewers that draw on images (OHIF) need.
   */
  pixelPosition?: (image: ImageReference, point: Point3) => readonly [number, number] | null;
  seriesNumber?: number;
  instanceNumber?: number;
  manufacturer?: string;
  softwareVersion?: string;
  /**
   * The reader's signature (workers/read/workflow.ts): the SR is then VERIFIED, with the signer as
   * Verifying Observer and the time of the signature (PS3.3 C.17.2, SR Document General Module).
   */
  verification?: { verifierName: string; at: Date };
  /** by lesion id: the DICOM SEG (in this study) holding the segmentation of the lesion's volume */
  segmentations?: Readonly<Record<string, SegmentReference>>;
}

/** 2.25 + uuidV5('urn:nadir:implementation-class:structured-report'), see ./uids.ts */
export const NADIR_IMPLEMENTATION_CLASS_UID = '2.25.219641205493146504429977062121901469115';
/** 2: standard codes for Couinaud segments (CID 7170), lesion responses (CID 6143) and criteria (CID 6147). */
export const NADIR_IMPLEMENTATION_VERSION = 'NADIR_SR_3';

// ---- content items (./contentItem.ts; a measurement's items are written and read in ./items/) ------

function measurementGroup(session: ReadSession, lesion: LesionDefinition, observation: Observation, timepoint: string, context: WriteContext, uidRoot?: string, segmentation?: SegmentReference): Dataset {
  const uidOf = (lesionId: string) => trackingUid(session.readId, lesionId, uidRoot);
  const site = findingSiteFor(lesion.organ, lesion.isLymphNode);
  const measurements: Dataset[] = [];
  if (observation.status === 'present') {
    if (observation.whole) measurements.push(...writeBidirectional(context, observation.whole, 'whole'));
    if (observation.enhancing.kind === 'measured') measurements.push(...writeBidirectional(context, observation.enhancing.measurement, 'viable'));
    if (observation.meanHU !== null) {
      measurements.push(numItem(CODES.attenuationCoefficient, observation.meanHU, CODES.hounsfieldUnit, [codeValueItem('HAS CONCEPT MOD', CODES.derivation, CODES.mean)]));
    }
    // click-to-measure in 3D (V-1, QE-1)
    if (observation.volume) measurements.push(...writeVolume(observation.volume, segmentation));
  }
  return container(
    'CONTAINS',
    CODES.measurementGroup,
    [
      textItem('HAS OBS CONTEXT', CODES.trackingIdentifier, lesion.label),
      uidItem('HAS OBS CONTEXT', CODES.trackingUniqueIdentifier, uidOf(lesion.id)),
      textItem('HAS OBS CONTEXT', CODES.timePoint, timepoint),
      codeValueItem('CONTAINS', CODES.finding, CODES.neoplasm),
      ...(site ? [codeValueItem('HAS CONCEPT MOD', CODES.findingSite, site)] : []),
      ...measurements,
      codeValueItem('CONTAINS', CODES.lesionStatus, STATUS_CODES[observation.status]),
      ...(observation.status === 'present' && observation.enhancing.kind === 'noEnhancement' ? [codeValueItem('CONTAINS', CODES.viablePart, CODES.noViableTumour)] : []),
      codeValueItem('CONTAINS', CODES.lesionRole, ROLE_CODES[lesion.role]),
      codeValueItem('CONTAINS', CODES.lymphNode, lesion.isLymphNode ? CODES.yes : CODES.no),
      textItem('CONTAINS', CODES.organText, lesion.organ),
      uidItem('CONTAINS', CODES.firstStudy, lesion.firstStudyUid),
      ...(lesion.splitFrom ? [uidItem('CONTAINS', CODES.splitFrom, uidOf(lesion.splitFrom))] : []),
      ...(lesion.vascularPattern ? [codeValueItem('CONTAINS', CODES.vascularPattern, VASCULAR_PATTERN_CODES[lesion.vascularPattern])] : []),
      ...(observation.status === 'merged' ? [uidItem('CONTAINS', CODES.mergedInto, uidOf(observation.mergedInto))] : []),
    ],
    '1501',
  );
}

/** The response under each criterion at this timepoint (none at the baseline). */
function responseItems(output: PatientOutput, timepoint: string): Dataset[] {
  return CRITERIA_NAMES.flatMap((criterion) => {
    const result = output.criteria[criterion]?.timepoints.find((candidate) => candidate.id === timepoint);
    if (!result) return [];
    // An output from outside the type system (an older store, a hand-edited file) may hold a category
    // Nadir has no code for: the SR is not written, rather than record it as something else.
    const response = (value: ResponseCategory): Code => {
      const known = Object.hasOwn(RESPONSE_CODES, value) ? RESPONSE_CODES[value] : undefined;
      if (!known) throw new Error(`${CRITERION_LABELS[criterion]} at ${timepoint}: the response "${String(value)}" is not a category Nadir knows, so no SR was written`);
      return known;
    };
    // CID 6143 codes for the target and non-target responses where it has one, Nadir's own elsewhere
    const lesionResponse = (kind: keyof typeof LESION_RESPONSE_CODES, value: ResponseCategory) => {
      const table = LESION_RESPONSE_CODES[kind];
      return (Object.hasOwn(table, value) ? table[value] : undefined) ?? response(value);
    };
    return [
      codeValueItem('CONTAINS', CODES.overallResponse, response(result.overallResponse), [
        codeValueItem('HAS CONCEPT MOD', CODES.responseEvaluationMethod, CRITERION_CODES[criterion]),
        codeValueItem('HAS PROPERTIES', CODES.targetResponse, lesionResponse('target', result.targetResponse)),
        codeValueItem('HAS PROPERTIES', CODES.nonTargetResponse, lesionResponse('nonTarget', result.nonTargetResponse)),
        codeValueItem('HAS PROPERTIES', CODES.newLesions, result.newLesions ? CODES.yes : CODES.no),
        ...result.reasons.map((reason) => textItem('HAS PROPERTIES', CODES.reason, `${reason.rule}: ${reason.text}`)),
      ]),
    ];
  });
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');
export const dicomDate = (date: Date) => `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
// Milliseconds too: a read stored twice within a second must still tell its newer reports from the older.
export const dicomTime = (date: Date) => `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`;

/**
 * The reader's name as PN. The name ("Dr Jane Doe") goes whole into the family-name component with an
 * explicit `^`: without it, a PN with spaces reads as the retired free-text form (dciodvfy warns).
 * readMeasurementReports undoes it. Names are checked where they are typed (workers/read/readerName.ts);
 * a name stored before that check that is already in PN form ("Reader^Rita") is written as it is if
 * each component fits. Anything else is refused rather than cut or split.
 */
export function personNameOf(readerName: string): string {
  if (readerName === '') return '';
  const components = readerName.split('^');
  const problem = components.length > 5 ? 'delimiter' : components.map(readerNameProblem).find((found) => found !== null && found !== 'empty');
  if (problem) throw new Error(`the reader name "${readerName}" cannot be written as a DICOM person name: ${READER_NAME_MESSAGES[problem]}`);
  return components.length > 1 ? readerName : `${readerName}^`;
}

export const VERIFYING_ORGANIZATION_UNKNOWN = 'not recorded';

/** VERIFIED with its Verifying Observer Sequence for a signed read; UNVERIFIED otherwise. */
export function verificationOf(verification: WriteMeasurementReportOptions['verification']): Dataset {
  if (!verification) return { VerificationFlag: 'UNVERIFIED' };
  return {
    VerificationFlag: 'VERIFIED',
    VerifyingObserverSequence: [
      {
        VerifyingObserverName: personNameOf(verification.verifierName),
        // Type 2: Nadir knows no identifier of its readers
        VerifyingObserverIdentificationCodeSequence: [],
        // Type 1, but Nadir asks readers for no organisation yet: said so rather than made up
        VerifyingOrganization: VERIFYING_ORGANIZATION_UNKNOWN,
        VerificationDateTime: `${dicomDate(verification.at)}${dicomTime(verification.at)}+0000`,
      },
    ],
  };
}

/**
 * SOP Common (UTF-8, the private coding scheme declared), Patient and General Study copied from the
 * study: the start of every SR Nadir writes (measurement reports, adjudications).
 */
export function srInstanceHeader(sopClassUid: string, sopInstanceUid: string, now: Date, study: SrStudyContext): Dataset {
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: sopClassUid,
    SOPInstanceUID: sopInstanceUid,
    InstanceCreationDate: dicomDate(now),
    InstanceCreationTime: dicomTime(now),
    TimezoneOffsetFromUTC: '+0000',
    CodingSchemeIdentificationSequence: [
      { CodingSchemeDesignator: PRIVATE_SCHEME.designator, CodingSchemeName: PRIVATE_SCHEME.name, CodingSchemeResponsibleOrganization: PRIVATE_SCHEME.responsibleOrganization },
    ],
    PatientName: study.patientName,
    PatientID: study.patientId,
    PatientBirthDate: study.patientBirthDate,
    PatientSex: study.patientSex,
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: study.studyDate,
    StudyTime: study.studyTime,
    StudyID: study.studyId,
    AccessionNumber: study.accessionNumber,
    ReferringPhysicianName: study.referringPhysicianName,
    ...(study.studyDescription ? { StudyDescription: study.studyDescription } : {}),
  };
}

/** Builds the naturalized SR dataset (exported for tests and for callers that add attributes). */
export function measurementReportDataset(session: ReadSession, output: PatientOutput, studyUid: string, options: WriteMeasurementReportOptions): Dataset {
  const timepoint = session.timepoints.find((candidate) => candidate.studyInstanceUid === studyUid);
  if (!timepoint) throw new Error(`study ${studyUid} is not a timepoint of read ${session.readId}`);
  if (options.study.studyInstanceUid !== studyUid) throw new Error('the study context is not the study of the report');
  const label = timepointLabel(session, studyUid);
  const context: WriteContext = {
    series: options.series,
    pixelPosition: options.pixelPosition,
    referenced: new Map(),
    frameOfReference: (image) => {
      const info = options.series[image.seriesInstanceUid];
      if (!info) throw new Error(`no SOP class / frame of reference given for series ${image.seriesInstanceUid}`);
      return info.frameOfReferenceUid;
    },
  };
  const byLesion = session.observations[studyUid] ?? {};
  const groups = session.lesions.flatMap((lesion) => {
    const observation = byLesion[lesion.id];
    return observation ? [measurementGroup(session, lesion, observation, label, context, options.uidRoot, options.segmentations?.[lesion.id])] : [];
  });
  const responses = responseItems(output, label);
  const referenced = [...context.referenced.values()];
  const bySeries = new Map<string, typeof referenced>();
  for (const image of referenced) bySeries.set(image.seriesInstanceUid, [...(bySeries.get(image.seriesInstanceUid) ?? []), image]);
  const uniqueSops = (images: typeof referenced) => [...new Map(images.map((image) => [image.sopInstanceUid, image])).values()];
  const evidenceByStudy = new Map<string, Dataset[]>();
  for (const [seriesUid, images] of bySeries) {
    const studyOfSeries = images[0]!.studyInstanceUid;
    const entry: Dataset = {
      SeriesInstanceUID: seriesUid,
      ReferencedSOPSequence: uniqueSops(images).map((image) => ({ ReferencedSOPClassUID: image.sopClassUid, ReferencedSOPInstanceUID: image.sopInstanceUid })),
    };
    evidenceByStudy.set(studyOfSeries, [...(evidenceByStudy.get(studyOfSeries) ?? []), entry]);
  }
  // the SEGs the volumes reference, stored in this study
  const segs = [...new Map(Object.values(options.segmentations ?? {}).map((seg) => [seg.sopInstanceUid, seg])).values()];
  for (const seriesUid of new Set(segs.map((seg) => seg.seriesInstanceUid))) {
    const entry: Dataset = { SeriesInstanceUID: seriesUid, ReferencedSOPSequence: segs.filter((seg) => seg.seriesInstanceUid === seriesUid).map((seg) => ({ ReferencedSOPClassUID: seg.sopClassUid, ReferencedSOPInstanceUID: seg.sopInstanceUid })) };
    evidenceByStudy.set(studyUid, [...(evidenceByStudy.get(studyUid) ?? []), entry]);
  }
  const evidence = [...evidenceByStudy].map(([studyInstanceUid, series]) => ({ StudyInstanceUID: studyInstanceUid, ReferencedSeriesSequence: series }));
  const { study, now } = options;
  return {
    ...srInstanceHeader(COMPREHENSIVE_3D_SR, options.instanceUids.sop, now, study),
    // SR Document Series, General Equipment
    Modality: 'SR',
    SeriesInstanceUID: options.instanceUids.series,
    SeriesNumber: String(options.seriesNumber ?? 9001),
    SeriesDescription: `Nadir measurement report ${label}`,
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: options.manufacturer ?? 'Nadir',
    // the implementation version in the data set too, where a tool that re-writes the file keeps it:
    // a report of a sealing version without its checksum then lost it (items/checksum.ts)
    SoftwareVersions: [...(options.softwareVersion ? [options.softwareVersion] : []), NADIR_IMPLEMENTATION_VERSION],
    // SR Document General
    InstanceNumber: String(options.instanceNumber ?? 1),
    ContentDate: dicomDate(now),
    ContentTime: dicomTime(now),
    CompletionFlag: 'COMPLETE',
    ...verificationOf(options.verification),
    PerformedProcedureCodeSequence: [],
    ...(evidence.length > 0 ? { CurrentRequestedProcedureEvidenceSequence: evidence } : {}),
    // SR Document Content: TID 1500
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(CODES.measurementReport)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: [
      codeValueItem('HAS CONCEPT MOD', CODES.language, CODES.englishUS),
      codeValueItem('HAS OBS CONTEXT', CODES.observerType, CODES.person),
      item('HAS OBS CONTEXT', 'PNAME', CODES.personObserverName, { PersonName: personNameOf(session.readerName) }),
      codeValueItem('HAS CONCEPT MOD', CODES.procedureReported, procedureCode(timepoint.modality)),
      ...(referenced.length > 0
        ? [
            container('CONTAINS', CODES.imageLibrary, [
              container(
                'CONTAINS',
                CODES.imageLibraryGroup,
                uniqueSops(referenced).map((image) =>
                  item('CONTAINS', 'IMAGE', null, { ReferencedSOPSequence: [{ ReferencedSOPClassUID: image.sopClassUid, ReferencedSOPInstanceUID: image.sopInstanceUid }] }),
                ),
              ),
            ]),
          ]
        : []),
      container('CONTAINS', CODES.imagingMeasurements, groups),
      container('CONTAINS', CODES.qualitativeEvaluations, [
        // TID 1500 allows only CODE and TEXT here: the slice thickness (mm) goes as text
        ...(timepoint.sliceThicknessMm !== null ? [textItem('CONTAINS', CODES.sliceThickness, String(timepoint.sliceThicknessMm))] : []),
        // the protocol settings the responses were computed with (issue 15 §4)
        ...writeProtocol(protocolOf(session)),
        ...responses,
      ]),
    ],
  };
}

/**
 * A report's dataset as Part 10 bytes (Explicit VR Little Endian), sealed with its content checksum
 * (items/checksum.ts): written once, read back as an import reads it, and written again with the
 * checksum of what was read, so that the checksum covers exactly what an import would bring in.
 */
export function writeSealedReport(dataset: Dataset): ArrayBuffer {
  const meta = { implementationClassUid: NADIR_IMPLEMENTATION_CLASS_UID, implementationVersionName: NADIR_IMPLEMENTATION_VERSION };
  const recorded = readMeasurementReports([writePart10(dataset, meta)]).recorded[0];
  if (!recorded) throw new Error('the report written cannot be read back as a measurement report');
  const sealed = children(dataset).map((entry) =>
    sameCode(conceptOf(entry), CODES.qualitativeEvaluations) ? { ...entry, ContentSequence: [...children(entry), checksumItem(recorded.seal.computed)] } : entry,
  );
  return writePart10({ ...dataset, ContentSequence: sealed }, meta);
}

/** The SR of one timepoint of a read, sealed, as Part 10 bytes. */
export function writeMeasurementReport(session: ReadSession, output: PatientOutput, studyUid: string, options: WriteMeasurementReportOptions): ArrayBuffer {
  return writeSealedReport(measurementReportDataset(session, output, studyUid, options));
}
