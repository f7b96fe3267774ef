import type { SourceFile } from '../dicom/series';

/** One bundled sample study, as listed in /samples/catalog.json (written by the build). */
export interface SampleStudy {
  id: string;
  title: string;
  description: string;
  licence: string;
  files: string[];
}

export type FetchLike = (url: string) => Promise<Pick<Response, 'ok' | 'status' | 'json' | 'arrayBuffer'>>;

export interface SampleStudySource {
  list(): Promise<SampleStudy[]>;
  load(study: SampleStudy, onProgress: (loaded: number, total: number) => void): Promise<SourceFile[]>;
}

const CONCURRENT_DOWNLOADS = 6;

export function createSampleStudySource(fetchFile: FetchLike, baseUrl: string): SampleStudySource {
  const get = async (path: string) => {
    const response = await fetchFile(new URL(path, baseUrl).toString());
    if (!response.ok) throw new Error(`${path}: the server answered ${response.status}`);
    return response;
  };
  return {
    async list() {
      return (await (await get('samples/catalog.json')).json()) as SampleStudy[];
    },
    async load(study, onProgress) {
      const files: SourceFile[] = new Array<SourceFile>(study.files.length);
      let next = 0;
      let loaded = 0;
      const worker = async () => {
        while (next < study.files.length) {
          const index = next++;
          const path = study.files[index]!;
          const bytes = await (await get(path.replace(/^\//, ''))).arrayBuffer();
          files[index] = { name: path.split('/').pop() ?? path, bytes };
          onProgress(++loaded, study.files.length);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENT_DOWNLOADS }, worker));
      return files;
    },
  };
}
