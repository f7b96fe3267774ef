import { boundaryPixels } from './region';
import { distanceMm, inBounds, median, pixelIndex, sampleBilinear, type Mask, type PixelPoint, type SliceImage } from './image';

/** A direction on the slice as a unit vector in mm (x along columns, y along rows). */
interface Direction {
  readonly x: number;
  readonly y: number;
}

/** What the edge of a region is found on: its mask (which brackets the search) and the image it is refined on. */
export interface EdgeModel {
  readonly image: SliceImage;
  readonly mask: Mask;
  /** the region's own level (mean), or a level per pixel for regions of two tissues */
  readonly insideLevel: (point: PixelPoint) => number;
}

export interface Chord {
  readonly from: PixelPoint;
  readonly to: PixelPoint;
  readonly lengthMm: number;
}

const STEP_MM = 0.1;

const along = (image: SliceImage, point: PixelPoint, direction: Direction, mm: number): PixelPoint => ({
  column: point.column + (direction.x * mm) / image.columnSpacingMm,
  row: point.row + (direction.y * mm) / image.rowSpacingMm,
});

const insideMask = (model: EdgeModel, point: PixelPoint): boolean => {
  const column = Math.round(point.column);
  const row = Math.round(point.row);
  return inBounds(model.image, column, row) && model.mask[pixelIndex(model.image, column, row)] === 1;
};

/**
 * How far from `start` (inside the region) its edge lies along `direction`, in mm, to a fraction of a
 * pixel: where the smoothed profile crosses half-way between the region's level and the tissue just
 * beyond it. The phantom paints edges with partial-pixel coverage, and CT's partial volume does the
 * same, so the half-way crossing is where the boundary is. The mask only brackets the search.
 */
export function edgeDistanceMm(model: EdgeModel, start: PixelPoint, direction: Direction): number {
  const { image } = model;
  const pixelMm = Math.min(image.columnSpacingMm, image.rowSpacingMm);
  const limitMm = Math.hypot(image.columns * image.columnSpacingMm, image.rows * image.rowSpacingMm);
  let exitMm = 0;
  while (exitMm < limitMm && insideMask(model, along(image, start, direction, exitMm))) exitMm += STEP_MM;
  // The profile averages three parallel lines a pixel apart: noise drops by √3 and, unlike a 2-D
  // smoothing, a thin rim (a 2 mm necrotic shell) keeps its level across the edge.
  const normal = { x: -direction.y, y: direction.x };
  const value = (mm: number) => {
    const point = along(image, start, direction, mm);
    const left = sampleBilinear(image.values, image, along(image, point, normal, -pixelMm));
    const centre = sampleBilinear(image.values, image, point);
    const right = sampleBilinear(image.values, image, along(image, point, normal, pixelMm));
    return (left + centre + right) / 3;
  };
  const lastInside = along(image, start, direction, Math.max(0, exitMm - pixelMm));
  const inside = model.insideLevel(lastInside);
  const outside = median([1.5, 2, 2.5, 3, 3.5].map((pixels) => value(exitMm + pixels * pixelMm)));
  const level = (inside + outside) / 2;
  const sign = Math.sign(inside - outside) || 1;
  const profile = (mm: number) => sign * (value(mm) - level);
  const fromMm = Math.max(0, exitMm - 2 * pixelMm);
  const toMm = exitMm + 2 * pixelMm;
  let previous = profile(fromMm);
  for (let mm = fromMm + STEP_MM; mm <= toMm; mm += STEP_MM) {
    const current = profile(mm);
    if (previous > 0 && current <= 0) return mm - STEP_MM + (STEP_MM * previous) / (previous - current);
    previous = current;
  }
  // No clean crossing (noise, or the image border): the pixel edge the mask gives.
  return Math.max(0, exitMm - pixelMm / 2);
}

/** The chord through `through` along `direction`, from edge to edge. */
export function chordThrough(model: EdgeModel, through: PixelPoint, direction: Direction): Chord {
  const forward = edgeDistanceMm(model, through, direction);
  const backward = edgeDistanceMm(model, through, { x: -direction.x, y: -direction.y });
  const from = along(model.image, through, direction, -backward);
  const to = along(model.image, through, direction, forward);
  return { from, to, lengthMm: forward + backward };
}

const directionOf = (image: SliceImage, a: PixelPoint, b: PixelPoint): Direction => {
  const x = (b.column - a.column) * image.columnSpacingMm;
  const y = (b.row - a.row) * image.rowSpacingMm;
  const length = Math.hypot(x, y) || 1;
  return { x: x / length, y: y / length };
};

const rotate = (direction: Direction, radians: number): Direction => ({
  x: direction.x * Math.cos(radians) - direction.y * Math.sin(radians),
  y: direction.x * Math.sin(radians) + direction.y * Math.cos(radians),
});

/** The two boundary pixels farthest apart, in mm (the longest chord of the pixel region). */
export function farthestPair(image: SliceImage, mask: Mask): [PixelPoint, PixelPoint] | null {
  const boundary = boundaryPixels(image, mask);
  if (boundary.length === 0) return null;
  let best: [PixelPoint, PixelPoint] = [boundary[0]!, boundary[0]!];
  let bestMm = -1;
  for (let i = 0; i < boundary.length; i++) {
    for (let j = i + 1; j < boundary.length; j++) {
      const mm = distanceMm(image, boundary[i]!, boundary[j]!);
      if (mm > bestMm) {
        bestMm = mm;
        best = [boundary[i]!, boundary[j]!];
      }
    }
  }
  return best;
}

/**
 * The long axis (RECIST 1.1 §4.3.1: the longest diameter in the plane of measurement): the farthest pair
 * of boundary pixels gives the direction and place; the chord is then refined to sub-pixel edges over
 * small turns and shifts, keeping the longest.
 */
export function longestChord(model: EdgeModel): Chord | null {
  const pair = farthestPair(model.image, model.mask);
  if (!pair) return null;
  const base = directionOf(model.image, pair[0], pair[1]);
  const middle = { column: (pair[0].column + pair[1].column) / 2, row: (pair[0].row + pair[1].row) / 2 };
  const pixelMm = Math.min(model.image.columnSpacingMm, model.image.rowSpacingMm);
  // A ragged mask can put its farthest pixels off the true axis: chords through the middle every 10°
  // give a second start, and the longer of the two is refined.
  const sweep = Array.from({ length: 18 }, (_, step) => rotate({ x: 1, y: 0 }, (step * 10 * Math.PI) / 180))
    .map((direction) => chordThrough(model, middle, direction))
    .reduce((longest, chord) => (chord.lengthMm > longest.lengthMm ? chord : longest));
  // Coarse, then fine: turns of 1° and shifts of half a pixel, then a quarter of each around the best.
  const starts = [bestChordAround(model, middle, base, 3, 1, 1.5 * pixelMm, 0.5 * pixelMm), bestChordAround(model, middle, directionOf(model.image, sweep.from, sweep.to), 6, 1, 1.5 * pixelMm, 0.5 * pixelMm)];
  const coarse = starts.reduce<Chord | null>((longest, chord) => (chord && (!longest || chord.lengthMm > longest.lengthMm) ? chord : longest), null);
  if (!coarse) return null;
  const direction = directionOf(model.image, coarse.from, coarse.to);
  const centre = { column: (coarse.from.column + coarse.to.column) / 2, row: (coarse.from.row + coarse.to.row) / 2 };
  const fine = bestChordAround(model, centre, direction, 0.75, 0.25, 0.375 * pixelMm, 0.125 * pixelMm);
  return fine && fine.lengthMm > coarse.lengthMm ? fine : coarse;
}

function bestChordAround(model: EdgeModel, middle: PixelPoint, base: Direction, turnDegrees: number, turnStep: number, shiftMm: number, shiftStep: number): Chord | null {
  const normal = { x: -base.y, y: base.x };
  let best: Chord | null = null;
  for (let degrees = -turnDegrees; degrees <= turnDegrees + 1e-9; degrees += turnStep) {
    const direction = rotate(base, (degrees * Math.PI) / 180);
    for (let shift = -shiftMm; shift <= shiftMm + 1e-9; shift += shiftStep) {
      const through = along(model.image, middle, normal, shift);
      if (!insideMask(model, through)) continue;
      const chord = chordThrough(model, through, direction);
      if (!best || chord.lengthMm > best.lengthMm) best = chord;
    }
  }
  return best;
}

/**
 * The short axis: the longest chord perpendicular to the long axis (RECIST 1.1 §4.3.1 for nodes; WHO's
 * second diameter), searched along the whole long axis.
 */
export function longestPerpendicularChord(model: EdgeModel, long: Chord): Chord | null {
  const direction = directionOf(model.image, long.from, long.to);
  const normal = { x: -direction.y, y: direction.x };
  const pixelMm = Math.min(model.image.columnSpacingMm, model.image.rowSpacingMm);
  let best: Chord | null = null;
  for (let mm = 0; mm <= long.lengthMm; mm += pixelMm / 2) {
    const through = along(model.image, long.from, direction, mm);
    if (!insideMask(model, through)) continue;
    const chord = chordThrough(model, through, normal);
    if (!best || chord.lengthMm > best.lengthMm) best = chord;
  }
  return best;
}
