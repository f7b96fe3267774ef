import { cpSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Serves the bundled sample studies under /samples/ (dev and preview) and copies them into the
 * production build, together with a catalog the app reads to list them. A study is any folder below
 * sample-data/ that holds a `sample.json` (title, description, licence) and .dcm files below it.
 */
export interface SampleCatalogEntry {
  id: string;
  title: string;
  description: string;
  licence: string;
  files: string[];
  /** the URLs of the case's reference read (DICOM SR, one per timepoint, issue 16); empty when it has none */
  referenceSrs: string[];
}

/**
 * A case's reference read: its SRs in this folder of the patient's top folder under sample-data/,
 * beside the studies and never among a study's files (opening the study must not open the answer).
 */
export const REFERENCE_SR_FOLDER = 'reference-read';

const URL_PREFIX = '/samples/';

function listDicomFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listDicomFiles(path);
      return entry.name.toLowerCase().endsWith('.dcm') ? [path] : [];
    })
    .sort();
}

function findStudyFolders(dir: string): string[] {
  if (existsSync(join(dir, 'sample.json'))) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => findStudyFolders(join(dir, entry.name)));
}

const toUrlPath = (sampleRoot: string, file: string) => relative(sampleRoot, file).split(sep).join('/');

export function buildCatalog(sampleRoot: string): SampleCatalogEntry[] {
  if (!existsSync(sampleRoot)) return [];
  return findStudyFolders(sampleRoot)
    .map((dir) => {
      const info = JSON.parse(readFileSync(join(dir, 'sample.json'), 'utf8')) as Omit<SampleCatalogEntry, 'id' | 'files'>;
      const files = listDicomFiles(dir).map((file) => URL_PREFIX + toUrlPath(sampleRoot, file));
      const id = toUrlPath(sampleRoot, dir);
      const reference = join(sampleRoot, id.split('/')[0] ?? id, REFERENCE_SR_FOLDER);
      const referenceSrs = existsSync(reference) && reference !== dir ? listDicomFiles(reference).map((file) => URL_PREFIX + toUrlPath(sampleRoot, file)) : [];
      return { id, title: info.title, description: info.description, licence: info.licence, files, referenceSrs };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function sampleStudies(sampleRoot: string): Plugin {
  return {
    name: 'nadir-sample-studies',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
        if (!url.startsWith(URL_PREFIX)) return next();
        if (url === `${URL_PREFIX}catalog.json`) {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify(buildCatalog(sampleRoot)));
          return;
        }
        const file = join(sampleRoot, url.slice(URL_PREFIX.length));
        // Refuse anything that would escape the sample folder.
        if (relative(sampleRoot, file).startsWith('..') || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/dicom');
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'samples/catalog.json', source: JSON.stringify(buildCatalog(sampleRoot)) });
    },
    writeBundle(options) {
      // Copied on disk rather than emitted: the studies are large and need not pass through memory.
      const outDir = options.dir ?? 'dist';
      for (const study of buildCatalog(sampleRoot)) {
        for (const url of [...study.files, ...study.referenceSrs]) {
          const relativePath = url.slice(URL_PREFIX.length);
          const target = join(outDir, 'samples', relativePath);
          mkdirSync(dirname(target), { recursive: true });
          cpSync(join(sampleRoot, relativePath), target);
        }
      }
    },
  };
}
