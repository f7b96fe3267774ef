import type { DataSet } from './dicomParserInterop';

/**
 * The reads Nadir makes of a data set: a parsed file (dicom-parser's DataSet) or the DICOM JSON of
 * a server's metadata (./dicomJson.ts), so that both are checked by the same rules.
 */
export type AttributeSource = Pick<DataSet, 'string' | 'floatString' | 'intString' | 'uint16'> & { elements: Readonly<Record<string, unknown>> };
import { plausibleCtRescale, plausibleOrientation, plausiblePosition, plausibleSpacing, type ValueRefusal } from './plausibility';

/** What the viewer and the study list need from one DICOM instance. */
export interface InstanceMetadata {
  sopInstanceUid: string;
  sopClassUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string | null;
  patientName: string;
  patientId: string;
  studyDate: string | null;
  studyDescription: string;
  /** (0008,0050); empty when absent */
  accessionNumber: string;
  /** (0020,0010); empty when absent */
  studyId: string;
  /** The rest of the patient and study modules, as stored (empty when absent): an SR copies them, so they are read here, once. */
  patientBirthDate: string;
  patientSex: string;
  studyTime: string;
  referringPhysicianName: string;
  seriesDescription: string;
  seriesNumber: number | null;
  modality: string;
  instanceNumber: number | null;
  numberOfFrames: number;
  rows: number;
  columns: number;
  imagePositionPatient: [number, number, number] | null;
  imageOrientationPatient: [number, number, number, number, number, number] | null;
  /** Row spacing then column spacing, as DICOM orders them; null when the image is uncalibrated. */
  pixelSpacingMm: [number, number] | null;
  sliceThicknessMm: number | null;
  transferSyntaxUid: string;
  /** values the file carries that Nadir refused (./plausibility.ts): named on the image and in the load report */
  refusedValues: ValueRefusal[];
  /** false when the rescale was refused: pixel values are stored values, not HU */
  densityCalibrated: boolean;
}

function numbers(dataSet: AttributeSource, tag: string, count: number): number[] | null {
  const values: number[] = [];
  for (let index = 0; index < count; index++) {
    const value = dataSet.floatString(tag, index);
    if (value === undefined || !Number.isFinite(value)) return null;
    values.push(value);
  }
  return values;
}

function optionalInteger(dataSet: AttributeSource, tag: string): number | null {
  const value = dataSet.intString(tag);
  return value === undefined || Number.isNaN(value) ? null : value;
}

/** DICOM DA (YYYYMMDD) to ISO YYYY-MM-DD; null when absent or malformed. */
export function dicomDateToIso(value: string | undefined): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value?.trim() ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** PN to a readable name: components separated by ^ become spaces, trailing empties dropped. */
export function readablePersonName(value: string | undefined): string {
  return (value ?? '').split('=')[0]!.split('^').filter(Boolean).join(' ');
}

/**
 * Reads the attributes Nadir uses. A file without UIDs still opens: it becomes a series of its own,
 * keyed by its file name, so that test images and odd exports can be looked at.
 */
/** Every value refused, with the accepted geometry, spacing, thickness and whether densities are HU. */
function checkedValues(dataSet: AttributeSource) {
  const refused: ValueRefusal[] = [];
  const rawText = (tag: string) => dataSet.string(tag) ?? '';
  const orientation = numbers(dataSet, 'x00200037', 6);
  const position = numbers(dataSet, 'x00200032', 3);
  const spacingValues = numbers(dataSet, 'x00280030', 2);
  const spacing = plausibleSpacing(spacingValues);
  if (dataSet.elements.x00280030 && !spacing) refused.push({ code: 'pixel-spacing', text: rawText('x00280030') });
  const orientationOk = orientation !== null && plausibleOrientation(orientation);
  if (dataSet.elements.x00200037 && !orientationOk) refused.push({ code: 'geometry', attribute: 'orientation' });
  const positionOk = position !== null && plausiblePosition(position);
  if (dataSet.elements.x00200032 && !positionOk) refused.push({ code: 'geometry', attribute: 'position' });
  const thickness = dataSet.floatString('x00180050');
  const thicknessOk = thickness !== undefined && Number.isFinite(thickness) && thickness > 0 && thickness < 1000;
  if (dataSet.elements.x00180050 && rawText('x00180050') !== '' && !thicknessOk) refused.push({ code: 'slice-thickness', text: rawText('x00180050') });
  let densityCalibrated = true;
  if (dataSet.string('x00080060') === 'CT' && (dataSet.elements.x00281053 || dataSet.elements.x00281052)) {
    const slope = dataSet.floatString('x00281053') ?? Number.NaN;
    const intercept = dataSet.floatString('x00281052') ?? Number.NaN;
    densityCalibrated = plausibleCtRescale(slope, intercept, dataSet.uint16('x00280101') ?? 16, dataSet.uint16('x00280103') === 1);
    if (!densityCalibrated) refused.push({ code: 'rescale', slope, intercept });
  }
  return {
    refused,
    densityCalibrated,
    orientation: orientationOk ? orientation : null,
    position: positionOk ? position : null,
    spacing,
    thicknessMm: thicknessOk ? thickness! : null,
  };
}

export function extractInstanceMetadata(dataSet: AttributeSource, fileName: string): InstanceMetadata {
  const { refused, densityCalibrated, orientation, position, spacing, thicknessMm } = checkedValues(dataSet);
  const sopInstanceUid = dataSet.string('x00080018') || `file:${fileName}`;
  return {
    sopInstanceUid,
    sopClassUid: dataSet.string('x00080016') ?? '',
    seriesInstanceUid: dataSet.string('x0020000e') || `series-of:${sopInstanceUid}`,
    studyInstanceUid: dataSet.string('x0020000d') || `study-of:${sopInstanceUid}`,
    frameOfReferenceUid: dataSet.string('x00200052') ?? null,
    patientName: dataSet.string('x00100010') ?? '',
    patientId: dataSet.string('x00100020') ?? '',
    studyDate: dicomDateToIso(dataSet.string('x00080020')),
    studyDescription: dataSet.string('x00081030') ?? '',
    accessionNumber: dataSet.string('x00080050') ?? '',
    studyId: dataSet.string('x00200010') ?? '',
    patientBirthDate: dataSet.string('x00100030') ?? '',
    patientSex: dataSet.string('x00100040') ?? '',
    studyTime: dataSet.string('x00080030') ?? '',
    referringPhysicianName: dataSet.string('x00080090') ?? '',
    seriesDescription: dataSet.string('x0008103e') ?? '',
    seriesNumber: optionalInteger(dataSet, 'x00200011'),
    modality: dataSet.string('x00080060') ?? '',
    instanceNumber: optionalInteger(dataSet, 'x00200013'),
    numberOfFrames: Math.max(1, optionalInteger(dataSet, 'x00280008') ?? 1),
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
    imagePositionPatient: position ? [position[0]!, position[1]!, position[2]!] : null,
    imageOrientationPatient: orientation
      ? [orientation[0]!, orientation[1]!, orientation[2]!, orientation[3]!, orientation[4]!, orientation[5]!]
      : null,
    pixelSpacingMm: spacing,
    sliceThicknessMm: thicknessMm,
    transferSyntaxUid: dataSet.string('x00020010') ?? '1.2.840.10008.1.2',
    refusedValues: refused,
    densityCalibrated,
  };
}
