import type { FileReport, SourceFile } from '../state/studyModel';
import { MultipartError, parseMediaType, parseMultipart } from './multipart';
import type { CredentialsStore } from './pacsCredentials';
import type { FetchedFiles, ProgressListener } from './sourceTypes';

/**
 * A DICOMweb server: QIDO-RS to search studies, WADO-RS series metadata to describe their instances,
 * and WADO-RS to retrieve instances whole (Part-10 files, SR included; never `/frames`, which some
 * servers refuse for non-image objects). What it retrieves is read and checked as local files are.
 */
/** Whole SR instances retrieved at once for the cohort command (a batch job: a few, not the whole server). */
const SR_RETRIEVALS_IN_FLIGHT = 6;

export interface DicomWebClient {
  readonly baseUrl: string;
  searchStudies(query: StudyQuery): Promise<StudySearchResult>;
  /**
   * Metadata first: every instance of a study as the server describes it (QIDO-RS series list, then
   * WADO-RS series metadata), without pixel data. Progress counts series.
   */
  retrieveMetadata(studyUid: string, onProgress: ProgressListener, signal?: AbortSignal): Promise<StudyMetadata>;
  /**
   * One instance's Part-10 file (WADO-RS instance retrieval; never `/frames`). An aborted `signal`
   * stops the request on the wire and rejects with a RetrievalCancelled.
   */
  retrieveInstance(instance: InstanceRef, signal?: AbortSignal): Promise<Blob>;
  /**
   * The same file as bytes of its own, for a caller that moves them to a worker (the viewer's slice
   * decoders). A Blob's bytes are held by the browser's blob store, outside the page, until the
   * page's garbage collector lets the Blob go: 60 MB of JPEG-LS files stayed there after a
   * 300-slice series was decoded.
   */
  retrieveInstanceBytes(instance: InstanceRef, signal?: AbortSignal): Promise<ArrayBuffer>;
  /**
   * Every SR instance on the server (QIDO-RS studies with an SR, their SR series; WADO-RS each instance):
   * the cohort's input. An aborted `signal` stops it and rejects with a RetrievalCancelled.
   */
  retrieveStructuredReports(onProgress: ProgressListener, signal?: AbortSignal): Promise<FetchedFiles>;
  /** STOW-RS: stores Part-10 files; resolves with what the server accepted and refused. */
  storeInstances(files: readonly StoreFile[]): Promise<StoreResult>;
  /** Whether any of these studies has a series matching the QIDO-RS attributes (a case's reference read: issue 16). */
  hasSeriesMatching(studyUids: readonly string[], query: Readonly<Record<string, string>>): Promise<boolean>;
  /** Every instance of the series of these studies that match the QIDO-RS attributes (WADO-RS each instance). */
  retrieveSeriesMatching(studyUids: readonly string[], query: Readonly<Record<string, string>>, onProgress: ProgressListener): Promise<FetchedFiles>;
}

/** An instance on the server, by the UIDs that address it (each checked by isUid). */
export interface InstanceRef {
  studyUid: string;
  seriesUid: string;
  sopUid: string;
}

/** An instance as the server's metadata describes it, with the name it is reported under. */
export interface DescribedInstance extends InstanceRef {
  name: string;
  /** its DICOM JSON, untrusted (src/dicom/dicomJson.ts reads it) */
  dataset: Record<string, unknown>;
}

export interface StudyMetadata {
  instances: DescribedInstance[];
  /** series whose metadata could not be had, instances without a usable SOP Instance UID */
  failures: FileReport[];
}

export interface StoreFile {
  name: string;
  sopInstanceUid: string;
  bytes: ArrayBuffer;
}

export interface StoreResult {
  /** SOP Instance UIDs the server stored */
  stored: string[];
  /** instances the server refused, with its reason when it gave one */
  failed: { sopInstanceUid: string; reason: string }[];
}

export interface StudyQuery {
  /** Matched from the start (a `*` is added) unless it holds a wildcard `*` or `?` itself. */
  patientName?: string;
  /** Matched exactly unless it holds a wildcard. */
  patientId?: string;
  /** ISO dates, YYYY-MM-DD, both ends included. */
  studyDateFrom?: string;
  studyDateTo?: string;
}

export interface StudyRow {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  /** ISO date, YYYY-MM-DD, or null when the server gave none or an invalid one. */
  studyDate: string | null;
  description: string;
  modalities: string[];
  numberOfInstances: number | null;
}

export interface StudySearchResult {
  studies: StudyRow[];
  /** True when the server had more matches than the search asks for. */
  truncated: boolean;
}

/** The parts of a Response the client reads (so a test can hand in a fake). */
export type DicomWebResponse = Pick<Response, 'ok' | 'status' | 'statusText' | 'headers' | 'arrayBuffer'>;
export type DicomWebFetch = (
  url: string,
  init: { method?: 'GET' | 'POST'; headers: Record<string, string>; body?: Blob; signal?: AbortSignal },
) => Promise<DicomWebResponse>;

/** A problem a person can act on: the message says what failed and where. */
export class DicomWebError extends Error {
  override name = 'DicomWebError';
}

/** The server refused the request's credentials (HTTP 401 or 403), or there were none to send. */
export class DicomWebAuthError extends DicomWebError {
  override name = 'DicomWebAuthError';
}

/** 401 and 403: the local message, the same for every request, that never repeats what was sent. */
const refusedCredentials = (status: number) => new DicomWebAuthError(`the PACS refused the credentials (HTTP ${status}): enter them again`);

/** The reader closed (or replaced) what was being opened: not a server problem, never reported as one. */
export class RetrievalCancelled extends Error {
  override name = 'RetrievalCancelled';
  constructor() {
    super('the opening was cancelled');
  }
}

export const MAX_SEARCH_RESULTS = 100;
const INSTANCE_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';
const JSON_ACCEPT = 'application/dicom+json, application/json';

const TAG = {
  studyDate: '00080020',
  modalitiesInStudy: '00080061',
  studyDescription: '00081030',
  patientName: '00100010',
  patientId: '00100020',
  studyInstanceUid: '0020000D',
  seriesInstanceUid: '0020000E',
  sopInstanceUid: '00080018',
  numberOfStudyRelatedInstances: '00201208',
  failureReason: '00081197',
  failedSopSequence: '00081198',
  referencedSopSequence: '00081199',
  referencedSopInstanceUid: '00081155',
} as const;

// ---------------------------------------------------------------------------------------------
// DICOM JSON (PS3.18 §F.2): pure reading of untrusted values.

type DicomJsonDataset = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function values(dataset: DicomJsonDataset, tag: string): unknown[] {
  const element = dataset[tag] ?? dataset[tag.toLowerCase()];
  if (!isRecord(element) || !Array.isArray(element.Value)) return [];
  return element.Value;
}

/** Text of an attribute's values (a person name by its alphabetic form), `\` between several. */
export function stringValue(dataset: DicomJsonDataset, tag: string): string {
  return values(dataset, tag)
    .map((value) => {
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      if (isRecord(value) && typeof value.Alphabetic === 'string') return value.Alphabetic;
      return '';
    })
    .filter((text) => text !== '')
    .join('\\')
    .trim();
}

export function dicomJsonDateToIso(value: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day) ? `${year}-${month}-${day}` : null;
}

function integerValue(dataset: DicomJsonDataset, tag: string): number | null {
  const first = values(dataset, tag)[0];
  const number = typeof first === 'string' ? Number(first.trim()) : first;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : null;
}

/** The datasets of a QIDO-RS answer; anything but an array of objects is not DICOM JSON. */
export function parseDicomJson(text: string, what: string): DicomJsonDataset[] {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? [] : JSON.parse(text);
  } catch {
    throw new DicomWebError(`the answer to ${what} is not DICOM JSON (it does not parse as JSON)`);
  }
  if (!Array.isArray(parsed) || !parsed.every(isRecord)) throw new DicomWebError(`the answer to ${what} is not DICOM JSON (not a list of datasets)`);
  return parsed;
}

/** Rows of a study search; datasets without a Study Instance UID are left out. */
export function studyRowsFromDicomJson(datasets: readonly DicomJsonDataset[]): StudyRow[] {
  return datasets.flatMap((dataset): StudyRow[] => {
    const studyInstanceUid = stringValue(dataset, TAG.studyInstanceUid);
    if (!isUid(studyInstanceUid)) return [];
    const modalities = values(dataset, TAG.modalitiesInStudy).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
    return [
      {
        studyInstanceUid,
        patientName: stringValue(dataset, TAG.patientName),
        patientId: stringValue(dataset, TAG.patientId),
        studyDate: dicomJsonDateToIso(stringValue(dataset, TAG.studyDate)),
        description: stringValue(dataset, TAG.studyDescription),
        modalities: [...new Set(modalities.map((modality) => modality.trim()))],
        numberOfInstances: integerValue(dataset, TAG.numberOfStudyRelatedInstances),
      },
    ];
  });
}

/** A DICOM UID: digits and dots, at most 64 characters. Anything else is not put into a URL. */
export function isUid(value: string): boolean {
  return /^[0-9]+(\.[0-9]+)*$/.test(value) && value.length <= 64;
}

/** UIDs of one attribute over a list of datasets (series or instances), each once. */
export function uidsFromDicomJson(datasets: readonly DicomJsonDataset[], tag: string): string[] {
  return [...new Set(datasets.map((dataset) => stringValue(dataset, tag)).filter(isUid))];
}

// ---------------------------------------------------------------------------------------------
// Queries.

const isoToDicomDate = (iso: string, label: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || dicomJsonDateToIso(iso.replaceAll('-', '')) === null) {
    throw new DicomWebError(`the ${label} date ${JSON.stringify(iso)} is not a date (YYYY-MM-DD)`);
  }
  return iso.replaceAll('-', '');
};

const hasWildcard = (text: string) => /[*?]/.test(text);

/** The QIDO-RS query string of a study search (without the leading `?`). */
export function studySearchParameters(query: StudyQuery, limit = MAX_SEARCH_RESULTS + 1): URLSearchParams {
  const parameters = new URLSearchParams();
  const name = query.patientName?.trim() ?? '';
  if (name !== '') parameters.set('PatientName', hasWildcard(name) ? name : `${name}*`);
  const id = query.patientId?.trim() ?? '';
  if (id !== '') parameters.set('PatientID', id);
  const from = query.studyDateFrom?.trim() ? isoToDicomDate(query.studyDateFrom.trim(), 'start') : '';
  const to = query.studyDateTo?.trim() ? isoToDicomDate(query.studyDateTo.trim(), 'end') : '';
  if (from && to && from > to) throw new DicomWebError('the start date is after the end date');
  if (from || to) parameters.set('StudyDate', from === to ? from : `${from}-${to}`);
  for (const tag of [TAG.patientName, TAG.patientId, TAG.studyDate, TAG.studyDescription, TAG.modalitiesInStudy, TAG.numberOfStudyRelatedInstances]) {
    parameters.append('includefield', tag);
  }
  parameters.set('limit', String(limit));
  return parameters;
}

/** The server's base URL without trailing slashes; only http and https are accepted. */
export function normalizeBaseUrl(value: string, pageUrl: string): string {
  let url: URL;
  try {
    url = new URL(value.trim(), pageUrl);
  } catch {
    throw new DicomWebError(`${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DicomWebError(`the DICOMweb server must be an http or https URL, not ${url.protocol}`);
  if (url.username || url.password) throw new DicomWebError('put no user name or password in the DICOMweb URL');
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/** The items of a sequence attribute (SQ) in DICOM JSON. */
function sequenceItems(dataset: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return values(dataset, tag).filter(isRecord);
}

/** Failure Reason codes of STOW-RS (PS3.18 Table 10.5.3-1, PS3.4 Annex GG). */
const STORE_FAILURE_REASONS: Readonly<Record<number, string>> = {
  0xa700: 'out of resources',
  0xa900: 'the data set does not match the SOP class',
  0xc000: 'the server cannot understand it',
  0xc122: 'referenced transfer syntax not supported',
  0x0110: 'processing failure',
  0x0122: 'SOP class not supported',
};

/** Reads a STOW-RS response body (the Store Instances Response Module) into stored and failed instances. */
export function storeResultFromDicomJson(datasets: readonly DicomJsonDataset[]): StoreResult {
  const response = datasets[0] ?? {};
  const stored = sequenceItems(response, TAG.referencedSopSequence).map((item) => stringValue(item, TAG.referencedSopInstanceUid));
  const failed = sequenceItems(response, TAG.failedSopSequence).map((item) => {
    const code = Number(values(item, TAG.failureReason)[0]);
    return { sopInstanceUid: stringValue(item, TAG.referencedSopInstanceUid), reason: STORE_FAILURE_REASONS[code] ?? (Number.isFinite(code) ? `failure reason ${code}` : 'no reason given') };
  });
  return { stored, failed };
}

/** A multipart/related body of Part-10 files for STOW-RS (PS3.18 §10.5). */
export function storeRequestBody(files: readonly StoreFile[], boundary: string): Blob {
  const parts: BlobPart[] = [];
  for (const file of files) parts.push(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, file.bytes, '\r\n');
  parts.push(`--${boundary}--\r\n`);
  return new Blob(parts);
}

// ---------------------------------------------------------------------------------------------
// The client.

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createDicomWebClient(fetchUrl: DicomWebFetch, baseUrl: string): DicomWebClient {
  const get = async (path: string, accept: string, what: string, signal?: AbortSignal): Promise<DicomWebResponse> => {
    if (signal?.aborted) throw new RetrievalCancelled();
    let response: DicomWebResponse;
    try {
      response = await fetchUrl(`${baseUrl}${path}`, { headers: { Accept: accept }, ...(signal ? { signal } : {}) });
    } catch (error) {
      if (signal?.aborted) throw new RetrievalCancelled();
      if (error instanceof DicomWebError) throw error;
      throw new DicomWebError(
        `could not reach the DICOMweb server at ${baseUrl} (${messageOf(error)}): is it running, and does it accept requests from this page?`,
      );
    }
    if (response.status === 401 || response.status === 403) throw refusedCredentials(response.status);
    if (!response.ok) {
      throw new DicomWebError(`the DICOMweb server at ${baseUrl} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} to ${what}`);
    }
    return response;
  };

  const getJson = async (path: string, what: string, signal?: AbortSignal): Promise<DicomJsonDataset[]> => {
    const response = await get(path, JSON_ACCEPT, what, signal);
    if (response.status === 204) return [];
    const type = parseMediaType(response.headers.get('content-type') ?? '').type;
    if (type !== '' && !type.endsWith('json')) throw new DicomWebError(`the answer to ${what} is not DICOM JSON (it is ${type}): is ${baseUrl} a DICOMweb server?`);
    const text = new TextDecoder().decode(await response.arrayBuffer());
    return parseDicomJson(text, what);
  };

  /** The Part-10 files in a WADO-RS answer for one instance, as views of the answer's bytes. */
  const retrieveParts = async (studyUid: string, seriesUid: string, sopUid: string, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>[]> => {
    const path = `/studies/${studyUid}/series/${seriesUid}/instances/${sopUid}`;
    const response = await get(path, INSTANCE_ACCEPT, 'the retrieval of this instance', signal);
    const mediaType = parseMediaType(response.headers.get('content-type') ?? '');
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      // an abort while the body streams in rejects here, not at fetch
      if (signal?.aborted) throw new RetrievalCancelled();
      throw error;
    }
    if (mediaType.type === 'application/dicom') return [bytes];
    if (mediaType.type !== 'multipart/related') throw new DicomWebError(`the server answered ${mediaType.type || 'without a content type'}, not multipart/related`);
    const boundary = mediaType.parameters.boundary;
    if (!boundary) throw new DicomWebError('the server answered multipart/related without a boundary');
    const parts = parseMultipart(bytes, boundary).filter((part) => {
      const type = parseMediaType(part.headers['content-type'] ?? mediaType.parameters.type ?? '').type;
      return type === 'application/dicom';
    });
    if (parts.length === 0) throw new DicomWebError('the answer held no DICOM file (no application/dicom part)');
    return parts.map((part) => part.body);
  };
  const asFile = (part: Uint8Array<ArrayBuffer>) => new Blob([part], { type: 'application/dicom' });
  const retrieveInstance = async (studyUid: string, seriesUid: string, sopUid: string, signal?: AbortSignal): Promise<Blob[]> =>
    (await retrieveParts(studyUid, seriesUid, sopUid, signal)).map(asFile);

  /** The first Part-10 file of an instance's WADO-RS answer, or an error that says what was wrong. */
  const retrieveFirstPart = async ({ studyUid, seriesUid, sopUid }: InstanceRef, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> => {
    try {
      return (await retrieveParts(studyUid, seriesUid, sopUid, signal))[0]!;
    } catch (error) {
      if (error instanceof RetrievalCancelled) throw error;
      const reason = error instanceof MultipartError ? `the server's answer is not a readable multipart body: ${error.message}` : messageOf(error);
      throw new (error instanceof DicomWebAuthError ? DicomWebAuthError : DicomWebError)(`could not be retrieved: ${reason}`);
    }
  };

  const seriesUidsOf = async (studyUid: string, signal?: AbortSignal) => {
    if (!isUid(studyUid)) throw new DicomWebError(`${JSON.stringify(studyUid)} is not a Study Instance UID`);
    return uidsFromDicomJson(await getJson(`/studies/${studyUid}/series`, `the series list of study ${studyUid}`, signal), TAG.seriesInstanceUid);
  };

  /** The instances one series' metadata describes; those without a SOP Instance UID to address them are failures. */
  const describeSeries = async (studyUid: string, seriesUid: string, metadata: StudyMetadata, signal?: AbortSignal) => {
    const where = `PACS/${studyUid}/${seriesUid}`;
    let datasets: DicomJsonDataset[];
    try {
      datasets = await getJson(`/studies/${studyUid}/series/${seriesUid}/metadata`, `the metadata of series ${seriesUid}`, signal);
    } catch (error) {
      if (error instanceof RetrievalCancelled) throw error;
      metadata.failures.push({ fileName: where, message: `the metadata of this series could not be retrieved: ${messageOf(error)}` });
      return;
    }
    if (datasets.length === 0) metadata.failures.push({ fileName: where, message: 'the server lists no instances in this series' });
    datasets.forEach((dataset, index) => {
      const sopUid = stringValue(dataset, TAG.sopInstanceUid);
      if (!isUid(sopUid)) {
        metadata.failures.push({ fileName: `${where}/instance ${index + 1}`, message: "the server's metadata gives no valid SOP Instance UID: not retrieved" });
        return;
      }
      metadata.instances.push({ studyUid, seriesUid, sopUid, name: `${where}/${sopUid}.dcm`, dataset });
    });
  };

  const store = async (files: readonly StoreFile[]): Promise<StoreResult> => {
    const boundary = `nadir-${crypto.randomUUID()}`;
    let response: DicomWebResponse;
    try {
      response = await fetchUrl(`${baseUrl}/studies`, {
        method: 'POST',
        headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: 'application/dicom+json' },
        body: storeRequestBody(files, boundary),
      });
    } catch (error) {
      if (error instanceof DicomWebError) throw new (error instanceof DicomWebAuthError ? DicomWebAuthError : DicomWebError)(`${error.message}: nothing was stored`);
      throw new DicomWebError(`could not reach the DICOMweb server at ${baseUrl} (${messageOf(error)}): nothing was stored`);
    }
    if (response.status === 401 || response.status === 403) throw new DicomWebAuthError(`${refusedCredentials(response.status).message}: nothing was stored`);
    const text = new TextDecoder().decode(await response.arrayBuffer());
    let result: StoreResult | null = null;
    try {
      result = text.trim() ? storeResultFromDicomJson(parseDicomJson(text, 'the store request')) : null;
    } catch {
      // an error page instead of a DICOM JSON answer: the status below says what happened
    }
    // 200: all stored; 202: some refused; 409: all refused (PS3.18 §10.5.3). Some servers answer 200 without a body.
    if (!response.ok && response.status !== 409) {
      throw new DicomWebError(`the DICOMweb server at ${baseUrl} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} to the store request: nothing was stored`);
    }
    if (result) return result;
    if (response.status === 200) return { stored: files.map((file) => file.sopInstanceUid), failed: [] };
    throw new DicomWebError(`the DICOMweb server at ${baseUrl} refused the store request (HTTP ${response.status}) without saying why`);
  };

  return {
    baseUrl,
    storeInstances: store,

    async searchStudies(query) {
      const parameters = studySearchParameters(query);
      const rows = studyRowsFromDicomJson(await getJson(`/studies?${parameters.toString()}`, 'the study search'));
      return { studies: rows.slice(0, MAX_SEARCH_RESULTS), truncated: rows.length > MAX_SEARCH_RESULTS };
    },

    retrieveInstance: async (instance, signal) => asFile(await retrieveFirstPart(instance, signal)),
    async retrieveInstanceBytes(instance, signal) {
      const part = await retrieveFirstPart(instance, signal);
      // the answer itself when it is the file (application/dicom); a multipart answer's part is copied out, so that
      // what is moved on holds the file alone
      return part.byteOffset === 0 && part.byteLength === part.buffer.byteLength ? part.buffer : part.slice().buffer;
    },

    async retrieveMetadata(studyUid, onProgress, signal) {
      onProgress(0, 0);
      const seriesUids = await seriesUidsOf(studyUid, signal);
      let done = 0;
      onProgress(0, seriesUids.length);
      // every series at once (few per study): the slowest decides when the stacks can be built
      const perSeries = await Promise.all(
        seriesUids.map(async (seriesUid) => {
          const part: StudyMetadata = { instances: [], failures: [] };
          await describeSeries(studyUid, seriesUid, part, signal);
          onProgress(++done, seriesUids.length);
          return part;
        }),
      );
      // in the server's series order, whatever order the answers came in
      return {
        instances: perSeries.flatMap((part) => part.instances),
        failures: seriesUids.length === 0 ? [{ fileName: `PACS/${studyUid}`, message: 'the server lists no series in this study' }] : perSeries.flatMap((part) => part.failures),
      };
    },

    async retrieveStructuredReports(onProgress, signal) {
      onProgress(0, 0);
      const studyUids = uidsFromDicomJson(await getJson('/studies?ModalitiesInStudy=SR', 'the search for studies with an SR', signal), TAG.studyInstanceUid);
      return retrieveSeriesOf(studyUids, '?Modality=SR', onProgress, signal);
    },

    async hasSeriesMatching(studyUids, query) {
      const found = await Promise.all(studyUids.map(async (studyUid) => (await matchingSeries(studyUid, query)).length > 0));
      return found.includes(true);
    },

    async retrieveSeriesMatching(studyUids, query, onProgress) {
      onProgress(0, 0);
      // only the studies that hold such a series: the others are not a failure
      const holding = (await Promise.all(studyUids.map(async (studyUid) => ((await matchingSeries(studyUid, query)).length > 0 ? [studyUid] : [])))).flat();
      return retrieveSeriesOf(holding, `?${new URLSearchParams(query).toString()}`, onProgress);
    },

  };

  async function matchingSeries(studyUid: string, query: Readonly<Record<string, string>>): Promise<string[]> {
    if (!isUid(studyUid)) throw new DicomWebError(`${JSON.stringify(studyUid)} is not a Study Instance UID`);
    return uidsFromDicomJson(await getJson(`/studies/${studyUid}/series?${new URLSearchParams(query).toString()}`, `the series search of study ${studyUid}`), TAG.seriesInstanceUid);
  }

  /** Every instance of the series of these studies (those the series query keeps), a few retrievals at a time. */
  async function retrieveSeriesOf(studyUids: readonly string[], seriesQuery: string, onProgress: ProgressListener, signal?: AbortSignal): Promise<FetchedFiles> {
    const files: SourceFile[] = [];
    const failures: FetchedFiles['failures'] = [];
    const wanted: { studyUid: string; seriesUid: string; sopUid: string }[] = [];
    for (const studyUid of studyUids) {
      const seriesUids = uidsFromDicomJson(await getJson(`/studies/${studyUid}/series${seriesQuery}`, `the series list of study ${studyUid}`, signal), TAG.seriesInstanceUid);
      if (seriesUids.length === 0) failures.push({ fileName: `PACS/${studyUid}`, message: 'the server lists no series in this study' });
      for (const seriesUid of seriesUids) {
        try {
          const what = `the instance list of series ${seriesUid}`;
          const sopUids = uidsFromDicomJson(await getJson(`/studies/${studyUid}/series/${seriesUid}/instances`, what, signal), TAG.sopInstanceUid);
          if (sopUids.length === 0) failures.push({ fileName: `PACS/${studyUid}/${seriesUid}`, message: 'the server lists no instances in this series' });
          for (const sopUid of sopUids) wanted.push({ studyUid, seriesUid, sopUid });
        } catch (error) {
          if (error instanceof RetrievalCancelled) throw error;
          failures.push({ fileName: `PACS/${studyUid}/${seriesUid}`, message: `the instances of this series could not be listed: ${messageOf(error)}` });
        }
      }
    }
    let next = 0;
    let done = 0;
    onProgress(0, wanted.length);
    const worker = async () => {
      while (next < wanted.length) {
        const { studyUid, seriesUid, sopUid } = wanted[next++]!;
        const name = `PACS/${studyUid}/${seriesUid}/${sopUid}`;
        try {
          const blobs = await retrieveInstance(studyUid, seriesUid, sopUid, signal);
          blobs.forEach((blob, index) => files.push({ name: index === 0 ? `${name}.dcm` : `${name}.part${index + 1}.dcm`, blob }));
        } catch (error) {
          if (error instanceof RetrievalCancelled) throw error;
          const reason = error instanceof MultipartError ? `the server's answer is not a readable multipart body: ${error.message}` : messageOf(error);
          failures.push({ fileName: `${name}.dcm`, message: `could not be retrieved: ${reason}` });
        }
        done += 1;
        onProgress(done, wanted.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(SR_RETRIEVALS_IN_FLIGHT, wanted.length) }, worker));
    return { files, failures };
  }
}

// ---------------------------------------------------------------------------------------------
// The remembered server URL.

/** The configured DICOMweb server: its remembered URL, and a client for a URL. */
export interface DicomWebService {
  settings: DicomWebSettings;
  connect(baseUrl: string): DicomWebClient;
  /** What the server asks for and what the reader has entered (src/datasources/pacsCredentials.ts). */
  credentials: CredentialsStore;
  /** Why the deployment's nadir.config.json cannot be used (every request then fails with it), or null. */
  configProblem: string | null;
}

export interface DicomWebSettings {
  /** The server to use: the remembered one, or the default. */
  load(): string;
  save(baseUrl: string): void;
  readonly defaultUrl: string;
  /** Set by the deployment's configuration file: shown, not editable, never remembered. */
  readonly fixed: boolean;
}

/** The server a configuration file names: the deployment decides it, the reader does not. */
export function fixedDicomWebSettings(baseUrl: string): DicomWebSettings {
  return { defaultUrl: baseUrl, fixed: true, load: () => baseUrl, save: () => {} };
}

const STORAGE_KEY = 'nadir.dicomweb.baseUrl';

export function createDicomWebSettings(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null, defaultUrl: string): DicomWebSettings {
  return {
    defaultUrl,
    fixed: false,
    load() {
      try {
        return storage?.getItem(STORAGE_KEY) || defaultUrl;
      } catch {
        return defaultUrl;
      }
    },
    save(baseUrl) {
      try {
        if (baseUrl === defaultUrl) storage?.removeItem(STORAGE_KEY);
        else storage?.setItem(STORAGE_KEY, baseUrl);
      } catch {
        // Storage may be disabled (private mode): the URL is then not remembered.
      }
    },
  };
}
