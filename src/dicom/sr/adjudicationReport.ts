import { CRITERIA_NAMES, type CriteriaName } from '../../../workers/domain/input';
import type { ResponseCategory } from '../../../workers/domain/result';
import type { Adjudication, AdjudicatedCriterion } from '../../../workers/adjudicate/adjudication';
import { READ_KEYS, type Pair, type ReadKey, type Response } from '../../../workers/adjudicate/compareReads';
import { CODES, COMPREHENSIVE_SR, CRITERION_CODES, RESPONSE_CODES, sameCode, type Code } from './codes';
import { readPart10, sequence, text, writePart10, type Dataset } from './dcmjsFacade';
import type { SrInstanceRef } from './nadirReads';
import { codeItem, codeValueItem, container, item, textItem, uidItem } from './contentItem';
import {
  NADIR_IMPLEMENTATION_CLASS_UID,
  NADIR_IMPLEMENTATION_VERSION,
  dicomDate,
  dicomTime,
  personNameOf,
  srInstanceHeader,
  verificationOf,
  type SrStudyContext,
} from './writeMeasurementReport';

/**
 * The adjudication of two reads as its own DICOM SR (issue 15 §3): a Comprehensive SR whose observer
 * is the adjudicator (also its Verifying Observer: it is signed), referencing both reads' SRs in the
 * Pertinent Other Evidence Sequence and in the content, and holding per criterion whether the readers
 * agreed, the read chosen and why, and the adjudicated verdicts. Structure: ./README.md.
 */

export interface AdjudicationReportOptions {
  now: Date;
  instanceUids: { series: string; sop: string };
  /** the study the SR is stored in (the latest timepoint's), its patient and study modules */
  study: SrStudyContext;
  /** the SR instances of each read */
  reads: Pair<readonly SrInstanceRef[]>;
}

const pnameItem = (concept: Code, name: string) => item('CONTAINS', 'PNAME', concept, { PersonName: personNameOf(name) });
const dateItem = (concept: Code, isoDate: string) => item('CONTAINS', 'DATE', concept, { Date: isoDate.replaceAll('-', '') });

function readContainer(key: ReadKey, reader: string, instances: readonly SrInstanceRef[]): Dataset {
  return container('CONTAINS', CODES.adjudicatedRead, [
    textItem('CONTAINS', CODES.readKey, key),
    pnameItem(CODES.readerName, reader),
    ...instances.map((instance) => uidItem('CONTAINS', CODES.readInstance, instance.sopInstanceUid)),
  ]);
}

const responseCode = (value: Response): Code => RESPONSE_CODES[value as ResponseCategory];

function criterionContainer(adjudicated: AdjudicatedCriterion): Dataset {
  const { source } = adjudicated;
  return container('CONTAINS', CODES.adjudicatedCriterion, [
    codeValueItem('HAS CONCEPT MOD', CODES.responseEvaluationMethod, CRITERION_CODES[adjudicated.criterion]),
    codeValueItem('CONTAINS', CODES.readersAgreed, source.kind === 'agreed' ? CODES.yes : CODES.no),
    ...(source.kind === 'chosen'
      ? [textItem('CONTAINS', CODES.chosenRead, source.read), pnameItem(CODES.readerName, source.reader), textItem('CONTAINS', CODES.adjudicationReason, source.reason)]
      : []),
    ...adjudicated.timepoints.map((timepoint) =>
      codeValueItem('CONTAINS', CODES.overallResponse, responseCode(timepoint.overallResponse), [
        textItem('HAS PROPERTIES', CODES.timePoint, timepoint.timepoint),
        item('HAS PROPERTIES', 'DATE', CODES.timepointDate, { Date: timepoint.date.replaceAll('-', '') }),
      ]),
    ),
    ...(adjudicated.bestOverallResponse ? [codeValueItem('CONTAINS', CODES.bestOverallResponse, responseCode(adjudicated.bestOverallResponse))] : []),
    ...(adjudicated.firstProgressionDate ? [dateItem(CODES.firstProgressionDate, adjudicated.firstProgressionDate)] : []),
  ]);
}

/** Hierarchical SOP instance references (PS3.3 C.17.2.3), grouped by study and series. */
function evidenceOf(instances: readonly SrInstanceRef[]): Dataset[] {
  const studies = new Map<string, Map<string, SrInstanceRef[]>>();
  for (const instance of instances) {
    const series = studies.get(instance.studyInstanceUid) ?? new Map<string, SrInstanceRef[]>();
    studies.set(instance.studyInstanceUid, series);
    series.set(instance.seriesInstanceUid, [...(series.get(instance.seriesInstanceUid) ?? []), instance]);
  }
  return [...studies].map(([studyUid, series]) => ({
    StudyInstanceUID: studyUid,
    ReferencedSeriesSequence: [...series].map(([seriesUid, list]) => ({
      SeriesInstanceUID: seriesUid,
      ReferencedSOPSequence: list.map((instance) => ({ ReferencedSOPClassUID: instance.sopClassUid, ReferencedSOPInstanceUID: instance.sopInstanceUid })),
    })),
  }));
}

export function adjudicationReportDataset(adjudication: Adjudication, options: AdjudicationReportOptions): Dataset {
  const { study, now } = options;
  return {
    ...srInstanceHeader(COMPREHENSIVE_SR, options.instanceUids.sop, now, study),
    Modality: 'SR',
    SeriesInstanceUID: options.instanceUids.series,
    SeriesNumber: '9101',
    SeriesDescription: 'Nadir adjudication',
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: 'Nadir',
    SoftwareVersions: 'Nadir',
    InstanceNumber: '1',
    ContentDate: dicomDate(now),
    ContentTime: dicomTime(now),
    CompletionFlag: 'COMPLETE',
    ...verificationOf({ verifierName: adjudication.adjudicator, at: new Date(adjudication.signedAt) }),
    PerformedProcedureCodeSequence: [],
    PertinentOtherEvidenceSequence: evidenceOf([...options.reads.A, ...options.reads.B]),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(CODES.adjudicationReport)],
    ContinuityOfContent: 'SEPARATE',
    ContentSequence: [
      codeValueItem('HAS CONCEPT MOD', CODES.language, CODES.englishUS),
      codeValueItem('HAS OBS CONTEXT', CODES.observerType, CODES.person),
      item('HAS OBS CONTEXT', 'PNAME', CODES.personObserverName, { PersonName: personNameOf(adjudication.adjudicator) }),
      ...READ_KEYS.map((key) => readContainer(key, adjudication.readers[key], options.reads[key])),
      ...adjudication.criteria.map(criterionContainer),
    ],
  };
}

export function writeAdjudicationReport(adjudication: Adjudication, options: AdjudicationReportOptions): ArrayBuffer {
  return writePart10(adjudicationReportDataset(adjudication, options), { implementationClassUid: NADIR_IMPLEMENTATION_CLASS_UID, implementationVersionName: NADIR_IMPLEMENTATION_VERSION });
}

// ---- reading one back (the cohort command, tests) -------------------------------------------------

/** An adjudication as read from its SR. */
export interface ReadAdjudication {
  patientId: string;
  sopInstanceUid: string;
  /** content date-time, YYYYMMDDHHMMSS.fff: the newest adjudication of a patient wins */
  writtenAt: string;
  adjudicator: string;
  readers: Pair<{ name: string; srInstances: string[] }>;
  criteria: AdjudicatedCriterion[];
}

const children = (node: Dataset) => sequence(node, 'ContentSequence');
const conceptOf = (node: Dataset): Code | null => {
  const concept = sequence(node, 'ConceptNameCodeSequence')[0];
  const value = concept ? text(concept, 'CodeValue') : null;
  const scheme = concept ? text(concept, 'CodingSchemeDesignator') : null;
  return value && scheme ? { value, scheme, meaning: text(concept!, 'CodeMeaning') ?? '' } : null;
};
const valueCode = (node: Dataset): Code | null => {
  const concept = sequence(node, 'ConceptCodeSequence')[0];
  const value = concept ? text(concept, 'CodeValue') : null;
  const scheme = concept ? text(concept, 'CodingSchemeDesignator') : null;
  return value && scheme ? { value, scheme, meaning: '' } : null;
};
const withConcept = (nodes: Dataset[], concept: Code) => nodes.filter((node) => sameCode(conceptOf(node), concept));
const textOf = (nodes: Dataset[], concept: Code) => {
  const found = withConcept(nodes, concept)[0];
  return found ? (text(found, 'TextValue') ?? text(found, 'PersonName') ?? text(found, 'UID') ?? text(found, 'Date')) : null;
};
const nameOf = (personName: string | null) => (personName?.endsWith('^') ? personName.slice(0, -1) : (personName ?? ''));
const isoOf = (date: string | null) => (date && /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : null);

const responseOf = (code: Code | null): Response | null => {
  if (!code) return null;
  const found = (Object.keys(RESPONSE_CODES) as ResponseCategory[]).find((category) => sameCode(code, RESPONSE_CODES[category]));
  // ND and the lesion-only categories are no overall response
  return found && found !== 'ND' ? (found as Response) : null;
};
const criterionOf = (code: Code | null): CriteriaName | null => (code ? (CRITERIA_NAMES.find((name) => sameCode(code, CRITERION_CODES[name])) ?? null) : null);
const isReadKey = (value: string | null): value is ReadKey => value === 'A' || value === 'B';

function criterionFrom(node: Dataset): AdjudicatedCriterion | null {
  const items = children(node);
  const criterion = criterionOf(valueCode(withConcept(items, CODES.responseEvaluationMethod)[0] ?? {}));
  if (!criterion) return null;
  const agreed = sameCode(valueCode(withConcept(items, CODES.readersAgreed)[0] ?? {}), CODES.yes);
  const chosen = textOf(items, CODES.chosenRead);
  const source: AdjudicatedCriterion['source'] =
    agreed || !isReadKey(chosen) ? { kind: 'agreed' } : { kind: 'chosen', read: chosen, reader: nameOf(textOf(items, CODES.readerName)), reason: textOf(items, CODES.adjudicationReason) ?? '' };
  const timepoints = withConcept(items, CODES.overallResponse).flatMap((response) => {
    const overallResponse = responseOf(valueCode(response));
    const properties = children(response);
    const date = isoOf(textOf(properties, CODES.timepointDate));
    return overallResponse && date ? [{ timepoint: textOf(properties, CODES.timePoint) ?? '', date, overallResponse }] : [];
  });
  return {
    criterion,
    source,
    timepoints,
    bestOverallResponse: responseOf(valueCode(withConcept(items, CODES.bestOverallResponse)[0] ?? {})),
    firstProgressionDate: isoOf(textOf(items, CODES.firstProgressionDate)),
  };
}

/** Reads an adjudication SR; null when the file is no Nadir adjudication (any other SR, a measurement report). */
export function readAdjudicationReport(bytes: ArrayBuffer): ReadAdjudication | null {
  const dataset = readPart10(bytes);
  if (!sameCode(conceptOf(dataset), CODES.adjudicationReport)) return null;
  const root = children(dataset);
  const readers = Object.fromEntries(
    withConcept(root, CODES.adjudicatedRead).flatMap((node) => {
      const items = children(node);
      const key = textOf(items, CODES.readKey);
      const srInstances = withConcept(items, CODES.readInstance).flatMap((uid) => text(uid, 'UID') ?? []);
      return isReadKey(key) ? [[key, { name: nameOf(textOf(items, CODES.readerName)), srInstances }]] : [];
    }),
  ) as Partial<Pair<{ name: string; srInstances: string[] }>>;
  if (!readers.A || !readers.B) return null;
  return {
    patientId: text(dataset, 'PatientID') ?? '',
    sopInstanceUid: text(dataset, 'SOPInstanceUID') ?? '',
    writtenAt: `${text(dataset, 'ContentDate') ?? ''}${text(dataset, 'ContentTime') ?? ''}`,
    adjudicator: nameOf(textOf(root, CODES.personObserverName)),
    readers: { A: readers.A, B: readers.B },
    criteria: withConcept(root, CODES.adjudicatedCriterion).flatMap((node) => criterionFrom(node) ?? []),
  };
}
