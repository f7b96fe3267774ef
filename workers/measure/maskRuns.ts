import type { Mask } from './image';

/**
 * A lesion's mask on one slice, kept with the read: its bounding box on the image and run lengths over
 * that box, row by row (row-major), alternating outside and inside, the first run outside (possibly 0).
 * A 5 cm lesion is a few hundred numbers per slice instead of a 512 × 512 bitmap (docs/measurement.md).
 */
export interface BoxRuns {
  /** the box's first column and row on the full image, 0-based */
  readonly column0: number;
  readonly row0: number;
  readonly columns: number;
  readonly rows: number;
  readonly runs: readonly number[];
}

/** The smallest box holding every set pixel of `mask` (a grid `columns` wide), or null for an empty mask. */
export function boundingBox(mask: Mask, columns: number): { column0: number; row0: number; columns: number; rows: number } | null {
  let [minColumn, minRow, maxColumn, maxRow] = [Infinity, Infinity, -1, -1];
  for (let index = 0; index < mask.length; index++) {
    if (!mask[index]) continue;
    const column = index % columns;
    const row = (index - column) / columns;
    minColumn = Math.min(minColumn, column);
    maxColumn = Math.max(maxColumn, column);
    minRow = Math.min(minRow, row);
    maxRow = Math.max(maxRow, row);
  }
  return maxRow < 0 ? null : { column0: minColumn, row0: minRow, columns: maxColumn - minColumn + 1, rows: maxRow - minRow + 1 };
}

/** Run lengths of `mask` (a grid `columns` wide) over `box`, starting with an outside run. */
export function encodeRuns(mask: Mask, columns: number, box: { column0: number; row0: number; columns: number; rows: number }): number[] {
  const runs: number[] = [];
  let inside = false;
  let length = 0;
  for (let row = box.row0; row < box.row0 + box.rows; row++) {
    for (let column = box.column0; column < box.column0 + box.columns; column++) {
      const set = mask[row * columns + column] === 1;
      if (set !== inside) {
        runs.push(length);
        inside = set;
        length = 0;
      }
      length++;
    }
  }
  // the last run is kept only when it is inside: a trailing outside run is implied by the box
  if (inside) runs.push(length);
  return runs;
}

/** The mask of `runs` as a box-sized bitmap (row-major); throws when the runs overflow the box. */
export function decodeRuns(box: Pick<BoxRuns, 'columns' | 'rows' | 'runs'>): Mask {
  const mask: Mask = new Uint8Array(box.columns * box.rows);
  let at = 0;
  box.runs.forEach((length, index) => {
    if (!Number.isInteger(length) || length < 0 || at + length > mask.length) throw new Error(`a mask's runs overflow its ${box.columns} × ${box.rows} box`);
    if (index % 2 === 1) mask.fill(1, at, at + length);
    at += length;
  });
  return mask;
}

/** The mask (a grid `columns` wide) as its bounding box and runs, with the box moved by (column0, row0); null when empty. */
export function boxRunsOf(mask: Mask, columns: number, offset: { column0: number; row0: number } = { column0: 0, row0: 0 }): BoxRuns | null {
  const box = boundingBox(mask, columns);
  if (!box) return null;
  return { column0: box.column0 + offset.column0, row0: box.row0 + offset.row0, columns: box.columns, rows: box.rows, runs: encodeRuns(mask, columns, box) };
}

