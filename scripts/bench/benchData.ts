/**
 * The viewer benchmark's data: one synthetic patient, two CT studies (baseline and a follow-up three
 * months later), each one axial series of 300 slices of 512 x 512 signed 16-bit HU, written once as
 * Explicit VR Little Endian with dcmjs and copied to JPEG-LS lossless with DCMTK's dcmcjpls.
 *
 *   .tmp/bench/data/uncompressed/{baseline,follow-up}/CT0001.dcm ... CT0300.dcm
 *   .tmp/bench/data/jpegls/{baseline,follow-up}/CT0001.dcm ...
 *   .tmp/bench/data/stamp.json   (written last: its presence means the data is complete)
 *
 * Deterministic: the anatomy is analytic and the noise comes from a seeded PRNG.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readPart10, writePart10, type DicomDataset } from '../sample-data/dcmjs';
import { createRng } from '../sample-data/prng';
import { uidFromName } from '../sample-data/uids';

export const SLICES = 300;
export const ROWS = 512;
export const COLUMNS = 512;
const PIXEL_SPACING_MM = 0.78125; // 400 mm field of view
const SLICE_SPACING_MM = 1;
const NOISE_SD_HU = 12;
const DATA_VERSION = 'nadir-bench-ct-v2';
const IMPLEMENTATION_CLASS_UID = '2.25.94471372163302337425016123849474917541';
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const JPEG_LS_LOSSLESS = '1.2.840.10008.1.2.4.80';

export type VariantName = 'uncompressed' | 'jpegls';
export const VARIANTS: readonly VariantName[] = ['uncompressed', 'jpegls'];
export const STUDY_FOLDERS = ['baseline', 'follow-up'] as const;
type StudyFolder = (typeof STUDY_FOLDERS)[number];

export interface VariantData {
  name: VariantName;
  /** The parent folder holding both studies: the app opens it in one go. */
  dir: string;
  files: number;
  fileBytes: number;
}

export interface BenchData {
  root: string;
  voxelBytes: number;
  variants: Record<VariantName, VariantData>;
}

interface Stamp {
  version: string;
  slices: number;
  variants: Record<VariantName, { files: number; fileBytes: number }>;
}

/** Every file below a folder, sorted by path. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

const inside = (e: Ellipse, x: number, y: number): boolean => ((x - e.cx) / e.rx) ** 2 + ((y - e.cy) / e.ry) ** 2 <= 1;

interface Lesion {
  x: number;
  y: number;
  z: number;
  radiusMm: number;
  hu: number;
}

interface StudySpec {
  folder: StudyFolder;
  date: string;
  time: string;
  accession: string;
  /** Table position of the patient: the same anatomy lies this much further along z. */
  zShiftMm: number;
  lesions: Lesion[];
}

const PATIENT = { name: 'BENCH^CT^PAIR', id: 'NADIR-BENCH-0001', sex: 'O' };

const STUDIES: readonly StudySpec[] = [
  {
    folder: 'baseline',
    date: '20240115',
    time: '091500',
    accession: 'BENCH0001',
    zShiftMm: 0,
    lesions: [
      { x: -70, y: -10, z: -20, radiusMm: 18, hu: 20 },
      { x: -40, y: 30, z: 10, radiusMm: 11, hu: 25 },
      { x: -95, y: 20, z: -45, radiusMm: 8, hu: 15 },
    ],
  },
  {
    folder: 'follow-up',
    date: '20240415',
    time: '101000',
    accession: 'BENCH0002',
    zShiftMm: 3.5,
    lesions: [
      { x: -70, y: -10, z: -20, radiusMm: 13, hu: 30 },
      { x: -40, y: 30, z: 10, radiusMm: 7, hu: 30 },
      { x: -95, y: 20, z: -45, radiusMm: 4, hu: 25 },
    ],
  },
];

/** A table of normal deviates; each slice reads it from its own random offset (cheap, deterministic). */
function noiseTable(seed: string, length: number): Float32Array {
  const rng = createRng(seed);
  const table = new Float32Array(length);
  for (let i = 0; i < length; i++) table[i] = rng.normal() * NOISE_SD_HU;
  return table;
}

/** One axial slice of the phantom in HU: body, fat, lungs, liver with lesions, aorta, spine, table. */
function renderSlice(zMm: number, lesions: readonly Lesion[], noise: Float32Array, noiseOffset: number): Int16Array {
  const pixels = new Int16Array(ROWS * COLUMNS);
  const half = (ROWS * PIXEL_SPACING_MM) / 2;
  // The body narrows a little towards both ends of the scan.
  const taper = 1 - 0.15 * (zMm / 150) ** 2;
  const body: Ellipse = { cx: 0, cy: 10, rx: 165 * taper, ry: 115 * taper };
  const muscle: Ellipse = { cx: 0, cy: 10, rx: body.rx - 14, ry: body.ry - 12 };
  const hasLungs = zMm > 40;
  const lungs: Ellipse[] = [
    { cx: -70, cy: 0, rx: 55, ry: 75 },
    { cx: 70, cy: 0, rx: 50, ry: 75 },
  ];
  const liverExtent = zMm > -90 && zMm < 60;
  const liver: Ellipse = { cx: -65, cy: 5, rx: 80 * Math.cos((zMm + 15) / 110), ry: 70 * Math.cos((zMm + 15) / 110) };
  const aorta: Ellipse = { cx: 15, cy: 55, rx: 12, ry: 12 };
  const vertebra: Ellipse = { cx: 0, cy: 85, rx: 22, ry: 20 };
  const marrow: Ellipse = { cx: 0, cy: 85, rx: 17, ry: 15 };
  const kidneys: Ellipse[] = [
    { cx: -75, cy: 70, rx: 25, ry: 35 },
    { cx: 75, cy: 70, rx: 25, ry: 35 },
  ];
  const hasKidneys = zMm > -110 && zMm < -10;
  const sliceLesions = lesions
    .map((lesion) => ({ ...lesion, r2: lesion.radiusMm ** 2 - (zMm - lesion.z) ** 2 }))
    .filter((lesion) => lesion.r2 > 0);
  for (let row = 0; row < ROWS; row++) {
    const y = row * PIXEL_SPACING_MM - half;
    for (let column = 0; column < COLUMNS; column++) {
      const x = column * PIXEL_SPACING_MM - half;
      let hu = -1000;
      if (y > 140 && y < 150 && Math.abs(x) < 180) hu = 150; // the couch
      if (inside(body, x, y)) {
        hu = -100; // subcutaneous fat
        if (inside(muscle, x, y)) {
          hu = 40;
          if (hasLungs && (inside(lungs[0]!, x, y) || inside(lungs[1]!, x, y))) hu = -850;
          if (liverExtent && !hasLungs && inside(liver, x, y)) {
            hu = 60;
            for (const lesion of sliceLesions) if ((x - lesion.x) ** 2 + (y - lesion.y) ** 2 <= lesion.r2) hu = lesion.hu;
          }
          if (hasKidneys && (inside(kidneys[0]!, x, y) || inside(kidneys[1]!, x, y))) hu = 150;
          if (inside(aorta, x, y)) hu = 180;
          if (inside(vertebra, x, y)) hu = inside(marrow, x, y) ? 250 : 900;
        }
      }
      pixels[row * COLUMNS + column] = Math.round(hu + noise[noiseOffset + row * COLUMNS + column]!);
    }
  }
  return pixels;
}

function ctDataset(spec: StudySpec, index: number, pixels: Int16Array): DicomDataset {
  const studyUid = uidFromName(`bench:${spec.folder}:study`);
  const zMm = -150 + index * SLICE_SPACING_MM;
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    SOPClassUID: CT_IMAGE_STORAGE,
    SOPInstanceUID: uidFromName(`bench:${spec.folder}:instance:${index}`),
    StudyDate: spec.date,
    SeriesDate: spec.date,
    AcquisitionDate: spec.date,
    ContentDate: spec.date,
    StudyTime: spec.time,
    SeriesTime: spec.time,
    AcquisitionTime: spec.time,
    ContentTime: spec.time,
    AccessionNumber: spec.accession,
    Modality: 'CT',
    Manufacturer: 'Nadir synthetic benchmark',
    InstitutionName: 'SYNTHETIC - NO PATIENT DATA',
    ReferringPhysicianName: '',
    StudyDescription: `BENCH CT ABDOMEN ${spec.folder.toUpperCase()}`,
    SeriesDescription: 'AXIAL 1.0 mm',
    PatientName: PATIENT.name,
    PatientID: PATIENT.id,
    PatientBirthDate: '',
    PatientSex: PATIENT.sex,
    PatientIdentityRemoved: 'YES',
    DeidentificationMethod: 'synthetic benchmark phantom - generated, contains no patient data',
    BodyPartExamined: 'ABDOMEN',
    SliceThickness: SLICE_SPACING_MM,
    KVP: 120,
    PatientPosition: 'HFS',
    StudyInstanceUID: studyUid,
    SeriesInstanceUID: uidFromName(`bench:${spec.folder}:series`),
    StudyID: spec.accession,
    SeriesNumber: 2,
    AcquisitionNumber: 1,
    InstanceNumber: index + 1,
    ImagePositionPatient: [-200 + PIXEL_SPACING_MM / 2, -200 + PIXEL_SPACING_MM / 2, zMm],
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    FrameOfReferenceUID: uidFromName(`bench:${spec.folder}:frame-of-reference`),
    PositionReferenceIndicator: '',
    SliceLocation: zMm,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ROWS,
    Columns: COLUMNS,
    PixelSpacing: [PIXEL_SPACING_MM, PIXEL_SPACING_MM],
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    WindowCenter: 40,
    WindowWidth: 400,
    RescaleIntercept: 0,
    RescaleSlope: 1,
    RescaleType: 'HU',
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  };
}

function writeStudy(spec: StudySpec, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const noise = noiseTable(`bench:${spec.folder}:noise`, 1 << 21);
  const offsets = createRng(`bench:${spec.folder}:offsets`);
  for (let index = 0; index < SLICES; index++) {
    const zMm = -150 + index * SLICE_SPACING_MM;
    const offset = Math.floor(offsets.uniform() * (noise.length - ROWS * COLUMNS));
    const pixels = renderSlice(zMm + spec.zShiftMm, spec.lesions, noise, offset);
    const file = join(dir, `CT${String(index + 1).padStart(4, '0')}.dcm`);
    writeFileSync(file, new Uint8Array(writePart10(ctDataset(spec, index, pixels), IMPLEMENTATION_CLASS_UID)));
  }
}

/** Runs dcmcjpls +el over every file, `parallel` processes at a time. */
async function compressAll(pairs: readonly [string, string][], parallel: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pairs.length) {
      const [input, output] = pairs[next++]!;
      await new Promise<void>((resolve, reject) => {
        const child = spawn('dcmcjpls', ['+el', input, output], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', (error) => reject(new Error(`dcmcjpls could not start (${error.message}); install DCMTK: npm run system-deps`)));
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`dcmcjpls failed on ${input} (exit ${code}): ${stderr.trim()}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

function folderBytes(dir: string): { files: number; fileBytes: number } {
  const files = listFiles(dir);
  return { files: files.length, fileBytes: files.reduce((sum, file) => sum + statSync(file).size, 0) };
}

function readStamp(path: string): Stamp | null {
  try {
    const stamp = JSON.parse(readFileSync(path, 'utf8')) as Stamp;
    return stamp.version === DATA_VERSION && stamp.slices === SLICES ? stamp : null;
  } catch {
    return null;
  }
}

/**
 * Generates the data into `root` (a folder of its own, such as .tmp/bench/data) unless a complete copy of
 * this version is already there. Only what it writes is removed before: given the project's own folder by
 * mistake, an earlier version deleted the whole checkout.
 */
export async function ensureBenchData(root: string, log: (line: string) => void): Promise<BenchData> {
  const stampPath = join(root, 'stamp.json');
  let stamp = readStamp(stampPath);
  const variantDir = (name: VariantName) => join(root, name);
  if (!stamp || VARIANTS.some((name) => !existsSync(variantDir(name)) || folderBytes(variantDir(name)).files !== stamp!.variants[name].files)) {
    if (spawnSync('dcmcjpls', ['--version'], { stdio: 'ignore' }).error) {
      throw new Error('dcmcjpls (DCMTK) is not installed: run `npm run system-deps` (or apt-get install dcmtk)');
    }
    for (const name of VARIANTS) rmSync(variantDir(name), { recursive: true, force: true });
    rmSync(stampPath, { force: true });
    const started = Date.now();
    for (const spec of STUDIES) {
      log(`generating ${SLICES} slices of the ${spec.folder} study (uncompressed)…`);
      writeStudy(spec, join(variantDir('uncompressed'), spec.folder));
    }
    const parallel = Math.max(1, availableParallelism());
    log(`compressing to JPEG-LS lossless with dcmcjpls (${parallel} in parallel)…`);
    const pairs: [string, string][] = [];
    for (const folder of STUDY_FOLDERS) {
      mkdirSync(join(variantDir('jpegls'), folder), { recursive: true });
      for (const file of listFiles(join(variantDir('uncompressed'), folder))) pairs.push([file, file.replace(variantDir('uncompressed'), variantDir('jpegls'))]);
    }
    await compressAll(pairs, parallel);
    const check = readPart10(new Uint8Array(readFileSync(pairs[0]![1])).buffer);
    if (check.SOPInstanceUID === undefined) throw new Error('the JPEG-LS copy could not be read back');
    const written = readFileSync(pairs[0]![1]).subarray(0, 1024).toString('latin1');
    if (!written.includes(JPEG_LS_LOSSLESS)) throw new Error(`dcmcjpls did not write JPEG-LS lossless (${JPEG_LS_LOSSLESS})`);
    stamp = {
      version: DATA_VERSION,
      slices: SLICES,
      variants: { uncompressed: folderBytes(variantDir('uncompressed')), jpegls: folderBytes(variantDir('jpegls')) },
    };
    writeFileSync(stampPath, `${JSON.stringify(stamp, null, 2)}\n`);
    log(`data ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const variants = Object.fromEntries(
    VARIANTS.map((name): [VariantName, VariantData] => [name, { name, dir: variantDir(name), ...stamp!.variants[name] }]),
  ) as Record<VariantName, VariantData>;
  return { root, voxelBytes: STUDIES.length * SLICES * ROWS * COLUMNS * 2, variants };
}
