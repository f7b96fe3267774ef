import type { SourceFile } from '../state/studyModel';
import type { FetchedFiles, ProgressListener } from './sourceTypes';

/** One bundled sample study, as listed in /samples/catalog.json (written by the build). */
export interface SampleStudy {
  id: string;
  title: string;
  description: string;
  licence: string;
  files: string[];
  /** the URLs of the case's reference read, DICOM SR, one per timepoint (issue 16: quiz mode compares a learner with it); empty when none */
  referenceSrs: string[];
}

export type FetchLike = (url: string) => Promise<Pick<Response, 'ok' | 'status' | 'json' | 'blob'>>;

export interface SampleStudySource {
  list(): Promise<SampleStudy[]>;
  load(studies: readonly SampleStudy[], onProgress: ProgressListener): Promise<FetchedFiles>;
  /** The SR files of a case's reference read, as bytes (the SR service reads and checks them); throws with the reason otherwise. */
  referenceFiles(urls: readonly string[]): Promise<{ name: string; bytes: ArrayBuffer }[]>;
}

const CONCURRENT_DOWNLOADS = 6;

/** The patient a sample belongs to: its top folder under sample-data/ (studies of one patient share it). */
export function sampleGroup(study: SampleStudy): string {
  return study.id.split('/')[0] ?? study.id;
}

export function createSampleStudySource(fetchFile: FetchLike, baseUrl: string): SampleStudySource {
  const get = async (path: string) => {
    const response = await fetchFile(new URL(path.replace(/^\//, ''), baseUrl).toString());
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    return response;
  };
  return {
    async list() {
      return (await (await get('samples/catalog.json')).json()) as SampleStudy[];
    },
    async referenceFiles(urls) {
      return Promise.all(urls.map(async (url) => ({ name: url.replace(/^\/samples\//, ''), bytes: await (await (await get(url)).blob()).arrayBuffer() })));
    },
    async load(studies, onProgress) {
      const paths = studies.flatMap((study) => study.files);
      const files: SourceFile[] = [];
      const failures: FetchedFiles['failures'] = [];
      let next = 0;
      const download = async () => {
        while (next < paths.length) {
          const path = paths[next++]!;
          const name = path.replace(/^\/samples\//, '');
          try {
            files.push({ name, blob: await (await get(path)).blob() });
          } catch (error) {
            failures.push({ fileName: name, message: `could not be downloaded: ${error instanceof Error ? error.message : String(error)}` });
          }
          onProgress(files.length + failures.length, paths.length);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENT_DOWNLOADS }, download));
      return { files, failures };
    },
  };
}
