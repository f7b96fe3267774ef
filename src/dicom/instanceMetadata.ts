import type { DataSet } from './dicomParserInterop';

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
}

function numbers(dataSet: DataSet, tag: string, count: number): number[] | null {
  const values: number[] = [];
  for (let index = 0; index < count; index++) {
    const value = dataSet.floatString(tag, index);
    if (value === undefined || !Number.isFinite(value)) return null;
    values.push(value);
  }
  return values;
}

function optionalInteger(dataSet: DataSet, tag: string): number | null {
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
export function extractInstanceMetadata(dataSet: DataSet, fileName: string): InstanceMetadata {
  const orientation = numbers(dataSet, 'x00200037', 6);
  const position = numbers(dataSet, 'x00200032', 3);
  const spacing = numbers(dataSet, 'x00280030', 2);
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
    pixelSpacingMm: spacing && spacing[0]! > 0 && spacing[1]! > 0 ? [spacing[0]!, spacing[1]!] : null,
    sliceThicknessMm: dataSet.floatString('x00180050') ?? null,
    transferSyntaxUid: dataSet.string('x00020010') ?? '1.2.840.10008.1.2',
  };
}
