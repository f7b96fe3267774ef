import { createDicomWebClient, createDicomWebSettings, type DicomWebService } from '../datasources/dicomWeb';
import { createSampleStudySource, type SampleStudySource } from '../datasources/sampleStudies';
import { createWorkerFileReader, type DicomFileReader } from '../dicom/fileReader';
import { localStorageJournal, type PendingJournal } from '../state/pendingJournal';
import { openReadStore, type ReadStore } from '../state/readStore';
import { createPlaceStore, type PlaceStore } from '../state/placeStore';
import type { CornerstoneRuntime } from '../viewer/cornerstoneRuntime';
import type { EngineClient } from '../state/engine';
import type { SrExchange } from '../state/srExchange';
import type { CohortService } from '../state/cohort';
import { createCohortService } from './cohort';
import { filesOf, type CaseExport } from '../state/caseExport';
import { blobOf } from '../state/studyModel';
import { createEngineClient } from './engineClient';
import { createSrExchange } from './srExchange';

/** Everything with side effects, created once here and handed down. */
export interface Services {
  samples: SampleStudySource;
  fileReader: DicomFileReader;
  /** DICOMweb: the remembered server URL (default: this origin's /dicom-web proxy) and a client for a URL. */
  dicomWeb: DicomWebService;
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

export function createServices(): Services {
  const place = createPlaceStore(sessionStorageOrNull());
  // A change made in the last moment before a reload is written as the page goes.
  window.addEventListener('pagehide', () => place.flush());
  const engine = createEngineClient();
  return {
    samples: createSampleStudySource((url) => fetch(url), document.baseURI),
    fileReader: createWorkerFileReader(),
    dicomWeb: {
      settings: createDicomWebSettings(storageOrNull(), `${location.origin}/dicom-web`),
      connect: (baseUrl) => createDicomWebClient((url, init) => fetch(url, init), baseUrl),
    },
    viewerRuntime: import('../viewer/cornerstoneRuntime').then((module) => module.startCornerstone()),
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
