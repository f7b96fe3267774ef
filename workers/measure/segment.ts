import { chordThrough, longestChord, longestPerpendicularChord, type Chord, type EdgeModel } from './chords';
import { boxSmooth, maskWhere, median, pixelIndex, type Mask, type PixelPoint, type SliceImage } from './image';
import { components, countOf, dilate, distanceMmFrom, erode, fillHoles, growRegion, labelComponents } from './region';

/**
 * Click-to-measure on one slice: the region of the lesion under a click, and its axes. docs/criteria.md,
 * "Click-to-measure" (M-SEG-1 to M-SEG-5), gives the rules this follows and why.
 */

/** Why a click gives no proposal: a closed set, each with its sentence in `NO_PROPOSAL_TEXT`. */
export type NoProposal = 'outsideImage' | 'noContrast' | 'noBoundary' | 'tooSmall';

export const NO_PROPOSAL_TEXT: Record<NoProposal, string> = {
  outsideImage: 'The click is outside the image.',
  noContrast: 'Nothing under the click stands out from the tissue around it: no lesion is proposed.',
  noBoundary: 'The region under the click has no boundary within 6 cm: click inside the lesion itself.',
  tooSmall: 'The region under the click is smaller than 3 mm: no lesion is proposed.',
};

export interface AxesProposal {
  readonly long: Chord;
  readonly short: Chord;
  readonly areaMm2: number;
}

export interface LesionProposal {
  readonly kind: 'proposal';
  readonly whole: AxesProposal;
  /** the enhancing (viable) part, when the slice shows one (M-SEG-4) */
  readonly viable: AxesProposal | null;
  /** the surrounding tissue's level (median), in the image's unit */
  readonly backgroundLevel: number;
  /** the level above which tissue counts as enhancing, shown and adjustable (M-SEG-4) */
  readonly enhancingThreshold: number;
  /** the region reaches the image border: its axes may be cut short */
  readonly touchesImageEdge: boolean;
  /** M-SEG-6: the region's mean without its edge pixels, in the image's unit (on CT, the lesion's mean HU) */
  readonly meanLevel: number;
}

export type SegmentResult = LesionProposal | { readonly kind: 'none'; readonly reason: NoProposal };

export interface SegmentOptions {
  /** overrides the default enhancing threshold (M-SEG-4), in the image's unit */
  readonly enhancingThreshold?: number;
  /**
   * M-SEG-6: the values the mean level is read from, on this slice's pixel grid: the portal venous
   * phase through the same plane when the click is on the arterial one (Choi reads that phase).
   */
  readonly densityValues?: Float32Array;
}

/** M-SEG-2: a lesion larger than this radius is not click-measured; the region is the organ around it. */
export const MAX_RADIUS_MM = 60;
/** M-SEG-1: the seed must differ from its surroundings by this many noise SDs of the 3 × 3 mean. */
const MIN_CONTRAST_SMOOTHED_SD = 6;
/** M-SEG-3: a second tissue joins the lesion when this share of its border touches the first. */
const MIN_SHARED_BORDER = 0.3;
/** M-SEG-4: the default enhancing threshold, in noise SDs above the surrounding tissue. */
const ENHANCING_NOISE_SD = 3;
const MIN_LONG_AXIS_MM = 3;
/** M-SEG-6: a region this small keeps its edge pixels in its mean (too few would remain inside). */
const MIN_INTERIOR_PIXELS = 9;
/** M-SEG-3: a pixel of the other tissue differs from the surroundings by this many raw noise SDs… */
const OTHER_TISSUE_NOISE_SD = 3;
/** …in a patch of at least this many pixels (single noisy pixels would widen the lesion). */
const MIN_OTHER_TISSUE_PIXELS = 4;
/** M-SEG-1: tissue that encloses the seed's region joins the lesion only up to this many times its area. */
const MAX_ENCLOSING_AREA_RATIO = 12;

/** The part of the slice around the seed that a lesion of MAX_RADIUS_MM can occupy, with its origin. */
function windowAround(image: SliceImage, seed: PixelPoint): { image: SliceImage; column0: number; row0: number } {
  // The ring that measures the surroundings reaches 8 mm beyond the largest lesion; a little margin.
  const reachColumns = Math.ceil((MAX_RADIUS_MM + 12) / image.columnSpacingMm);
  const reachRows = Math.ceil((MAX_RADIUS_MM + 12) / image.rowSpacingMm);
  const column0 = Math.max(0, Math.round(seed.column) - reachColumns);
  const row0 = Math.max(0, Math.round(seed.row) - reachRows);
  const columns = Math.min(image.columns, Math.round(seed.column) + reachColumns + 1) - column0;
  const rows = Math.min(image.rows, Math.round(seed.row) + reachRows + 1) - row0;
  const values = new Float32Array(columns * rows);
  for (let row = 0; row < rows; row++) values.set(image.values.subarray((row0 + row) * image.columns + column0, (row0 + row) * image.columns + column0 + columns), row * columns);
  return { image: { ...image, values, columns, rows }, column0, row0 };
}

/**
 * M-SEG-1: a click lands on an edge as often as not (a lesion's centre can be the rim of its viable
 * nodule); the seed is the flattest pixel within 2 mm of it, so that it stands on one tissue.
 */
function steadiestNear(window: SliceImage, smooth: Float32Array, click: PixelPoint): PixelPoint {
  const reachColumns = Math.max(1, Math.round(2 / window.columnSpacingMm));
  const reachRows = Math.max(1, Math.round(2 / window.rowSpacingMm));
  const at = (column: number, row: number) => smooth[pixelIndex(window, column, row)]!;
  let best = click;
  let bestGradient = Infinity;
  for (let row = click.row - reachRows; row <= click.row + reachRows; row++) {
    for (let column = click.column - reachColumns; column <= click.column + reachColumns; column++) {
      if (column < 1 || row < 1 || column >= window.columns - 1 || row >= window.rows - 1) continue;
      const gradient = Math.hypot(at(column + 1, row) - at(column - 1, row), at(column, row + 1) - at(column, row - 1));
      // Ties go to the pixel nearest the click.
      const distance = Math.hypot(column - click.column, row - click.row) * 1e-6;
      if (gradient + distance < bestGradient) {
        bestGradient = gradient + distance;
        best = { column, row };
      }
    }
  }
  return best;
}

/** The noise SD of the raw image near the seed, from the residual of the 3 × 3 mean (robust: MAD). */
function noiseSd(image: SliceImage, smooth: Float32Array, seed: PixelPoint): number {
  const residuals: number[] = [];
  const reach = 10;
  for (let row = Math.round(seed.row) - reach; row <= Math.round(seed.row) + reach; row++) {
    for (let column = Math.round(seed.column) - reach; column <= Math.round(seed.column) + reach; column++) {
      if (column < 1 || row < 1 || column >= image.columns - 1 || row >= image.rows - 1) continue;
      const index = pixelIndex(image, column, row);
      residuals.push(image.values[index]! - smooth[index]!);
    }
  }
  const centre = median(residuals);
  const mad = median(residuals.map((value) => Math.abs(value - centre)));
  // raw − mean(3 × 3) has variance 8/9 σ² for white noise; 1.4826 × MAD estimates an SD.
  return Math.max(1e-6, 1.4826 * mad * Math.sqrt(9 / 8));
}

function ring(image: SliceImage, mask: Mask, innerMm: number, outerMm: number): Mask {
  const distance = distanceMmFrom(image, mask);
  return maskWhere(distance.length, (index) => distance[index]! > innerMm && distance[index]! <= outerMm);
}

/**
 * M-SEG-1: the level of the tissue around `core`, from a ring 2 to 8 mm out. When that tissue is itself
 * bounded (it does not reach the edge of the window) and not much larger than the core, it is part of the
 * lesion (a necrotic shell round a clicked viable nodule): it joins the core and the ring moves out.
 */
function surroundingLevel(window: SliceImage, smooth: Float32Array, core: Mask, smoothSd: number): { level: number; core: Mask } {
  let current = core;
  let level = median(valuesIn(smooth, ring(window, current, 2, 8)));
  for (let step = 0; step < 3; step++) {
    const around = ring(window, current, 2, 8);
    const { labels } = labelComponents(window, maskWhere(smooth.length, (index) => Math.abs(smooth[index]! - level) <= 3 * smoothSd));
    const touching = new Set<number>();
    for (let index = 0; index < around.length; index++) if (around[index] && labels[index]) touching.add(labels[index]!);
    const bordering = labelsOnBorder(window, labels);
    if ([...touching].some((label) => bordering.has(label))) return { level, core: current };
    const filled = fillHoles(window, current.map((value, index) => (value || touching.has(labels[index]!) ? 1 : 0)));
    if (touching.size === 0 || countOf(filled) > MAX_ENCLOSING_AREA_RATIO * countOf(current)) return { level, core: current };
    current = filled;
    level = median(valuesIn(smooth, ring(window, current, 2, 8)));
  }
  return { level, core: current };
}

function labelsOnBorder(window: SliceImage, labels: Int32Array): Set<number> {
  const found = new Set<number>();
  for (let column = 0; column < window.columns; column++) {
    found.add(labels[pixelIndex(window, column, 0)]!).add(labels[pixelIndex(window, column, window.rows - 1)]!);
  }
  for (let row = 0; row < window.rows; row++) {
    found.add(labels[pixelIndex(window, 0, row)]!).add(labels[pixelIndex(window, window.columns - 1, row)]!);
  }
  found.delete(0);
  return found;
}

const valuesIn = (values: Float32Array, mask: Mask): number[] => {
  const picked: number[] = [];
  for (let index = 0; index < mask.length; index++) if (mask[index]) picked.push(values[index]!);
  return picked;
};

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/**
 * M-SEG-3: patches of the other tissue join when enough of their border lies within `reachMm` of the
 * lesion so far; passes repeat, since noise splits a rim into patches that join one after another.
 */
function joinOtherTissue(window: SliceImage, main: Mask, other: { labels: Int32Array; sizes: number[] }, reachMm: number): Mask {
  const union = main.slice();
  const joined = new Set<number>();
  for (let pass = 0; pass < 8; pass++) {
    const near = distanceMmFrom(window, union);
    const border = new Array<number>(other.sizes.length).fill(0);
    const shared = new Array<number>(other.sizes.length).fill(0);
    for (let index = 0; index < union.length; index++) {
      const label = other.labels[index]!;
      if (!label || joined.has(label) || !isBorderPixel(window, other.labels, index, label)) continue;
      border[label]!++;
      if (near[index]! <= reachMm) shared[label]!++;
    }
    const joining = other.sizes.flatMap((size, label) => (label > 0 && !joined.has(label) && size >= MIN_OTHER_TISSUE_PIXELS && shared[label]! >= MIN_SHARED_BORDER * border[label]! && shared[label]! > 0 ? [label] : []));
    if (joining.length === 0) break;
    for (const label of joining) joined.add(label);
    for (let index = 0; index < union.length; index++) if (joined.has(other.labels[index]!)) union[index] = 1;
  }
  return union;
}

function isBorderPixel(window: SliceImage, labels: Int32Array, index: number, label: number): boolean {
  const column = index % window.columns;
  const row = (index - column) / window.columns;
  return [[1, 0], [-1, 0], [0, 1], [0, -1]].some(([dc, dr]) => {
    const c = column + dc!;
    const r = row + dr!;
    return c < 0 || r < 0 || c >= window.columns || r >= window.rows || labels[pixelIndex(window, c, r)] !== label;
  });
}

function axesOf(model: EdgeModel): AxesProposal | null {
  const long = longestChord(model);
  if (!long || long.lengthMm < MIN_LONG_AXIS_MM) return null;
  const short = longestPerpendicularChord(model, long) ?? chordThrough(model, long.from, { x: 0, y: 1 });
  return { long, short, areaMm2: countOf(model.mask) * model.image.columnSpacingMm * model.image.rowSpacingMm };
}

const shifted = (axes: AxesProposal, column0: number, row0: number): AxesProposal => {
  const move = (point: PixelPoint) => ({ column: point.column + column0, row: point.row + row0 });
  const chord = (c: Chord): Chord => ({ from: move(c.from), to: move(c.to), lengthMm: c.lengthMm });
  return { long: chord(axes.long), short: chord(axes.short), areaMm2: axes.areaMm2 };
};

/** The region of the lesion under `seed`, as masks on the window, with the levels that made it. */
export interface LesionRegion {
  readonly window: SliceImage;
  readonly smooth: Float32Array;
  readonly whole: Mask;
  readonly enhancing: Mask | null;
  readonly backgroundLevel: number;
  readonly enhancingThreshold: number;
  readonly noiseSd: number;
  readonly column0: number;
  readonly row0: number;
}

/** M-SEG-1 to M-SEG-4 on one slice; the axes are measured by `segmentLesion`. */
export function lesionRegion(image: SliceImage, seed: PixelPoint, options: SegmentOptions = {}): LesionRegion | NoProposal {
  if (!(seed.column >= 0 && seed.row >= 0 && seed.column <= image.columns - 1 && seed.row <= image.rows - 1)) return 'outsideImage';
  const { image: window, column0, row0 } = windowAround(image, seed);
  const smooth = boxSmooth(window);
  const local = steadiestNear(window, smooth, { column: Math.round(seed.column) - column0, row: Math.round(seed.row) - row0 });
  const sd = noiseSd(window, smooth, local);
  const smoothSd = sd / 3;
  const seedLevel = smooth[pixelIndex(window, local.column, local.row)]!;
  const radiusLimit = Math.ceil((Math.PI * MAX_RADIUS_MM * MAX_RADIUS_MM) / (window.columnSpacingMm * window.rowSpacingMm));

  // M-SEG-1: the tissue like the seed, then the tissue around it (a ring 2 to 8 mm out).
  const like = growRegion(window, local, (index) => Math.abs(smooth[index]! - seedLevel) <= 3 * smoothSd, radiusLimit);
  if (like.overflowed) return 'noContrast';
  const { level: background, core } = surroundingLevel(window, smooth, fillHoles(window, like.mask), smoothSd);
  const contrast = seedLevel - background;
  if (Math.abs(contrast) < MIN_CONTRAST_SMOOTHED_SD * smoothSd) return 'noContrast';

  // M-SEG-2: everything on the seed's side of half-way to the surroundings, connected to the seed.
  const sign = Math.sign(contrast);
  const main = growRegion(window, local, (index) => sign * (smooth[index]! - background) >= Math.abs(contrast) / 2, radiusLimit);
  if (main.overflowed) return 'noBoundary';

  // M-SEG-3: a second tissue of the other sign (a necrotic core round a viable nodule, or the nodule in
  // a necrotic lesion) joins when it shares enough of its border; a vessel that merely touches does not.
  const pixelMm = Math.max(window.columnSpacingMm, window.rowSpacingMm);
  const searched = distanceMmFrom(window, fillHoles(window, main.mask));
  // Raw values, not the 3 × 3 mean: a 2 mm necrotic rim would be averaged away.
  const otherSide = maskWhere(searched.length, (index) => searched[index]! <= 10 && -sign * (window.values[index]! - background) >= OTHER_TISSUE_NOISE_SD * sd);
  // The tissue found to enclose the seed's own (the shell round a clicked nodule) is lesion too.
  const union = joinOtherTissue(window, main.mask.map((value, index) => (value || core[index] ? 1 : 0)), labelComponents(window, otherSide), 2 * pixelMm);
  // Closing bridges the partial-volume seam between the two tissues; what it encloses is lesion.
  const whole = fillHoles(window, erode(window, dilate(window, union, 1.5 * pixelMm), 1.5 * pixelMm));

  // M-SEG-4: the enhancing part, above the surrounding tissue by ENHANCING_NOISE_SD noise SDs unless set.
  const enhancingThreshold = options.enhancingThreshold ?? background + ENHANCING_NOISE_SD * sd;
  const enhancingComponents = components(window, whole.map((value, index) => (value && smooth[index]! >= enhancingThreshold ? 1 : 0)));
  const enhancing = enhancingComponents[0] ? fillHoles(window, enhancingComponents[0]) : null;
  return { window, smooth, whole, enhancing, backgroundLevel: background, enhancingThreshold, noiseSd: sd, column0, row0 };
}

/** Click-to-measure on one slice: the proposal for the lesion under `seed`, or why there is none. */
export function segmentLesion(image: SliceImage, seed: PixelPoint, options: SegmentOptions = {}): SegmentResult {
  const region = lesionRegion(image, seed, options);
  if (typeof region === 'string') return { kind: 'none', reason: region };
  const { window, smooth, whole, enhancing } = region;
  const wholeValues = valuesIn(window.values, whole);
  const wholeMean = mean(wholeValues);
  // A lesion of two tissues has two levels: each edge point takes the level of the tissue it belongs to.
  const levelOf = (mask: Mask, fallback: number) => {
    const above = mean(valuesIn(window.values, mask.map((value, index) => (value && smooth[index]! >= region.backgroundLevel ? 1 : 0))));
    const below = mean(valuesIn(window.values, mask.map((value, index) => (value && smooth[index]! < region.backgroundLevel ? 1 : 0))));
    return (point: PixelPoint) => {
      const index = pixelIndex(window, Math.min(window.columns - 1, Math.max(0, Math.round(point.column))), Math.min(window.rows - 1, Math.max(0, Math.round(point.row))));
      if (!mask[index]) return fallback;
      return smooth[index]! >= region.backgroundLevel ? above : below;
    };
  };
  const wholeAxes = axesOf({ image: window, mask: whole, insideLevel: levelOf(whole, wholeMean) });
  if (!wholeAxes) return { kind: 'none', reason: 'tooSmall' };
  const enhancingMean = enhancing ? mean(valuesIn(window.values, enhancing)) : 0;
  const viableAxes = enhancing ? axesOf({ image: window, mask: enhancing, insideLevel: () => enhancingMean }) : null;
  const touchesImageEdge = touchesBorder(image, region);
  // M-SEG-6: the edge pixels are partial volume with the tissue around. Kept, they take a shrinking node
  // in fat toward fat, a density fall that is not the tumour's (a false Choi PR); left out, a thin
  // necrotic rim counts a little less (a response read slightly smaller): the safer error.
  const interior = erode(window, whole, Math.max(window.columnSpacingMm, window.rowSpacingMm));
  const measured = countOf(interior) >= MIN_INTERIOR_PIXELS ? interior : whole;
  const meanLevel = options.densityValues ? meanOnImage(options.densityValues, image.columns, region, measured) : mean(valuesIn(window.values, measured));
  return {
    kind: 'proposal',
    whole: shifted(wholeAxes, region.column0, region.row0),
    viable: viableAxes ? shifted(viableAxes, region.column0, region.row0) : null,
    backgroundLevel: region.backgroundLevel,
    enhancingThreshold: region.enhancingThreshold,
    touchesImageEdge,
    meanLevel,
  };
}

/** The mean of whole-image `values` over a mask of the region's window. */
function meanOnImage(values: Float32Array, columns: number, region: LesionRegion, mask: Mask): number {
  let sum = 0;
  let count = 0;
  for (let index = 0; index < mask.length; index++) {
    if (!mask[index]) continue;
    const value = values[(Math.floor(index / region.window.columns) + region.row0) * columns + (index % region.window.columns) + region.column0]!;
    if (!Number.isFinite(value)) continue;
    sum += value;
    count += 1;
  }
  return count > 0 ? sum / count : NaN;
}

function touchesBorder(image: SliceImage, region: LesionRegion): boolean {
  const { window, whole, column0, row0 } = region;
  for (let index = 0; index < whole.length; index++) {
    if (!whole[index]) continue;
    const column = (index % window.columns) + column0;
    const row = Math.floor(index / window.columns) + row0;
    if (column === 0 || row === 0 || column === image.columns - 1 || row === image.rows - 1) return true;
  }
  return false;
}
