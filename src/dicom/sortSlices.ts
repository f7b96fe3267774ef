import type { InstanceMetadata } from './instanceMetadata';

type Vector3 = [number, number, number];

function cross(a: Vector3, b: Vector3): Vector3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/**
 * Distance of a slice along the normal of its image plane, in mm. This is the slice position a
 * radiologist compares between studies; it is independent of table direction and instance numbering.
 */
export function slicePositionMm(instance: InstanceMetadata): number | null {
  const orientation = instance.imageOrientationPatient;
  const position = instance.imagePositionPatient;
  if (!orientation || !position) return null;
  const normal = cross([orientation[0], orientation[1], orientation[2]], [orientation[3], orientation[4], orientation[5]]);
  return normal[0] * position[0] + normal[1] * position[1] + normal[2] * position[2];
}

/** Orders the slices of one series by position along the normal, falling back to instance number. */
export function sortSlices<T extends { metadata: InstanceMetadata }>(slices: readonly T[]): T[] {
  const positioned = slices.every((slice) => slicePositionMm(slice.metadata) !== null);
  return [...slices].sort((a, b) =>
    positioned
      ? slicePositionMm(a.metadata)! - slicePositionMm(b.metadata)!
      : (a.metadata.instanceNumber ?? 0) - (b.metadata.instanceNumber ?? 0),
  );
}
