import { createSampleStudySource, type SampleStudySource } from '../datasources/sampleStudies';
import { createWorkerFileReader, type DicomFileReader } from '../dicom/fileReader';
import type { CornerstoneRuntime } from '../viewer/cornerstoneRuntime';

/** Everything with side effects, created once here and handed down. */
export interface Services {
  samples: SampleStudySource;
  fileReader: DicomFileReader;
  /** Cornerstone loads in its own chunk, started at once so it is ready by the time files arrive. */
  viewerRuntime: Promise<CornerstoneRuntime>;
}

export function createServices(): Services {
  return {
    samples: createSampleStudySource((url) => fetch(url), document.baseURI),
    fileReader: createWorkerFileReader(),
    viewerRuntime: import('../viewer/cornerstoneRuntime').then((module) => module.startCornerstone()),
  };
}
