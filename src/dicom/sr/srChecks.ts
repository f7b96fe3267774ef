import { checkLesions, checkObservations, checkPatient, type ImageContext, type ImportProblem, type PatientIdentity } from '../../../workers/read/importChecks';
import { CODES, sameCode, type Code } from './codes';
import { sessionFromReports, type ImportedReports, type RecordedNum, type RecordedReport } from './readMeasurementReports';
import { protocolProblems } from './items/protocol';
import { describeProtocol } from '../../../workers/read/protocol';

/**
 * Verifies Nadir SRs before they may replace a read: what the files say as written (text and binary
 * values, units, one group per lesion, status against measurements, the patient) and what the read
 * rebuilt from them would hold (workers/read/importChecks.ts). Pure: the loaded images come in as
 * an ImageContext.
 */

/** Text and binary may differ by what the 16-character decimal string can hold, no more. */
const agree = (binary: number, decimal: number) => Math.abs(binary - decimal) <= Math.max(1e-6, Math.abs(binary) * 1e-9);

const NUM_NAMES: Record<RecordedNum['concept'], string> = {
  longAxis: 'long axis',
  shortAxis: 'short axis',
  viableLongAxis: 'viable long axis',
  viableShortAxis: 'viable short axis',
  attenuation: 'mean attenuation',
  volume: 'volume',
  viableVolume: 'viable volume',
  segmentedSlices: 'slices segmented',
  other: 'measurement',
};

/** The three values of a lesion's volume (V-1, QE-1), written and read together. */
const VOLUME_CONCEPTS = ['volume', 'viableVolume', 'segmentedSlices'] as const satisfies readonly RecordedNum['concept'][];

/** The unit each concept is written in; a value in another (cm read as mm) is refused. */
const UNIT_OF: Record<Exclude<RecordedNum['concept'], 'other'>, Code> = {
  longAxis: CODES.millimetre,
  shortAxis: CODES.millimetre,
  viableLongAxis: CODES.millimetre,
  viableShortAxis: CODES.millimetre,
  attenuation: CODES.hounsfieldUnit,
  volume: CODES.millilitre,
  viableVolume: CODES.millilitre,
  segmentedSlices: CODES.sliceCountUnit,
};

function checkNum(num: RecordedNum, file: string, item: string): ImportProblem[] {
  const where = { file, item: `${item}, ${NUM_NAMES[num.concept]}` };
  const problems: ImportProblem[] = [];
  if (num.floatValue === null || num.decimalValue === null) {
    problems.push({ rule: 'valueMissing', ...where, detail: num.floatValue === null ? `only the text "${num.decimalValue}"` : `only the binary ${num.floatValue}` });
  } else if (!agree(num.floatValue, num.decimalValue)) {
    problems.push({ rule: 'valueMismatch', ...where, detail: `text ${num.decimalValue}, binary ${num.floatValue}` });
  }
  if (num.concept !== 'other' && !sameCode(num.unit, UNIT_OF[num.concept])) problems.push({ rule: 'wrongUnit', ...where, detail: num.unit ? `"${num.unit.value}" (${num.unit.scheme})` : 'no unit' });
  return problems;
}

function checkRecorded(report: RecordedReport, file: string, expected: PatientIdentity): ImportProblem[] {
  if (!report.writtenByNadir) return [{ rule: 'notNadirReport', file, item: '', detail: '' }];
  const problems = checkPatient(expected, { patientId: report.patientId ?? '', patientName: report.patientName ?? '' }, file);
  // a protocol setting that cannot be read would change the verdicts unsaid (the defaults in its place)
  for (const { setting, detail } of protocolProblems(report.protocol)) problems.push({ rule: 'badProtocol', file, item: `protocol, ${setting}`, detail });
  const seen = new Map<string, string>();
  for (const group of report.groups) {
    const item = `lesion ${group.label ?? '(no label)'}`;
    if (group.trackingUid !== null) {
      const earlier = seen.get(group.trackingUid);
      if (earlier !== undefined) {
        problems.push(
          earlier === group.label
            ? { rule: 'duplicateGroup', file, item, detail: group.trackingUid }
            : { rule: 'duplicateTrackingUid', file, item: `lesions ${earlier} and ${group.label ?? '(no label)'}`, detail: group.trackingUid },
        );
      } else seen.set(group.trackingUid, group.label ?? '(no label)');
    }
    if (group.status !== null && group.status !== 'present' && group.nums.length > 0) {
      problems.push({ rule: 'statusWithMeasurements', file, item, detail: `status "${group.status}", ${group.nums.length} measured value${group.nums.length === 1 ? '' : 's'}` });
    }
    problems.push(...group.nums.flatMap((num) => checkNum(num, file, item)));
    // a volume is imported only whole (readMeasurementReports.volumeOf): one or two of its values would be dropped unsaid
    const volumeParts = VOLUME_CONCEPTS.filter((concept) => group.nums.some((num) => num.concept === concept));
    if (volumeParts.length > 0 && volumeParts.length < VOLUME_CONCEPTS.length) {
      problems.push({ rule: 'valueMissing', file, item: `${item}, volume`, detail: `only ${volumeParts.map((concept) => NUM_NAMES[concept]).join(' and ')} of ${VOLUME_CONCEPTS.map((concept) => NUM_NAMES[concept]).join(', ')}` });
    }
  }
  return problems;
}

/**
 * Every problem with importing these reports into the open read of `expected`: per file and per
 * item. `fileNames[i]` names the i-th file read.
 */
export function checkReports(imported: ImportedReports, fileNames: readonly string[], expected: PatientIdentity, images: ImageContext | null): ImportProblem[] {
  const nameOf = (file: number) => fileNames[file] ?? `file ${file + 1}`;
  const problems: ImportProblem[] = imported.problems.map((problem) => ({ rule: 'unreadable', file: nameOf(problem.file), item: '', detail: problem.message }));
  for (const report of imported.recorded) problems.push(...checkRecorded(report, nameOf(report.file), expected));
  const readers = [...new Set(imported.studies.map((study) => study.readerName ?? ''))];
  const protocols = [...new Set(imported.studies.flatMap((study) => (study.protocol ? [describeProtocol(study.protocol)] : [])))];
  if (protocols.length > 1) problems.push({ rule: 'mixedProtocols', file: fileNames.join(', '), item: 'protocol', detail: protocols.map((text) => `“${text}”`).join(' vs ') });
  if (readers.length > 1) problems.push({ rule: 'mixedReaders', file: fileNames.join(', '), item: '', detail: readers.map((reader) => `"${reader}"`).join(', ') });
  if (imported.recorded.length === 0 && problems.length === 0) problems.push({ rule: 'notNadirReport', file: fileNames.join(', '), item: '', detail: 'no measurement report among the files' });
  const session = sessionFromReports(imported, { readId: '', createdAt: '', criteria: [] });
  problems.push(...checkLesions(session, fileNames.length === 1 ? nameOf(0) : 'the reports'));
  for (const study of imported.studies) problems.push(...checkObservations(session, study.studyInstanceUid, nameOf(study.file), images));
  return problems;
}
