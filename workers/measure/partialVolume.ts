import { countOf, dilate, erode } from './region';
import type { Mask, SliceImage } from './image';
import type { LesionRegion } from './segment';

/**
 * M-SEG-7: the area of a lesion's section with its edge pixels counted at their share of lesion.
 *
 * Why: a region is whole pixels on one side of a threshold, and a small section is mostly edge. The
 * enhancing part's threshold (M-SEG-4, 3 noise SDs above the liver) lies nearer the viable level than
 * half-way to the necrosis around it, so its region sits inside the true edge; on the phantom a 5 × 4 mm
 * viable nodule came out at half its area, and an 11 × 9 mm lesion's end sections 18 % small. An edge
 * pixel's value is the mix of the two tissues it straddles (partial volume), so its share of lesion is
 * (value − outside level) / (inside level − outside level). The share is not clamped to 0..1: a pixel of
 * pure surroundings then adds noise around 0 rather than a positive bias; only shares beyond −1..2
 * (another structure in the band, a vessel) are cut off.
 */
export interface EdgeLevels {
  /** the level of the tissue the region's edge borders */
  readonly outside: number;
  /** the level of the region's own tissue next to the pixel at `index` of the window */
  readonly insideNear: (index: number) => number;
  /** below this contrast between inside and outside a share is noise: the pixel counts as the mask says */
  readonly minContrast: number;
}

const SHARE_LIMITS = { low: -1, high: 2 } as const;

/** Pixels of `mask` (in pixel units of area) with its edge band counted by share; `within` bounds the band. */
export function partialAreaPixels(image: SliceImage, mask: Mask, levels: EdgeLevels, within?: Mask): number {
  const pixelMm = Math.max(image.columnSpacingMm, image.rowSpacingMm);
  // A pixel two pixels inside the half-way edge is lesion throughout (noise moves that edge by a pixel, and
  // one pixel in, a partial pixel counted whole was a 2 % bias on an 8 mm section); the band is the rest,
  // to 2 pixels out.
  const core = erode(image, mask, 2 * pixelMm);
  const reach = dilate(image, mask, 2 * pixelMm);
  let area = countOf(core);
  for (let index = 0; index < mask.length; index++) {
    if (core[index] || !reach[index] || (within && !within[index])) continue;
    const inside = levels.insideNear(index);
    const contrast = inside - levels.outside;
    if (Math.abs(contrast) < levels.minContrast) {
      area += mask[index]!;
      continue;
    }
    const share = (image.values[index]! - levels.outside) / contrast;
    area += Math.min(SHARE_LIMITS.high, Math.max(SHARE_LIMITS.low, share));
  }
  return area;
}

/** The mean of `values` over a mask; NaN when it is empty. */
function meanOver(values: Float32Array, mask: Mask): number {
  let sum = 0;
  let count = 0;
  for (let index = 0; index < mask.length; index++) {
    if (!mask[index]) continue;
    sum += values[index]!;
    count++;
  }
  return count ? sum / count : NaN;
}

/** How far (pixels) to look, nearest first, for the lesion's core tissue around an edge pixel. */
const TISSUE_REACH_PIXELS = [1, 2, 3, 4] as const;

/** An edge pixel this many raw noise SDs from the liver holds the tissue on its own side of it. */
const OWN_SIDE_NOISE_SD = 3;

/**
 * The whole lesion can be two tissues (M-SEG-3): necrosis darker and a viable part brighter than the
 * liver. An edge pixel mixes the liver with the tissue of the lesion next to it, so its inside level is
 * the level of the tissue most of the lesion's core pixels near it belong to.
 */
function wholeLevels(region: LesionRegion): EdgeLevels {
  const { window, smooth, whole, backgroundLevel, noiseSd } = region;
  const pixelMm = Math.max(window.columnSpacingMm, window.rowSpacingMm);
  const eroded = erode(window, whole, pixelMm);
  const core = countOf(eroded) > 0 ? eroded : whole;
  const above = core.map((value, index) => (value && smooth[index]! >= backgroundLevel ? 1 : 0));
  const below = core.map((value, index) => (value && smooth[index]! < backgroundLevel ? 1 : 0));
  const levels = { above: meanOver(window.values, above), below: meanOver(window.values, below) };
  const sideNear = (index: number): 'above' | 'below' => {
    const column = index % window.columns;
    const row = (index - column) / window.columns;
    for (const reach of TISSUE_REACH_PIXELS) {
      let balance = 0;
      for (let r = Math.max(0, row - reach); r <= Math.min(window.rows - 1, row + reach); r++) {
        for (let c = Math.max(0, column - reach); c <= Math.min(window.columns - 1, column + reach); c++) {
          balance += above[r * window.columns + c]! - below[r * window.columns + c]!;
        }
      }
      if (balance !== 0) return balance > 0 ? 'above' : 'below';
    }
    return countOf(above) >= countOf(below) ? 'above' : 'below';
  };
  // A pixel clearly beyond the liver on one side holds that tissue, whatever lies next to it: the thin
  // necrotic rim between a viable nodule and the liver is darker than the liver, not a mix with the nodule.
  const sideOf = (index: number): 'above' | 'below' => {
    const difference = window.values[index]! - backgroundLevel;
    if (Math.abs(difference) > OWN_SIDE_NOISE_SD * noiseSd) return difference > 0 ? 'above' : 'below';
    return sideNear(index);
  };
  const levelOf = (side: 'above' | 'below') => (Number.isNaN(levels[side]) ? levels[side === 'above' ? 'below' : 'above'] : levels[side]);
  return {
    outside: backgroundLevel,
    insideNear: (index) => levelOf(sideOf(index)),
    minContrast: 3 * noiseSd,
  };
}

/** Lesion tissue that is not enhancing, at least this many pixels, is what the enhancing part borders. */
const MIN_NON_ENHANCING_PIXELS = 9;

/**
 * The enhancing part borders the rest of the lesion (necrosis after embolization), and its band stays
 * within the lesion; when the whole lesion enhances it borders the liver, as the whole lesion does.
 */
function enhancingArea(region: LesionRegion, enhancing: Mask): number {
  const { window, whole, backgroundLevel, noiseSd } = region;
  const pixelMm = Math.max(window.columnSpacingMm, window.rowSpacingMm);
  const eroded = erode(window, enhancing, pixelMm);
  const inside = meanOver(window.values, countOf(eroded) > 0 ? eroded : enhancing);
  const clear = dilate(window, enhancing, 2 * pixelMm);
  const rest = whole.map((value, index) => (value && !clear[index] ? 1 : 0));
  const bordersLesion = countOf(rest) >= MIN_NON_ENHANCING_PIXELS;
  const levels: EdgeLevels = { outside: bordersLesion ? meanOver(window.values, rest) : backgroundLevel, insideNear: () => inside, minContrast: 3 * noiseSd };
  return partialAreaPixels(window, enhancing, levels, bordersLesion ? whole : undefined);
}

/** The band and the tissue search reach this many pixels beyond the lesion; nothing further is read. */
const MARGIN_PIXELS = 6;

/**
 * The region cut to the lesion's box plus a margin: the window is sized for the largest lesion, and the
 * distance transforms of the band on the whole window made a 3-D volume of small lesions 60 % slower.
 */
function croppedToLesion(region: LesionRegion): LesionRegion {
  const { window, whole } = region;
  let [columnMin, rowMin, columnMax, rowMax] = [window.columns, window.rows, -1, -1];
  for (let index = 0; index < whole.length; index++) {
    if (!whole[index]) continue;
    const column = index % window.columns;
    const row = (index - column) / window.columns;
    [columnMin, rowMin, columnMax, rowMax] = [Math.min(columnMin, column), Math.min(rowMin, row), Math.max(columnMax, column), Math.max(rowMax, row)];
  }
  if (columnMax < 0) return region;
  const column0 = Math.max(0, columnMin - MARGIN_PIXELS);
  const row0 = Math.max(0, rowMin - MARGIN_PIXELS);
  const columns = Math.min(window.columns - 1, columnMax + MARGIN_PIXELS) - column0 + 1;
  const rows = Math.min(window.rows - 1, rowMax + MARGIN_PIXELS) - row0 + 1;
  const cut = <T extends Float32Array | Uint8Array>(values: T): T => {
    const out = new (values.constructor as new (length: number) => T)(columns * rows);
    for (let row = 0; row < rows; row++) out.set(values.subarray((row0 + row) * window.columns + column0, (row0 + row) * window.columns + column0 + columns), row * columns);
    return out;
  };
  return {
    ...region,
    window: { ...window, values: cut(window.values), columns, rows },
    smooth: cut(region.smooth),
    whole: cut(whole),
    enhancing: region.enhancing ? cut(region.enhancing) : null,
    column0: region.column0 + column0,
    row0: region.row0 + row0,
  };
}

/** M-SEG-7: the whole lesion's and the enhancing part's area on one slice, mm². */
export function sectionAreasMm2(region: LesionRegion): { whole: number; enhancing: number } {
  const lesion = croppedToLesion(region);
  const pixelMm2 = lesion.window.columnSpacingMm * lesion.window.rowSpacingMm;
  const whole = partialAreaPixels(lesion.window, lesion.whole, wholeLevels(lesion)) * pixelMm2;
  return { whole, enhancing: lesion.enhancing ? enhancingArea(lesion, lesion.enhancing) * pixelMm2 : 0 };
}
