import type { Point3 } from '../../workers/read/model';

/** Which end of each patient axis a letter names, in DICOM's LPS coordinates (+x left, +y posterior, +z head). */
const letters: readonly [negative: string, positive: string][] = [
  ['R', 'L'],
  ['A', 'P'],
  ['F', 'H'],
];

/** Below this cosine an axis adds nothing a reader would notice to the direction's name. */
const OBLIQUE_COSINE = 0.25;

/**
 * The letters of a direction in patient space, strongest first: "L" for a pure left, "LA" for a
 * direction mostly left and somewhat anterior (as in OHIF and on PACS workstations).
 */
export function directionLetters(direction: Point3): string {
  return [0, 1, 2]
    .filter((axis) => Math.abs(direction[axis]!) >= OBLIQUE_COSINE)
    .sort((a, b) => Math.abs(direction[b]!) - Math.abs(direction[a]!))
    .map((axis) => letters[axis]![direction[axis]! > 0 ? 1 : 0])
    .join('');
}

export interface OrientationMarkers {
  top: string;
  right: string;
  bottom: string;
  left: string;
}

const negate = (v: Point3): Point3 => [-v[0], -v[1], -v[2]];

/**
 * The letters at the edges of an image shown unrotated and unflipped: the column index grows to
 * the right (row cosines), the row index downward (column cosines). ImageOrientationPatient order.
 */
export function orientationMarkers(orientation: readonly number[]): OrientationMarkers | null {
  if (orientation.length < 6 || orientation.some((value) => !Number.isFinite(value))) return null;
  const row: Point3 = [orientation[0]!, orientation[1]!, orientation[2]!];
  const column: Point3 = [orientation[3]!, orientation[4]!, orientation[5]!];
  return { right: directionLetters(row), left: directionLetters(negate(row)), bottom: directionLetters(column), top: directionLetters(negate(column)) };
}

const NICE_LENGTHS_MM = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/**
 * A scale bar that is a round number of millimetres and at most `maximumPx` long on screen; null
 * when even 1 mm would not fit or the calibration is unknown.
 */
export function scaleBar(mmPerPx: number | null, maximumPx: number): { lengthMm: number; lengthPx: number } | null {
  if (mmPerPx === null || !(mmPerPx > 0)) return null;
  const fitting = NICE_LENGTHS_MM.filter((lengthMm) => lengthMm / mmPerPx <= maximumPx);
  const lengthMm = fitting[fitting.length - 1];
  return lengthMm === undefined ? null : { lengthMm, lengthPx: lengthMm / mmPerPx };
}
