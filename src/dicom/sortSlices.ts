import type { InstanceMetadata } from './instanceMetadata';

type Vector3 = [number, number, number];

function cross(a: Vector3, b: Vector3): Vector3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function normalOf(orientation: readonly number[]): Vector3 {
  return cross([orientation[0]!, orientation[1]!, orientation[2]!], [orientation[3]!, orientation[4]!, orientation[5]!]);
}

/**
 * Distance of a slice along the normal of its image plane, in mm. This is the slice position a
 * radiologist compares between studies; it is independent of table direction and instance numbering.
 */
export function slicePositionMm(instance: InstanceMetadata): number | null {
  const orientation = instance.imageOrientationPatient;
  const position = instance.imagePositionPatient;
  if (!orientation || !position) return null;
  const normal = normalOf(orientation);
  return normal[0] * position[0] + normal[1] * position[1] + normal[2] * position[2];
}

/**
 * The way a series is read, as on PACS workstations and in OHIF: slice 1 is the first image met and
 * "next" (wheel down, ↓, PageDown) moves on. Patient coordinates are DICOM's LPS (+x left, +y
 * posterior, +z head), and the plane is named by the dominant axis of its normal:
 * axial: head → feet; coronal: anterior → posterior; sagittal: right → left.
 */
const readingDirections: Record<'sagittal' | 'coronal' | 'axial', Vector3> = {
  sagittal: [1, 0, 0],
  coronal: [0, 1, 0],
  axial: [0, 0, -1],
};

/** The unit direction (patient coordinates) in which the slices of a plane are read. */
export function readingDirectionOf(orientation: readonly number[]): Vector3 {
  const normal = normalOf(orientation);
  const magnitudes = normal.map(Math.abs);
  const dominant = magnitudes.indexOf(Math.max(...magnitudes));
  const plane = dominant === 0 ? 'sagittal' : dominant === 1 ? 'coronal' : 'axial';
  const sign = Math.sign(normal[dominant]! * readingDirections[plane][dominant]!) || 1;
  return [normal[0] * sign, normal[1] * sign, normal[2] * sign];
}

function readingPositionMm(instance: InstanceMetadata): number | null {
  const orientation = instance.imageOrientationPatient;
  const position = instance.imagePositionPatient;
  if (!orientation || !position) return null;
  const direction = readingDirectionOf(orientation);
  return direction[0] * position[0] + direction[1] * position[1] + direction[2] * position[2];
}

/**
 * Orders the slices of one series in reading order (axial: the most superior first), falling back to
 * instance number when a slice has no geometry.
 */
export function sortSlices<T extends { metadata: InstanceMetadata }>(slices: readonly T[]): T[] {
  const positioned = slices.every((slice) => readingPositionMm(slice.metadata) !== null);
  return [...slices].sort((a, b) =>
    positioned
      ? readingPositionMm(a.metadata)! - readingPositionMm(b.metadata)!
      : (a.metadata.instanceNumber ?? 0) - (b.metadata.instanceNumber ?? 0),
  );
}
