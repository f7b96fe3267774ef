import * as dicomParser from 'dicom-parser';

/** What the viewer and the study list need from one DICOM instance, read from its header only. */
export interface InstanceMetadata {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string | null;
  patientName: string;
  patientId: string;
  studyDate: string | null;
  studyDescription: string;
  seriesDescription: string;
  seriesNumber: number | null;
  modality: string;
  instanceNumber: number | null;
  rows: number;
  columns: number;
  imagePositionPatient: [number, number, number] | null;
  imageOrientationPatient: [number, number, number, number, number, number] | null;
  /** Row spacing then column spacing, as DICOM orders them; null when the image is uncalibrated. */
  pixelSpacingMm: [number, number] | null;
  sliceThicknessMm: number | null;
  transferSyntaxUid: string;
}

export type ParseResult = { ok: true; metadata: InstanceMetadata } | { ok: false; reason: string };

const PIXEL_DATA_TAG = 'x7fe00010';

function numbers(dataSet: dicomParser.DataSet, tag: string, count: number): number[] | null {
  const values: number[] = [];
  for (let index = 0; index < count; index++) {
    const value = dataSet.floatString(tag, index);
    if (value === undefined || !Number.isFinite(value)) return null;
    values.push(value);
  }
  return values;
}

function optionalNumber(dataSet: dicomParser.DataSet, tag: string): number | null {
  const value = dataSet.intString(tag);
  return value === undefined || Number.isNaN(value) ? null : value;
}

/** DICOM DA (YYYYMMDD) to ISO YYYY-MM-DD; null when absent or malformed. */
export function dicomDateToIso(value: string | undefined): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value?.trim() ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

export function parseInstanceMetadata(bytes: Uint8Array): ParseResult {
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, { untilTag: PIXEL_DATA_TAG });
  } catch (error) {
    const message = typeof error === 'string' ? error : error instanceof Error ? error.message : 'unreadable';
    return { ok: false, reason: `not a readable DICOM file (${message})` };
  }
  const sopInstanceUid = dataSet.string('x00080018');
  const seriesInstanceUid = dataSet.string('x0020000e');
  const studyInstanceUid = dataSet.string('x0020000d');
  if (!sopInstanceUid || !seriesInstanceUid || !studyInstanceUid) {
    return { ok: false, reason: 'missing the study, series or instance UID' };
  }
  const orientation = numbers(dataSet, 'x00200037', 6);
  const position = numbers(dataSet, 'x00200032', 3);
  const spacing = numbers(dataSet, 'x00280030', 2);
  return {
    ok: true,
    metadata: {
      sopInstanceUid,
      seriesInstanceUid,
      studyInstanceUid,
      frameOfReferenceUid: dataSet.string('x00200052') ?? null,
      patientName: dataSet.string('x00100010') ?? '',
      patientId: dataSet.string('x00100020') ?? '',
      studyDate: dicomDateToIso(dataSet.string('x00080020')),
      studyDescription: dataSet.string('x00081030') ?? '',
      seriesDescription: dataSet.string('x0008103e') ?? '',
      seriesNumber: optionalNumber(dataSet, 'x00200011'),
      modality: dataSet.string('x00080060') ?? '',
      instanceNumber: optionalNumber(dataSet, 'x00200013'),
      rows: dataSet.uint16('x00280010') ?? 0,
      columns: dataSet.uint16('x00280011') ?? 0,
      imagePositionPatient: position ? [position[0]!, position[1]!, position[2]!] : null,
      imageOrientationPatient: orientation
        ? [orientation[0]!, orientation[1]!, orientation[2]!, orientation[3]!, orientation[4]!, orientation[5]!]
        : null,
      pixelSpacingMm: spacing && spacing[0]! > 0 && spacing[1]! > 0 ? [spacing[0]!, spacing[1]!] : null,
      sliceThicknessMm: dataSet.floatString('x00180050') ?? null,
      transferSyntaxUid: dataSet.string('x00020010') ?? '1.2.840.10008.1.2',
    },
  };
}
