import { describeProblem } from '../fileProblems';
import { createDeidentifier } from './deidentify';
import { randomSecret } from './keys';
import { METHOD_TEXT } from './profile';
import { writeZip, type ZipEntry } from './zip';

/** A file of the case as the app holds it: the name it was opened under and its bytes. */
export interface CaseFile {
  name: string;
  bytes: () => Promise<Uint8Array>;
}

export interface CaseArchive {
  zip: Uint8Array<ArrayBuffer>;
  written: number;
  /** files not copied, by name, and why */
  skipped: { name: string; reason: string }[];
  /** files whose pixels may show identifiers (Burned In Annotation YES): copied, and flagged */
  burnedIn: string[];
  /** SRs whose content tree was kept, free text unreviewed */
  structuredContentKept: string[];
}

/**
 * The studies of a case as one ZIP of de-identified DICOM files (PS3.15 Basic Profile, Modified Dates
 * option; ./profile.ts), with a README.txt listing what was done and what was skipped.
 * The secret is random and forgotten: nobody, the exporter included, can map the case back. A file is
 * placed under its pseudonymous patient and the name it was opened under, whose folders are replaced
 * by a counter (a folder may be named after the patient).
 */
export async function deidentifiedCase(files: readonly CaseFile[], onProgress: (done: number, total: number) => void = () => {}): Promise<CaseArchive> {
  const deidentifier = createDeidentifier({ secret: randomSecret() });
  const entries: ZipEntry[] = [];
  const archive: Omit<CaseArchive, 'zip' | 'written'> = { skipped: [], burnedIn: [], structuredContentKept: [] };
  const folders = new Map<string, string>();
  for (const [index, file] of files.entries()) {
    const outcome = deidentifier.file(await file.bytes());
    if (outcome.kind === 'skipped') archive.skipped.push({ name: file.name, reason: describeProblem(outcome.problem) });
    else {
      const parts = file.name.split(/[\\/]/);
      const folder = parts.slice(0, -1).join('/');
      if (!folders.has(folder)) folders.set(folder, `series-${String(folders.size + 1).padStart(3, '0')}`);
      const path = `${outcome.patientId}/${folders.get(folder)}/${String(index + 1).padStart(5, '0')}.dcm`;
      entries.push({ path, bytes: outcome.bytes });
      if (outcome.burnedInAnnotation) archive.burnedIn.push(path);
      if (outcome.structuredContentKept) archive.structuredContentKept.push(path);
    }
    onProgress(index + 1, files.length);
    // let the page paint between files: a 300-file case takes seconds
    if (index % 16 === 15) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  entries.push({ path: 'README.txt', bytes: new TextEncoder().encode(readme(entries.length, archive)) });
  return { zip: writeZip(entries), written: entries.length - 1, ...archive };
}

function readme(written: number, archive: Omit<CaseArchive, 'zip' | 'written'>): string {
  const list = (title: string, items: readonly string[]) => (items.length ? [``, title, ...items.map((item) => `  ${item}`)] : []);
  return [
    'De-identified teaching case, exported by Nadir.',
    '',
    `${METHOD_TEXT}: DICOM PS3.15 Annex E, Basic Application Level Confidentiality Profile (DCM 113100)`,
    'with the Retain Longitudinal Temporal Information with Modified Dates Option (DCM 113107).',
    'Names, IDs, addresses, institutions, physicians, operators, accession numbers, device serials, comments and',
    'private tags are removed or replaced; every UID is replaced consistently across the files (references hold);',
    'dates are shifted by one offset per patient, so intervals between visits are kept. Pixel data is unchanged.',
    `${written} DICOM files. The random key that made the new UIDs, names and dates was not kept.`,
    ...list('NOT COPIED (could not be read as DICOM):', archive.skipped.map((skip) => `${skip.name}: ${skip.reason}`)),
    ...list('CHECK BEFORE SHARING: Burned In Annotation is YES, the pixels may show identifiers:', archive.burnedIn),
    ...list('CHECK BEFORE SHARING: structured reports whose free text was kept unreviewed:', archive.structuredContentKept),
    '',
  ].join('\r\n');
}
