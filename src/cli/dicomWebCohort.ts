import { createDicomWebClient, type DicomWebFetch } from '../datasources/dicomWeb';
import { readAdjudicationReport } from '../dicom/sr/adjudicationReport';
import { nadirReadsIn, ordinaryReads, recordedCriteria, type SrFile } from '../dicom/sr/nadirReads';
import { sessionFromReports } from '../dicom/sr/readMeasurementReports';
import { adjudicatedPatient, patientSources, type PatientSource, type ServerAdjudication, type ServerRead } from '../../workers/cohort/adjudicated';
import { assessInThreads, type ThreadReply } from '../../workers/cohort/assessInThreads';
import { EXIT, OUTPUT_FILES, writeOutputs, type CohortOutcome, type Skipped } from '../../workers/cohort/runCohort';
import type { AssessedPatient } from '../../workers/cohort/sdtm';
import { toExchangeInput } from '../../workers/read/toExchangeInput';

/**
 * `npm run cohort -- --dicomweb URL <output folder>` (issue 15 §5): every Nadir SR on a DICOMweb server
 * (QIDO-RS, WADO-RS), the reads found in them and the adjudications; per patient the adjudicated read
 * wins over the single reads (workers/cohort/adjudicated.ts); then the same outputs as a folder's.
 */

export interface DicomWebCohortOptions {
  baseUrl: string;
  outputDir: string;
  studyId: string;
  threads: number;
  fetch?: DicomWebFetch;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function serverReads(files: readonly SrFile[]): ServerRead[] {
  // a case's reference read and learners' quiz reads are teaching material, not reads of the cohort
  return ordinaryReads(nadirReadsIn(files)).map((read) => ({
    patientId: read.patientId,
    readerName: read.readerName,
    srInstances: read.instances.map((instance) => instance.sopInstanceUid),
    input: toExchangeInput(sessionFromReports(read.reports, { readId: `pacs-${read.patientId}-${read.readerName}`, createdAt: read.writtenAt, criteria: recordedCriteria(read.reports) })),
  }));
}

function serverAdjudications(files: readonly SrFile[], skipped: Skipped[]): ServerAdjudication[] {
  return files.flatMap((file) => {
    try {
      const found = readAdjudicationReport(file.bytes);
      return found ? [found] : [];
    } catch (error) {
      // not DICOM, or a measurement report dcmjs reads but which is no adjudication: only real failures land here
      skipped.push({ file: file.name, path: '$', message: `not readable as an SR: ${messageOf(error)}` });
      return [];
    }
  });
}

const label = (source: PatientSource) => `PACS patient ${source.patientId}`;

export async function runDicomWebCohort(options: DicomWebCohortOptions): Promise<CohortOutcome> {
  const fetchUrl: DicomWebFetch = options.fetch ?? ((url, init) => fetch(url, init));
  const client = createDicomWebClient(fetchUrl, options.baseUrl.replace(/\/+$/, ''));
  let fetched;
  try {
    fetched = await client.retrieveStructuredReports(() => undefined);
  } catch (error) {
    return { code: EXIT.failed, stdout: '', stderr: `cohort: ${messageOf(error)}\n` };
  }
  const skipped: Skipped[] = fetched.failures.map((failure) => ({ file: failure.fileName, path: '$', message: failure.message }));
  const files = await Promise.all(fetched.files.map(async (file) => ({ name: file.name, bytes: await file.blob.arrayBuffer() })));
  const sources = patientSources(serverReads(files), serverAdjudications(files, skipped));
  const tasks = sources.flatMap((source) => (source.kind === 'single' ? [source.read] : source.kind === 'adjudicated' ? [source.reads.A, source.reads.B] : []));
  const replies = await assessInThreads(tasks.map((read) => ({ kind: 'nadir-read' as const, input: read.input })), options.threads);
  const replyOf = new Map<ServerRead, ThreadReply>(tasks.map((read, index) => [read, replies[index]!]));
  const patients: AssessedPatient[] = [];
  const notes: string[] = [];
  for (const source of sources) {
    if (source.kind === 'unresolved') {
      skipped.push({ file: label(source), path: '$', message: source.why });
      continue;
    }
    const reads = source.kind === 'single' ? [source.read] : [source.reads.A, source.reads.B];
    const failed = reads.flatMap((read) => {
      const reply = replyOf.get(read)!;
      return reply.ok ? [] : reply.problems.map((problem) => ({ file: `${label(source)}, read by ${read.readerName}`, ...problem }));
    });
    if (failed.length > 0) {
      skipped.push(...failed);
      continue;
    }
    const outputOf = (read: ServerRead) => (replyOf.get(read) as Extract<ThreadReply, { ok: true }>).output;
    if (source.kind === 'single') {
      patients.push({ input: source.read.input, output: outputOf(source.read) });
      continue;
    }
    const adjudicated = adjudicatedPatient(source, { A: outputOf(source.reads.A), B: outputOf(source.reads.B) });
    patients.push(adjudicated.patient);
    notes.push(...adjudicated.notes);
  }
  const report = [...skipped.map((item) => `cohort: skipped ${item.file}: ${item.path}: ${item.message}`), ...notes.map((note) => `cohort: note: ${note}`)];
  const stderr = report.length === 0 ? '' : `${report.join('\n')}\n`;
  if (patients.length === 0) return { code: EXIT.failed, stdout: '', stderr: `${stderr}cohort: no patient with a Nadir read on ${client.baseUrl}; nothing written\n` };
  await writeOutputs(options, patients, skipped);
  const adjudicatedCount = sources.filter((source) => source.kind === 'adjudicated').length;
  const summary = `cohort: ${patients.length} patient${patients.length === 1 ? '' : 's'} from ${client.baseUrl} (${adjudicatedCount} adjudicated), ${skipped.length} skipped; wrote ${OUTPUT_FILES.join(', ')} to ${options.outputDir}\n`;
  return { code: skipped.length === 0 ? EXIT.complete : EXIT.partial, stdout: summary, stderr };
}
