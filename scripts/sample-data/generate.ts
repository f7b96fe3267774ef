// npm run sample-data [-- --force] [-- --out DIR]
// Writes the synthetic longitudinal phantom NADIR^PHANTOM-NET-01 (CT arterial + portal-venous at three
// timepoints, MR T1 post-contrast at two) with ground truth, deterministically. See sample-data/README.md.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDesign } from './checks';
import { writePart10 } from './dcmjs';
import type { GridDesign, SeriesDesign, StudyDesign } from './design';
import {
  CT_GRID, GENERATOR_VERSION, LESIONS, LICENCE, MR_GRID, NOISE_SD, PATIENT, SLICE_COUNT, SLICE_SPACING_MM, STUDIES,
  TIMEPOINT_LABEL, TISSUE, TOP_SLICE_Z,
} from './design';
import type { InstanceContext } from './dicom';
import { ctDataset, mrDataset } from './dicom';
import type { LesionTruth, SliceRef } from './groundTruth';
import { exchangeInput, isoDate, lesionTruth } from './groundTruth';
import { createRng } from './prng';
import { renderSlice } from './render';
import { referenceRead, type ReferenceStudy } from './referenceRead';
import { REFERENCE_SR_FOLDER, referenceSrFiles } from './referenceSr';
import { uidFromName } from './uids';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
export const DEFAULT_OUT = join(REPO, 'sample-data', 'phantom-net-01');
export const STAMP_FILE = 'generator-stamp.json';
const SR_SOURCES = join(REPO, 'src', 'dicom', 'sr');

/** Hash of every generator source file (and the dcmjs version): the output is current when it matches. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(HERE).sort()) {
    hash.update(name).update('\0').update(readFileSync(join(HERE, name))).update('\0');
  }
  // the reference read's SRs are written by the app's SR writer: a change there writes them again
  for (const dir of [SR_SOURCES, join(SR_SOURCES, 'items')]) {
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts')).sort()) {
      hash.update(name).update('\0').update(readFileSync(join(dir, name))).update('\0');
    }
  }
  const dcmjsPackage = JSON.parse(readFileSync(join(REPO, 'node_modules', 'dcmjs', 'package.json'), 'utf8')) as { version: string };
  hash.update(`dcmjs@${dcmjsPackage.version}`);
  return hash.digest('hex');
}

const pad = (n: number, width = 3) => String(n).padStart(width, '0');

export function sliceFileName(index: number): string {
  return `IM${pad(index + 1)}.dcm`;
}

/** Patient z of slice `index` in a study (slices go caudally from the top). */
export function sliceZ(study: StudyDesign, index: number): number {
  return TOP_SLICE_Z + study.shift.z - index * SLICE_SPACING_MM;
}

function gridOf(study: StudyDesign): GridDesign {
  return study.modality === 'CT' ? CT_GRID : MR_GRID;
}

function writeSeries(study: StudyDesign, series: SeriesDesign, studyDir: string, uids: { study: string; frameOfReference: string }): SliceRef[] {
  const grid = gridOf(study);
  const seriesInstanceUid = uidFromName(`series/${study.key}/${series.key}`);
  const seriesDir = join(studyDir, series.folder);
  mkdirSync(seriesDir, { recursive: true });
  const rng = createRng(`noise/${study.key}/${series.key}`);
  const bodyGrid = {
    rows: grid.rows, columns: grid.columns, pixelSpacingMm: grid.pixelSpacingMm,
    x0: grid.originX - study.shift.x, y0: grid.originY - study.shift.y,
  };
  const isCt = study.modality === 'CT';
  const implementationUid = uidFromName('implementation-class');
  const refs: SliceRef[] = [];
  for (let index = 0; index < SLICE_COUNT; index++) {
    const z = sliceZ(study, index);
    const image = renderSlice(bodyGrid, study, series.phase, z - study.shift.z, TISSUE.air[series.phase]);
    const pixels = new Uint16Array(image.length);
    for (let p = 0; p < image.length; p++) {
      const value = image[p] ?? 0;
      let stored: number;
      if (isCt) {
        stored = Math.round(value + NOISE_SD.ct * rng.normal() + 1024);
      } else {
        stored = Math.round(Math.abs(value + NOISE_SD.mr * rng.normal())); // magnitude image: rectified noise
      }
      pixels[p] = stored < 0 ? 0 : stored > 4095 ? 4095 : stored;
    }
    const sopInstanceUid = uidFromName(`sop/${study.key}/${series.key}/${index + 1}`);
    const context: InstanceContext = {
      study, series, grid,
      studyInstanceUid: uids.study, seriesInstanceUid, sopInstanceUid, frameOfReferenceUid: uids.frameOfReference,
      instanceNumber: index + 1,
      imagePositionPatient: [grid.originX, grid.originY, z],
      pixelData: pixels,
    };
    const dataset = isCt ? ctDataset(context) : mrDataset(context);
    const file = sliceFileName(index);
    writeFileSync(join(seriesDir, file), Buffer.from(writePart10(dataset, implementationUid)));
    refs.push({
      seriesInstanceUID: seriesInstanceUid, seriesDescription: series.description, file: `${series.folder}/${file}`,
      index, instanceNumber: index + 1, sopInstanceUID: sopInstanceUid, sliceLocationMm: z,
    });
  }
  return refs;
}

function sampleInfo(study: StudyDesign) {
  const date = isoDate(study.date);
  const what = study.modality === 'CT' ? 'CT (arterial + portal venous)' : 'MR T1 post-contrast';
  // What was imaged and when, never the findings or the verdicts: the start screen is where a learner
  // begins a case (issue 16), and the answer is for the teacher, in the files named below.
  const stage = {
    BL: 'before transarterial embolization',
    FU1: 'about 3 months after embolization',
    FU2: 'about 6 months after embolization',
  }[study.timepoint];
  return {
    title: `${PATIENT.id} · ${TIMEPOINT_LABEL[study.timepoint]} ${what} · ${date} · SYNTHETIC`,
    description: `Synthetic longitudinal liver-metastasis phantom (neuroendocrine tumour, liver embolization), ${stage}. ` +
      `For teachers: the exact ground truth and the expected responses are in the sample's folder (ground-truth.json, ../expected-responses.json).`,
    licence: LICENCE,
  };
}

function writeStudy(study: StudyDesign, outDir: string): ReferenceStudy {
  const studyDir = join(outDir, study.folder);
  mkdirSync(studyDir, { recursive: true });
  const uids = { study: uidFromName(`study/${study.key}`), frameOfReference: uidFromName(`frame-of-reference/${study.key}`) };
  const slicesBySeries = study.series.map((series) => ({ series, refs: writeSeries(study, series, studyDir, uids) }));
  const grid = gridOf(study);
  const lesions: LesionTruth[] = LESIONS.flatMap((lesion) => {
    const lesionState = lesion.states[study.timepoint];
    if (!lesionState) return [];
    const largestIndex = (TOP_SLICE_Z - lesion.centre.z) / SLICE_SPACING_MM;
    const largest = slicesBySeries.map(({ refs }) => refs[largestIndex]).filter((ref): ref is SliceRef => ref !== undefined);
    return [lesionTruth(study, lesion, lesionState, largest)];
  });
  const truth = {
    synthetic: true,
    note: 'Exact ground truth of a synthetic phantom, computed from the design (scripts/sample-data/design.ts), not measured. ' +
      'Coordinates are DICOM patient coordinates (LPS, mm) in THIS study\'s frame of reference. Lesions are ellipsoids whose ' +
      'largest slice cuts them through the centre, so long/short axes on that slice are exactly the values given.',
    generator: { name: 'nadir-phantom', version: GENERATOR_VERSION },
    patient: { name: PATIENT.name, id: PATIENT.id },
    study: {
      folder: study.folder, timepoint: study.timepoint, modality: study.modality, date: isoDate(study.date),
      studyInstanceUID: uids.study, frameOfReferenceUID: uids.frameOfReference, description: study.description,
      tableShiftFromBaselineCtMm: study.shift,
    },
    series: slicesBySeries.map(({ series, refs }) => ({
      folder: series.folder, seriesInstanceUID: refs[0]?.seriesInstanceUID, seriesNumber: series.seriesNumber,
      description: series.description, phase: series.phase, sliceCount: SLICE_COUNT, sliceSpacingMm: SLICE_SPACING_MM,
      sliceThicknessMm: 5, rows: grid.rows, columns: grid.columns, pixelSpacingMm: [grid.pixelSpacingMm, grid.pixelSpacingMm],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      firstImagePositionPatient: [grid.originX, grid.originY, sliceZ(study, 0)],
      units: study.modality === 'CT' ? 'HU (stored value + RescaleIntercept -1024)' : 'MR signal, arbitrary units (no rescale)',
      noiseSd: study.modality === 'CT' ? NOISE_SD.ct : NOISE_SD.mr,
    })),
    lesions,
  };
  writeFileSync(join(studyDir, 'ground-truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  writeFileSync(join(studyDir, 'sample.json'), `${JSON.stringify(sampleInfo(study), null, 2)}\n`);
  return { studyInstanceUid: uids.study, date: isoDate(study.date), lesions };
}

export function generate(outDir: string): void {
  checkDesign();
  const written = STUDIES.map((study) => writeStudy(study, outDir));
  const ctStudies = STUDIES.filter((study) => study.modality === 'CT');
  // The reference read is of the CT timepoints, as the expected responses are; it ships as DICOM SR.
  const ctIndices = STUDIES.flatMap((study, index) => (study.modality === 'CT' ? [index] : []));
  const reference = referenceRead(PATIENT, ctIndices.map((index) => written[index]!));
  const referenceDir = join(outDir, REFERENCE_SR_FOLDER);
  mkdirSync(referenceDir, { recursive: true });
  const ctStudyUids = ctIndices.map((index) => ({ design: STUDIES[index]!, studyInstanceUid: written[index]!.studyInstanceUid }));
  for (const file of referenceSrFiles(reference, ctStudyUids)) writeFileSync(join(referenceDir, file.name), new Uint8Array(file.bytes));
  writeFileSync(join(outDir, 'exchange-input.json'), `${JSON.stringify(exchangeInput(ctStudies, PATIENT.id), null, 2)}\n`);
  copyFileSync(join(HERE, 'expected-responses.json'), join(outDir, 'expected-responses.json'));
  copyFileSync(join(HERE, 'EXPECTED.md'), join(outDir, 'EXPECTED.md'));
}

function main(argv: string[]): void {
  let outDir = DEFAULT_OUT;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') force = true;
    else if (arg === '--out' && argv[i + 1] !== undefined) outDir = resolve(argv[++i] ?? '');
    else if (arg?.startsWith('--out=')) outDir = resolve(arg.slice('--out='.length));
    else {
      console.error(`usage: npm run sample-data -- [--force] [--out DIR]   (unknown argument: ${arg})`);
      process.exit(2);
    }
  }
  const stamp = { generator: 'nadir-phantom', version: GENERATOR_VERSION, sourceHash: sourceHash() };
  const stampPath = join(outDir, STAMP_FILE);
  if (!force && existsSync(stampPath)) {
    const previous = JSON.parse(readFileSync(stampPath, 'utf8')) as typeof stamp;
    if (previous.sourceHash === stamp.sourceHash) {
      console.log(`sample-data: ${outDir} is up to date (generator ${stamp.version}, sources ${stamp.sourceHash.slice(0, 12)}); use --force to regenerate`);
      return;
    }
  }
  const started = Date.now();
  // Build beside the target and swap in at the end, so an interrupted run never leaves a half study with a valid stamp.
  const partial = `${outDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    generate(partial);
    writeFileSync(join(partial, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(dirname(outDir), { recursive: true });
    renameSync(partial, outDir);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  console.log(`sample-data: wrote ${STUDIES.length} studies to ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
