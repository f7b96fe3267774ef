import type { InstanceMetadata } from '../dicom/instanceMetadata';
import type { DicomFileResult } from '../dicom/readDicomFile';

/**
 * Studies, series and slices as the reading screen sees them: parsed data only. src/dicom builds
 * them from files (organizeStudies); src/ui shows them and never reaches into src/dicom itself.
 */

/** A file as it arrives from any data source: a name the user recognises and its content. */
export interface SourceFile {
  name: string;
  blob: Blob;
}

/**
 * An instance a server described (WADO-RS metadata) before its bytes were retrieved: they are
 * retrieved when first needed, in the order the viewports show the slices, and checked as a file is.
 */
export interface RemoteFile {
  name: string;
  /** The instance's Part-10 file, checked; rejects with an InstanceUnavailable that names why. */
  retrieve(): Promise<Blob>;
  /**
   * Starts retrieving the file for a `take` to come (the slice a viewport opens on, asked for while
   * the viewer is still loading). Does nothing when a retrieval is already held.
   */
  prefetch(): void;
  /**
   * The file as the server sent it, not yet checked, as bytes the caller now owns: the viewer moves
   * them into a slice decoder, which checks the file as it opens it and then asks `problemWith`
   * about what it read. The file keeps nothing: held, every slice's compressed file stayed beside its
   * decoded image for as long as the study was open. The next take asks the server again.
   */
  take(): Promise<ArrayBuffer>;
  /** Why the file, read whole, cannot be shown where the server's metadata placed its slice; null when it can. */
  problemWith(read: DicomFileResult): string | null;
}

/** Where an instance's bytes are: at hand (a file, or retrieved whole), or still on the server. */
export type InstanceFile = SourceFile | RemoteFile;

/** An instance's Part-10 bytes, retrieved first when they are still on the server. */
export function blobOf(file: InstanceFile): Promise<Blob> {
  return 'blob' in file ? Promise.resolve(file.blob) : file.retrieve();
}

/** Why an instance's bytes could not be had: the message is the reader's, shown as it is. */
export class InstanceUnavailable extends Error {
  override name = 'InstanceUnavailable';
}

export interface LoadedInstance {
  file: InstanceFile;
  metadata: InstanceMetadata;
}

/** One displayable image: an instance, or one frame of a multi-frame instance. */
export interface Slice {
  instance: LoadedInstance;
  /** 1-based frame number for multi-frame instances, null for single-frame ones. */
  frameNumber: number | null;
}

export interface ImageSeries {
  kind: 'image';
  seriesInstanceUid: string;
  description: string;
  modality: string;
  seriesNumber: number | null;
  frameOfReferenceUid: string | null;
  /** False when the images carry no pixel spacing: lengths cannot be given in mm. */
  calibrated: boolean;
  /** In reading order (sortSlices): axial from the head toward the feet. */
  slices: Slice[];
}

export interface NonImageSeries {
  kind: 'non-image';
  seriesInstanceUid: string;
  description: string;
  modality: string;
  instances: LoadedInstance[];
}

export interface Study {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  date: string | null;
  description: string;
  imageSeries: ImageSeries[];
  otherSeries: NonImageSeries[];
}

export interface FileReport {
  fileName: string;
  message: string;
  /** 'value-refused': the file opened, but a value in it was refused (named on the image too) */
  kind?: 'not-opened' | 'value-refused';
}
