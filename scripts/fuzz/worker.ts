import { parentPort } from 'node:worker_threads';
import { readDicomFile, readDicomHead, type DicomFileResult } from '../../src/dicom/readDicomFile';
import { describeProblem } from '../../src/dicom/fileProblems';
import { readMeasurementReports, type ImportedReports } from '../../src/dicom/sr/readMeasurementReports';
import { checkReports } from '../../src/dicom/sr/srChecks';

/**
 * One fuzz input through every reader, in a worker thread the campaign can terminate: the image
 * reader (whole file, and the quick header path the file worker tries first), and the SR reader.
 */

export interface FuzzJob {
  id: number;
  bytes: Uint8Array;
  /** JSON of the SR reader's result on the clean file this mutant came from, when that was a readable SR */
  cleanSr: string | null;
}

export interface FuzzOutcome {
  id: number;
  /** reader name and the exception that escaped it */
  escaped: { reader: string; message: string }[];
  /** the quick header path opened a file that the whole-file read refuses */
  headOpensRefused: boolean;
  /** an SR that parses to a different read than its clean file, with no problem listed */
  silentSrDiff: boolean;
  /** messages shown to the user that carry JavaScript error text */
  rawErrorTexts: string[];
  ms: number;
}

const HEAD_BYTES = 64 * 1024;
const RAW_ERROR = /Cannot read propert|undefined|null\b|is not a function|is not iterable|call stack|RangeError|TypeError|Invalid (array|typed array) length|out of memory|NaN|Infinity|\[object /;

function attempt<T>(reader: string, run: () => T, escaped: FuzzOutcome['escaped']): T | null {
  try {
    return run();
  } catch (error) {
    escaped.push({ reader, message: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : String(error).slice(0, 200) });
    return null;
  }
}

const messageOf = (result: DicomFileResult | null) => (result?.kind === 'unreadable' ? describeProblem(result.problem) : null);

/**
 * What an import would bring in (lesions, observations, studies), without what identifies nothing:
 * code meanings (codes compare by value and scheme), the raw record the checks read, and the tracking
 * UIDs' digits. Within one file a tracking UID only links a lesion's items, which it does whatever its
 * digits; across files a changed one is named (duplicateLabel: srChecks.test.ts), so the lesions are
 * compared by the order of their tracking UIDs.
 */
function imported(reports: ImportedReports): string {
  let text = JSON.stringify({ lesions: reports.lesions, studies: reports.studies }, (key, value: unknown) => (key === 'meaning' ? undefined : value));
  reports.lesions.forEach((lesion, index) => (text = text.split(`"${lesion.trackingUid}"`).join(`"lesion#${index}"`)));
  return text;
}

/**
 * An SR that would import differently from its clean file while the app lists no problem: neither
 * the reader nor the import checks (the rules the import button applies) name anything.
 */
function silentlyDifferent(sr: ImportedReports, clean: ImportedReports): boolean {
  if (sr.studies.length === 0 || imported(sr) === imported(clean)) return false;
  const patient = { patientId: clean.studies[0]?.patientId ?? '', patientName: clean.studies[0]?.patientName ?? '' };
  return checkReports(sr, ['mutant.dcm'], patient, null).length === 0;
}

export function runJob(job: FuzzJob): FuzzOutcome {
  const started = performance.now();
  const escaped: FuzzOutcome['escaped'] = [];
  const full = attempt('readDicomFile', () => readDicomFile(job.bytes, 'mutant.dcm'), escaped);
  const head = attempt('readDicomHead', () => readDicomHead(job.bytes.subarray(0, HEAD_BYTES), 'mutant.dcm', job.bytes.length), escaped);
  const buffer = job.bytes.buffer.slice(job.bytes.byteOffset, job.bytes.byteOffset + job.bytes.byteLength) as ArrayBuffer;
  const sr = attempt('readMeasurementReports', () => readMeasurementReports([buffer]), escaped);
  const rawErrorTexts = [messageOf(full), messageOf(head), ...(sr?.problems.map((problem) => problem.message) ?? [])].filter(
    (message): message is string => message !== null && RAW_ERROR.test(message),
  );
  return {
    id: job.id,
    escaped,
    headOpensRefused: head !== null && head.kind !== 'unreadable' && full?.kind === 'unreadable',
    silentSrDiff: job.cleanSr !== null && sr !== null && silentlyDifferent(sr, JSON.parse(job.cleanSr) as ImportedReports),
    rawErrorTexts,
    ms: performance.now() - started,
  };
}

parentPort?.on('message', (job: FuzzJob) => parentPort!.postMessage(runJob(job)));
parentPort?.postMessage('ready');
