import { authorizingFetch } from '../datasources/authorizingFetch';
import { createDicomWebClient, DicomWebAuthError, type DicomWebFetch } from '../datasources/dicomWeb';
import { createCredentialsStore, type PacsCredentials } from '../datasources/pacsCredentials';
import { CREDENTIAL_ENV } from './cliCredentials';
import { cohortSrsIn } from '../dicom/sr/cohortReads';
import { patientSources, type ServerRead } from '../../workers/cohort/adjudicated';
import { assembleCohort, readsOfSource, type Skipped } from '../../workers/cohort/assemble';
import { assessInThreads, type ThreadReply } from '../../workers/cohort/assessInThreads';
import { EXIT, OUTPUT_FILES, writeOutputs, type CohortOutcome } from '../../workers/cohort/runCohort';

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
  /** sent as the Authorization header of every request to baseUrl (null: none) */
  credentials?: PacsCredentials | null;
  fetch?: DicomWebFetch;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The server's refusal in the command's words: which option or variable to check; never the credentials. */
function refusalMessage(credentials: PacsCredentials | null): string {
  if (!credentials) return 'the PACS asks for credentials: run with --auth bearer (token in NADIR_DICOMWEB_TOKEN) or --auth basic';
  const where = credentials.kind === 'bearer' ? CREDENTIAL_ENV.token : `${CREDENTIAL_ENV.user} and ${CREDENTIAL_ENV.password}`;
  return `the PACS refused the credentials of ${where}`;
}

/** The fetch that carries the credentials, refused here already when they cannot be a header value. */
function withCredentials(fetchUrl: DicomWebFetch, baseUrl: string, credentials: PacsCredentials | null): DicomWebFetch | string {
  if (!credentials) return fetchUrl;
  const store = createCredentialsStore(credentials.kind);
  const problem = store.set(credentials);
  return problem ?? authorizingFetch(fetchUrl, store, baseUrl);
}

export async function runDicomWebCohort(options: DicomWebCohortOptions): Promise<CohortOutcome> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const credentials = options.credentials ?? null;
  const fetchUrl = withCredentials(options.fetch ?? ((url, init) => fetch(url, init)), baseUrl, credentials);
  if (typeof fetchUrl === 'string') return { code: EXIT.failed, stdout: '', stderr: `cohort: the credentials cannot be sent: ${fetchUrl}\n` };
  const client = createDicomWebClient(fetchUrl, baseUrl);
  let fetched;
  try {
    fetched = await client.retrieveStructuredReports(() => undefined);
  } catch (error) {
    return { code: EXIT.failed, stdout: '', stderr: `cohort: ${error instanceof DicomWebAuthError ? refusalMessage(credentials) : messageOf(error)}\n` };
  }
  const skipped: Skipped[] = fetched.failures.map((failure) => ({ file: failure.fileName, path: '$', message: failure.message }));
  const files = await Promise.all(fetched.files.map(async (file) => ({ name: file.name, bytes: await file.blob.arrayBuffer() })));
  const srs = cohortSrsIn(files);
  skipped.push(...srs.unreadable.map((file) => ({ file: file.name, path: '$', message: file.message })));
  const sources = patientSources(srs.reads, srs.adjudications);
  const tasks = sources.flatMap(readsOfSource);
  const replies = await assessInThreads(tasks.map((read) => ({ kind: 'nadir-read' as const, input: read.input })), options.threads);
  const replyOf = new Map<ServerRead, ThreadReply>(tasks.map((read, index) => [read, replies[index]!]));
  const { patients, skipped: leftOut, notes } = assembleCohort(sources, (read) => replyOf.get(read)!);
  skipped.push(...leftOut.map(({ file, path, message }) => ({ file, path, message })));
  const report = [...skipped.map((item) => `cohort: skipped ${item.file}: ${item.path}: ${item.message}`), ...notes.map((note) => `cohort: note: ${note}`)];
  const stderr = report.length === 0 ? '' : `${report.join('\n')}\n`;
  if (patients.length === 0) return { code: EXIT.failed, stdout: '', stderr: `${stderr}cohort: no patient with a Nadir read on ${client.baseUrl}; nothing written\n` };
  await writeOutputs(options, patients, skipped);
  const adjudicatedCount = sources.filter((source) => source.kind === 'adjudicated').length;
  const summary = `cohort: ${patients.length} patient${patients.length === 1 ? '' : 's'} from ${client.baseUrl} (${adjudicatedCount} adjudicated), ${skipped.length} skipped; wrote ${OUTPUT_FILES.join(', ')} to ${options.outputDir}\n`;
  return { code: skipped.length === 0 ? EXIT.complete : EXIT.partial, stdout: summary, stderr };
}
