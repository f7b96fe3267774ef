// DICOM datasets for the phantom: CT Image Storage and MR Image Storage, Explicit VR Little Endian.
import type { DicomDataset } from './dcmjs';
import type { GridDesign, SeriesDesign, StudyDesign } from './design';
import { GENERATOR_VERSION, PATIENT } from './design';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

export interface InstanceContext {
  study: StudyDesign;
  series: SeriesDesign;
  grid: GridDesign;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frameOfReferenceUid: string;
  instanceNumber: number;
  imagePositionPatient: [number, number, number];
  pixelData: Uint16Array;
}

/** Adds `seconds` to an HHMMSS time (same day). */
export function addSeconds(time: string, seconds: number): string {
  const total = Number(time.slice(0, 2)) * 3600 + Number(time.slice(2, 4)) * 60 + Number(time.slice(4, 6)) + seconds;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}${pad(Math.floor(total / 60) % 60)}${pad(total % 60)}`;
}

function commonDataset(context: InstanceContext, sopClassUid: string): DicomDataset {
  const { study, series, grid } = context;
  const seriesTime = addSeconds(study.time, series.delaySeconds);
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: ['DERIVED', 'SECONDARY', 'AXIAL'],
    InstanceCreationDate: study.date,
    InstanceCreationTime: study.time,
    SOPClassUID: sopClassUid,
    SOPInstanceUID: context.sopInstanceUid,
    StudyDate: study.date,
    SeriesDate: study.date,
    AcquisitionDate: study.date,
    ContentDate: study.date,
    StudyTime: study.time,
    SeriesTime: seriesTime,
    AcquisitionTime: seriesTime,
    ContentTime: seriesTime,
    AccessionNumber: study.accessionNumber,
    Modality: study.modality,
    Manufacturer: 'Nadir synthetic phantom',
    InstitutionName: 'SYNTHETIC PHANTOM - NO PATIENT DATA',
    ReferringPhysicianName: '',
    StationName: 'PHANTOM',
    StudyDescription: study.description,
    SeriesDescription: series.description,
    ManufacturerModelName: 'Nadir phantom generator',
    DerivationDescription: 'Synthetic phantom image computed by Nadir (npm run sample-data); no patient was scanned',
    PatientName: PATIENT.name,
    PatientID: PATIENT.id,
    PatientBirthDate: '',
    PatientSex: PATIENT.sex,
    PatientIdentityRemoved: 'YES',
    DeidentificationMethod: 'synthetic phantom - generated, contains no patient data',
    ContrastBolusAgent: study.modality === 'CT' ? 'IODINATED CONTRAST (SYNTHETIC)' : 'GADOLINIUM CONTRAST (SYNTHETIC)',
    ContrastBolusRoute: 'IV',
    ContrastBolusStartTime: study.time,
    BodyPartExamined: 'ABDOMEN',
    SliceThickness: 5,
    SoftwareVersions: `nadir-phantom ${GENERATOR_VERSION}`,
    PatientPosition: 'HFS',
    StudyInstanceUID: context.studyInstanceUid,
    SeriesInstanceUID: context.seriesInstanceUid,
    StudyID: study.studyId,
    SeriesNumber: series.seriesNumber,
    AcquisitionNumber: 1,
    InstanceNumber: context.instanceNumber,
    ImagePositionPatient: context.imagePositionPatient,
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    FrameOfReferenceUID: context.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    SliceLocation: context.imagePositionPatient[2],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: grid.rows,
    Columns: grid.columns,
    PixelSpacing: [grid.pixelSpacingMm, grid.pixelSpacingMm],
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    BurnedInAnnotation: 'NO',
    PixelData: [context.pixelData.buffer],
    _vrMap: { PixelData: 'OW' },
  };
}

export function ctDataset(context: InstanceContext): DicomDataset {
  return {
    ...commonDataset(context, CT_IMAGE_STORAGE),
    KVP: 120,
    DataCollectionDiameter: 500,
    ReconstructionDiameter: context.grid.rows * context.grid.pixelSpacingMm,
    ConvolutionKernel: 'STANDARD',
    WindowCenter: [50, 60],
    WindowWidth: [400, 160],
    WindowCenterWidthExplanation: ['ABDOMEN', 'LIVER'],
    RescaleIntercept: -1024,
    RescaleSlope: 1,
    RescaleType: 'HU',
  };
}

export function mrDataset(context: InstanceContext): DicomDataset {
  return {
    ...commonDataset(context, MR_IMAGE_STORAGE),
    ImageType: ['DERIVED', 'SECONDARY', 'OTHER'],
    ScanningSequence: 'GR',
    SequenceVariant: ['SP', 'SK'],
    ScanOptions: 'FS',
    MRAcquisitionType: '3D',
    SequenceName: 'PHANTOM_T1_GRE',
    AngioFlag: 'N',
    RepetitionTime: 4.2,
    EchoTime: 1.9,
    NumberOfAverages: 1,
    ImagingFrequency: 63.87,
    ImagedNucleus: '1H',
    EchoNumbers: 1,
    MagneticFieldStrength: 1.5,
    SpacingBetweenSlices: 5,
    EchoTrainLength: 1,
    FlipAngle: 12,
    WindowCenter: 600,
    WindowWidth: 1200,
  };
}
