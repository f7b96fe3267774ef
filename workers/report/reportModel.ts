import { CRITERIA_NAMES, type CriteriaName, type LesionRole } from '../domain/input';
import type { CriteriaResult, IssueSeverity, LesionResult, PatientOutput, TargetMargin, TimepointResult } from '../domain/result';
import { needsVascularPattern, timepointIdAt, type ImageReference, type LesionDefinition, type Observation, type ObservationStatus, type Point3, type ReadSession, type VascularPattern } from '../read/model';
import { toTenthMm } from '../domain/lengths';
import { describeProtocol, protocolOf, type ReadProtocol } from '../read/protocol';
import type { BurdenUnit } from '../domain/units';

/**
 * The report model: what the structured report says, as plain data. Built purely from a read and the
 * engine's output; the view (src/ui) only lays it out and escapes it, the CSV export only flattens it.
 * Text here is untrusted (patient names and study descriptions come from DICOM): the renderer escapes it.
 */

/** Optional per-study details the read does not hold (from the DICOM headers the app has loaded). */
export interface ReportStudyDetails {
  studyDescription?: string | null;
  accessionNumber?: string | null;
  studyId?: string | null;
}

export interface ReportContext {
  /** ISO date-time of the report */
  generatedAt: string;
  /** by StudyInstanceUID */
  studies?: Readonly<Record<string, ReportStudyDetails>>;
}

export interface ReportTimepoint {
  /** BL, FU1, FU2, ... */
  label: string;
  date: string;
  modality: string;
  studyInstanceUid: string;
  sliceThicknessMm: number | null;
  studyDescription: string | null;
  accessionNumber: string | null;
  studyId: string | null;
}

export interface ReportHeader {
  patientId: string;
  /** DICOM PN as stored, e.g. DOE^JANE */
  patientName: string;
  /** for people: "DOE, JANE" */
  patientNameDisplay: string;
  readId: string;
  readCreatedAt: string;
  readerName: string;
  generatedAt: string;
  criteria: CriteriaName[];
  timepoints: ReportTimepoint[];
  /** the protocol settings the verdicts were computed with (workers/read/protocol.ts) */
  protocol: ReadProtocol;
  /** "confirmation required; SD ≥ 42 days (6 weeks); WHO PD by sum" */
  protocolText: string;
}

/** The cause of a progression, when the engine's fields make it clear. */
export type ProgressionCause = 'new lesion' | 'target progression' | 'non-target progression';

export interface SummaryVerdict {
  criterion: CriteriaName;
  /** "RECIST 1.1" */
  criterionLabel: string;
  response: string;
  causes: ProgressionCause[];
}

/** "FU2 2024-07-10: RECIST 1.1 PD (new lesion), WHO PD (new lesion), ..." */
export interface SummaryLine {
  timepoint: string;
  date: string;
  verdicts: SummaryVerdict[];
  text: string;
}

export interface CriteriaRow {
  criterion: CriteriaName;
  criterionLabel: string;
  /** BL for the baseline row (no responses there) */
  timepoint: string;
  date: string;
  daysFromBaseline: number;
  unit: BurdenUnit['symbol'];
  targetSum: number | null;
  baselineSum: number | null;
  nadirSum: number | null;
  changeFromBaselinePct: number | null;
  changeFromNadirPct: number | null;
  targetResponse: string | null;
  nonTargetResponse: string | null;
  newLesions: boolean | null;
  overallResponse: string | null;
  afterProgression: boolean | null;
  /** Choi only */
  densityChangeFromBaselinePct: number | null;
  /** MARGIN-1..3: the measurement margin of the target response; null on the baseline row */
  margin: TargetMargin | null;
}

/** How the lesion is recorded at a timepoint; notRecorded: the lesion existed but nothing was entered. */
export type ReportLesionStatus = ObservationStatus | 'notRecorded';

/** One criterion's view of one lesion at one timepoint (the engine's per-lesion contribution). */
export interface LesionCriterionValue {
  criterion: CriteriaName;
  unit: BurdenUnit['symbol'];
  value: number | null;
  changeFromBaselinePct: number | null;
}

export interface LesionRow {
  lesionId: string;
  lesionLabel: string;
  role: LesionRole;
  organ: string;
  isLymphNode: boolean;
  /** mRECIST M-NEW-1, for a new liver lesion: the vascular pattern as recorded, 'notAssessed' when it was not */
  vascularPattern: VascularPattern | null;
  timepoint: string;
  date: string;
  studyInstanceUid: string;
  status: ReportLesionStatus;
  /** as measured, full precision; null when not measured */
  longAxisMm: number | null;
  shortAxisMm: number | null;
  /** 0 when the reader recorded that no enhancement is left */
  enhancingLongAxisMm: number | null;
  enhancingShortAxisMm: number | null;
  meanHU: number | null;
  splitFromLabel: string | null;
  mergedIntoLabel: string | null;
  image: ImageReference | null;
  criteria: LesionCriterionValue[];
}

export interface KeyImage {
  lesionLabel: string;
  timepoint: string;
  part: 'whole' | 'enhancing';
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frameNumber: number | null;
  longAxis: readonly [Point3, Point3];
  shortAxis: readonly [Point3, Point3];
  longAxisMm: number;
  shortAxisMm: number;
}

export interface ConformanceNote {
  criterion: CriteriaName;
  criterionLabel: string;
  rule: string;
  severity: IssueSeverity;
  lesionLabel: string | null;
  text: string;
}

export interface VerdictReason {
  criterion: CriteriaName;
  criterionLabel: string;
  /** a follow-up label, or BOR for the best overall response */
  timepoint: string;
  rule: string;
  text: string;
}

export interface BestResponse {
  criterion: CriteriaName;
  criterionLabel: string;
  response: string;
}

export interface ReportModel {
  header: ReportHeader;
  summaries: SummaryLine[];
  criteriaRows: CriteriaRow[];
  lesionRows: LesionRow[];
  keyImages: KeyImage[];
  conformanceNotes: ConformanceNote[];
  reasons: VerdictReason[];
  bestResponses: BestResponse[];
  reader: { name: string; generatedAt: string };
}

export const CRITERION_LABELS: Readonly<Record<CriteriaName, string>> = {
  'RECIST1.1': 'RECIST 1.1',
  WHO: 'WHO',
  EASL: 'EASL',
  mRECIST: 'mRECIST',
  Choi: 'Choi',
  iRECIST: 'iRECIST',
  vRECIST: 'vRECIST',
  qEASL: 'qEASL',
};

const PROGRESSION = new Set(['PD', 'iUPD', 'iCPD']);

/** Control characters (other than tab) never belong in a header; DICOM text may carry them. */
const isControl = (char: string) => {
  const code = char.charCodeAt(0);
  return (code < 0x20 && char !== '\t' && char !== '\n') || code === 0x7f;
};
const plainText = (text: string) => [...text].filter((char) => !isControl(char)).join('').trim();

/** DICOM PN "FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX" (first component group only) → "FAMILY, GIVEN MIDDLE". */
export function displayPersonName(pn: string): string {
  const alphabetic = plainText(pn).split('=')[0] ?? '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = alphabetic.split('^').map((part) => part.trim());
  const givenNames = [prefix, given, middle].filter(Boolean).join(' ');
  const name = [family, givenNames].filter(Boolean).join(', ');
  return [name, suffix].filter(Boolean).join(' ');
}

/** Causes of a progression verdict, from the engine's fields (not from the wording of the reasons). */
export function progressionCauses(timepoint: TimepointResult): ProgressionCause[] {
  if (!PROGRESSION.has(timepoint.overallResponse)) return [];
  const causes: ProgressionCause[] = [];
  if (PROGRESSION.has(timepoint.targetResponse)) causes.push('target progression');
  if (timepoint.nonTargetResponse === 'PD') causes.push('non-target progression');
  if (timepoint.newLesions) causes.push('new lesion');
  return causes;
}

function reportedCriteria(output: PatientOutput): [CriteriaName, CriteriaResult][] {
  return CRITERIA_NAMES.flatMap((name) => {
    const result = output.criteria[name];
    return result ? [[name, result] as [CriteriaName, CriteriaResult]] : [];
  });
}

function summaryLines(session: ReadSession, criteria: [CriteriaName, CriteriaResult][]): SummaryLine[] {
  return session.timepoints.slice(1).map((timepoint, index) => {
    const label = timepointIdAt(index + 1);
    const verdicts = criteria.flatMap(([criterion, result]): SummaryVerdict[] => {
      const tp = result.timepoints.find((candidate) => candidate.id === label);
      return tp ? [{ criterion, criterionLabel: CRITERION_LABELS[criterion], response: tp.overallResponse, causes: progressionCauses(tp) }] : [];
    });
    const parts = verdicts.map((verdict) => `${verdict.criterionLabel} ${verdict.response}${verdict.causes.length > 0 ? ` (${verdict.causes.join(', ')})` : ''}`);
    return { timepoint: label, date: timepoint.date, verdicts, text: `${label} ${timepoint.date}: ${parts.join(', ')}` };
  });
}

function criteriaRows(criteria: [CriteriaName, CriteriaResult][]): CriteriaRow[] {
  return criteria.flatMap(([criterion, result]): CriteriaRow[] => {
    const base = { criterion, criterionLabel: CRITERION_LABELS[criterion], unit: result.sumUnit };
    const baseline: CriteriaRow = {
      ...base,
      timepoint: result.baseline.id,
      date: result.baseline.date,
      daysFromBaseline: 0,
      targetSum: result.baseline.targetSum,
      baselineSum: result.baseline.targetSum,
      nadirSum: null,
      changeFromBaselinePct: null,
      changeFromNadirPct: null,
      targetResponse: null,
      nonTargetResponse: null,
      newLesions: null,
      overallResponse: null,
      afterProgression: null,
      densityChangeFromBaselinePct: null,
      margin: null,
    };
    const followUps = result.timepoints.map(
      (tp): CriteriaRow => ({
        ...base,
        timepoint: tp.id,
        date: tp.date,
        daysFromBaseline: tp.daysFromBaseline,
        targetSum: tp.targetSum,
        baselineSum: tp.baselineSum,
        nadirSum: tp.nadirSum,
        changeFromBaselinePct: tp.changeFromBaselinePct,
        changeFromNadirPct: tp.changeFromNadirPct,
        targetResponse: tp.targetResponse,
        nonTargetResponse: tp.nonTargetResponse,
        newLesions: tp.newLesions,
        overallResponse: tp.overallResponse,
        afterProgression: tp.afterProgression,
        densityChangeFromBaselinePct: tp.densityChangeFromBaselinePct ?? null,
        margin: tp.targetMargin,
      }),
    );
    return [baseline, ...followUps];
  });
}

function measuredValues(observation: Observation | undefined) {
  if (observation?.status !== 'present') {
    return { longAxisMm: null, shortAxisMm: null, enhancingLongAxisMm: null, enhancingShortAxisMm: null, meanHU: null, image: null };
  }
  const enhancing = observation.enhancing;
  const enhancingValue = (pick: 'longAxisMm' | 'shortAxisMm') =>
    enhancing.kind === 'measured' ? toTenthMm(enhancing.measurement[pick]) : enhancing.kind === 'noEnhancement' ? 0 : null;
  return {
    // the lengths assessed (0.1 mm, as the engine takes them), so the report and the CSV say what was judged
    longAxisMm: observation.whole ? toTenthMm(observation.whole.longAxisMm) : null,
    shortAxisMm: observation.whole ? toTenthMm(observation.whole.shortAxisMm) : null,
    enhancingLongAxisMm: enhancingValue('longAxisMm'),
    enhancingShortAxisMm: enhancingValue('shortAxisMm'),
    meanHU: observation.meanHU,
    image: observation.whole?.image ?? (enhancing.kind === 'measured' ? enhancing.measurement.image : null),
  };
}

/** A lesion is listed from the timepoint it was first recorded in. */
function lesionExistsAt(session: ReadSession, lesion: LesionDefinition, timepointIndex: number): boolean {
  const first = session.timepoints.findIndex((timepoint) => timepoint.studyInstanceUid === lesion.firstStudyUid);
  return first === -1 || first <= timepointIndex;
}

function lesionRows(session: ReadSession, criteria: [CriteriaName, CriteriaResult][]): LesionRow[] {
  const labels = new Map(session.lesions.map((lesion) => [lesion.id, lesion.label]));
  return session.timepoints.flatMap((timepoint, index) => {
    const label = timepointIdAt(index);
    return session.lesions.flatMap((lesion): LesionRow[] => {
      const observation = session.observations[timepoint.studyInstanceUid]?.[lesion.id];
      if (!observation && !lesionExistsAt(session, lesion, index)) return [];
      const perCriterion = criteria.map(([criterion, result]): LesionCriterionValue => {
        const lesions: readonly LesionResult[] = index === 0 ? result.baseline.lesions : (result.timepoints.find((tp) => tp.id === label)?.lesions ?? []);
        const found = lesions.find((candidate) => candidate.id === lesion.id);
        return { criterion, unit: result.sumUnit, value: found?.value ?? null, changeFromBaselinePct: found?.changeFromBaselinePct ?? null };
      });
      return [
        {
          lesionId: lesion.id,
          lesionLabel: lesion.label,
          role: lesion.role,
          organ: lesion.organ,
          isLymphNode: lesion.isLymphNode,
          vascularPattern: needsVascularPattern(lesion) ? (lesion.vascularPattern ?? 'notAssessed') : null,
          timepoint: label,
          date: timepoint.date,
          studyInstanceUid: timepoint.studyInstanceUid,
          status: observation?.status ?? 'notRecorded',
          ...measuredValues(observation),
          splitFromLabel: lesion.splitFrom ? (labels.get(lesion.splitFrom) ?? lesion.splitFrom) : null,
          mergedIntoLabel: observation?.status === 'merged' ? (labels.get(observation.mergedInto) ?? observation.mergedInto) : null,
          criteria: perCriterion,
        },
      ];
    });
  });
}

function keyImages(session: ReadSession): KeyImage[] {
  return session.timepoints.flatMap((timepoint, index) => {
    const label = timepointIdAt(index);
    return session.lesions.flatMap((lesion): KeyImage[] => {
      const observation = session.observations[timepoint.studyInstanceUid]?.[lesion.id];
      if (observation?.status !== 'present') return [];
      const parts = [
        ...(observation.whole ? [{ part: 'whole' as const, measurement: observation.whole }] : []),
        ...(observation.enhancing.kind === 'measured' ? [{ part: 'enhancing' as const, measurement: observation.enhancing.measurement }] : []),
      ];
      return parts.map(({ part, measurement }) => ({
        lesionLabel: lesion.label,
        timepoint: label,
        part,
        ...measurement.image,
        longAxis: measurement.longAxis,
        shortAxis: measurement.shortAxis,
        longAxisMm: measurement.longAxisMm,
        shortAxisMm: measurement.shortAxisMm,
      }));
    });
  });
}

/** The engine names a lesion by its id; the report shows its label. */
function conformanceNotes(session: ReadSession, criteria: [CriteriaName, CriteriaResult][]): ConformanceNote[] {
  const labels = new Map(session.lesions.map((lesion) => [lesion.id, lesion.label]));
  return criteria.flatMap(([criterion, result]) =>
    result.issues.map((issue) => ({
      criterion,
      criterionLabel: CRITERION_LABELS[criterion],
      rule: issue.rule,
      severity: issue.severity,
      lesionLabel: issue.lesionId === null ? null : (labels.get(issue.lesionId) ?? issue.lesionId),
      text: issue.text,
    })),
  );
}

/** Builds the report of a read: pure, deterministic (the time comes from the context). */
export function buildReportModel(session: ReadSession, output: PatientOutput, context: ReportContext): ReportModel {
  const criteria = reportedCriteria(output);
  const timepoints = session.timepoints.map((timepoint, index): ReportTimepoint => {
    const details = context.studies?.[timepoint.studyInstanceUid] ?? {};
    const text = (value: string | null | undefined) => (value ? plainText(value) : null);
    return {
      label: timepointIdAt(index),
      date: timepoint.date,
      modality: timepoint.modality,
      studyInstanceUid: timepoint.studyInstanceUid,
      sliceThicknessMm: timepoint.sliceThicknessMm,
      studyDescription: text(details.studyDescription),
      accessionNumber: text(details.accessionNumber),
      studyId: text(details.studyId),
    };
  });
  return {
    header: {
      patientId: plainText(session.patientId),
      patientName: plainText(session.patientName),
      patientNameDisplay: displayPersonName(session.patientName),
      readId: session.readId,
      readCreatedAt: session.createdAt,
      readerName: plainText(session.readerName),
      generatedAt: context.generatedAt,
      criteria: criteria.map(([name]) => name),
      timepoints,
      protocol: protocolOf(session),
      protocolText: describeProtocol(protocolOf(session)),
    },
    summaries: summaryLines(session, criteria),
    criteriaRows: criteriaRows(criteria),
    lesionRows: lesionRows(session, criteria),
    keyImages: keyImages(session),
    conformanceNotes: conformanceNotes(session, criteria),
    reasons: criteria.flatMap(([criterion, result]) => [
      // the margin's sentences follow the verdict's own (MARGIN-1..3)
      ...result.timepoints.flatMap((tp) =>
        [...tp.reasons, ...tp.targetMargin.reasons].map((reason) => ({ criterion, criterionLabel: CRITERION_LABELS[criterion], timepoint: tp.id, rule: reason.rule, text: reason.text })),
      ),
      ...result.bestOverallResponseReasons.map((reason) => ({ criterion, criterionLabel: CRITERION_LABELS[criterion], timepoint: 'BOR', rule: reason.rule, text: reason.text })),
    ]),
    bestResponses: criteria.map(([criterion, result]) => ({ criterion, criterionLabel: CRITERION_LABELS[criterion], response: result.bestOverallResponse })),
    reader: { name: plainText(session.readerName), generatedAt: context.generatedAt },
  };
}
