import { authorizingFetch } from '../datasources/authorizingFetch';
import { createDicomWebClient, createDicomWebSettings, DicomWebError, fixedDicomWebSettings, type DicomWebClient, type DicomWebFetch, type DicomWebService } from '../datasources/dicomWeb';
import { withEarlyMetadata } from '../datasources/earlyMetadata';
import { createCredentialsStore } from '../datasources/pacsCredentials';
import { defaultRuntimeConfig, type LoadedConfig } from '../datasources/runtimeConfig';
import { createSampleStudySource, type SampleStudySource } from '../datasources/sampleStudies';
import { createWorkerFileReader, type DicomFileReader } from '../dicom/fileReader';
import { localStorageJournal, type PendingJournal } from '../state/pendingJournal';
import { openReadStore, type ReadStore } from '../state/readStore';
import { createPlaceStore, type PlaceStore } from '../state/placeStore';
import type { CornerstoneRuntime } from '../viewer/cornerstoneRuntime';
import { startSliceDecoders } from '../viewer/sliceDecode/sliceDecoders';
import type { EngineClient } from '../state/engine';
import type { SrExchange } from '../state/srExchange';
import type { CohortService } from '../state/cohort';
import { createCohortService } from './cohort';
import { filesOf, type CaseExport } from '../state/caseExport';
import { blobOf } from '../state/studyModel';
import { createEngineClient } from './engineClient';
import { createSrExchange } from './srExchange';
import { studyUidsFromAddress } from './deepLink';
import { firstPair } from './pacsStudy';

/** Everything with side effects, created once here and handed down. */
export interface Services {
  samples: SampleStudySource;
  fileReader: DicomFileReader;
  /** DICOMweb: the server of nadir.config.json, else the remembered URL (default: this origin's /dicom-web proxy); a client for it. */
  dicomWeb: DicomWebService;
  /** The studies the page address names (a worklist's link), to open from the configured server */
  address: AddressOpening;
  /** Cornerstone loads in its own chunk, started at once so it is ready by the time files arrive. */
  viewerRuntime: Promise<CornerstoneRuntime>;
  /** Reads and their audit logs, in this browser's IndexedDB */
  readStore: Promise<ReadStore>;
  /** Changes shown but not yet stored, kept synchronously (localStorage) for a tab that closes */
  journal: PendingJournal;
  engine: EngineClient;
  /** DICOM SR export and import, loaded on first use */
  srExchange: SrExchange;
  /** Where the reader is, per tab (sessionStorage): what a reload returns to */
  place: PlaceStore;
  /** The open studies as a de-identified teaching case, loaded on first use */
  caseExport: CaseExport;
  /** The cohort of a PACS (issue 15 §6): its Nadir reads, adjudication, plots */
  cohort: CohortService;
}

const caseExport: CaseExport = {
  async deidentify(studies, onProgress) {
    const { deidentifiedCase } = await import('../dicom/deidentify/caseArchive');
    const files = filesOf(studies).map((file) => ({ name: file.name, bytes: async () => new Uint8Array(await (await blobOf(file)).arrayBuffer()) }));
    return deidentifiedCase(files, onProgress);
  },
};

/**
 * The DICOMweb server of the deployment's nadir.config.json (fixed, with its authentication), or,
 * without that file, the remembered or default one. A malformed file makes every request fail with
 * its named problem rather than quietly use another server.
 */
function dicomWebService(loaded: LoadedConfig): DicomWebService {
  const config = loaded.kind === 'ok' ? loaded.config : defaultRuntimeConfig;
  const configProblem = loaded.kind === 'malformed' ? loaded.message : null;
  const credentials = createCredentialsStore(config.dicomWeb.auth);
  const baseUrl = new URL(config.dicomWeb.baseUrl, location.origin).toString().replace(/\/+$/, '');
  const settings = config.fromFile || configProblem ? fixedDicomWebSettings(baseUrl) : createDicomWebSettings(storageOrNull(), baseUrl);
  const send: DicomWebFetch = configProblem
    ? () => Promise.reject(new DicomWebError(configProblem))
    : authorizingFetch((url, init) => fetch(url, init), credentials, baseUrl);
  return { settings, credentials, configProblem, connect: (url) => createDicomWebClient(send, url) };
}

export interface AddressOpening {
  uids: string[];
  /** values of the address that are no Study Instance UID: named, not opened */
  rejected: string[];
  /** the configured server, already retrieving the metadata of the studies shown first; null without studies */
  client: DicomWebClient | null;
  /** resolves once those studies' series metadata has been asked for (at once without studies) */
  metadataAsked: Promise<void>;
}

/**
 * The address's studies, their metadata asked for now rather than once React has rendered the page
 * (some 400 ms later on a 2-core machine). The pair shown first is the one the opening takes first:
 * an address's studies open with no timepoints kept (App's opening).
 */
function addressOpening(dicomWeb: DicomWebService): AddressOpening {
  const { uids, rejected } = studyUidsFromAddress(location.search);
  if (uids.length === 0) return { uids, rejected, client: null, metadataAsked: Promise.resolve() };
  const early = withEarlyMetadata(dicomWeb.connect(dicomWeb.settings.load()), firstPair(uids, null).first);
  return { uids, rejected, client: early.client, metadataAsked: early.asked };
}

/** How long the viewer's chunks wait at most for an address's series metadata to be asked for. */
const VIEWER_START_WAIT_MAX_MS = 300;

export function createServices(config: LoadedConfig): Services {
  const place = createPlaceStore(sessionStorageOrNull());
  // A change made in the last moment before a reload is written as the page goes.
  window.addEventListener('pagehide', () => place.flush());
  const engine = createEngineClient();
  const fileReader = createWorkerFileReader();
  const sliceDecoders = startSliceDecoders();
  const dicomWeb = dicomWebService(config);
  const address = addressOpening(dicomWeb);
  // An address's series metadata is asked for before Cornerstone's chunks run: their evaluation, two
  // long tasks (some 400 ms together, warm, on 2 cores), held the request back by half a second. The
  // metadata then streams in while they run. A slow series list does not hold them back longer.
  const viewerStart = Promise.race([address.metadataAsked, new Promise<void>((resolve) => setTimeout(resolve, VIEWER_START_WAIT_MAX_MS))]);
  // Cornerstone's chunk and its tools' are fetched side by side: the tools' would otherwise be asked
  // for only once Cornerstone has started, and every viewport waits for them (~200 ms warm, 2 cores).
  const readingTools = viewerStart.then(() => import('../viewer/interactionTools'));
  return {
    samples: createSampleStudySource((url) => fetch(url), document.baseURI),
    fileReader,
    dicomWeb,
    address,
    viewerRuntime: viewerStart.then(() => import('../viewer/cornerstoneRuntime')).then((module) => module.startCornerstone(sliceDecoders, readingTools)),
    readStore: openReadStore(),
    journal: localStorageJournal(),
    engine,
    cohort: createCohortService(engine),
    srExchange: createSrExchange(),
    caseExport,
    place,
  };
}

function storageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
