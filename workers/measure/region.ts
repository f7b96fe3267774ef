import { inBounds, maskWhere, pixelIndex, type Mask, type PixelPoint, type SliceImage } from './image';

type Grid = Pick<SliceImage, 'columns' | 'rows'>;

const NEIGHBOURS_4 = [[1, 0], [-1, 0], [0, 1], [0, -1]] as const;

/**
 * The 4-connected region of pixels that pass `accepts`, grown from `seed`. Growth stops at `limit`
 * pixels: a region that reaches it is not a lesion but the tissue around one, and the caller says so.
 */
export function growRegion(grid: Grid, seed: PixelPoint, accepts: (index: number) => boolean, limit: number): { mask: Mask; size: number; overflowed: boolean } {
  const mask: Mask = new Uint8Array(grid.columns * grid.rows);
  const start = pixelIndex(grid, Math.round(seed.column), Math.round(seed.row));
  if (!inBounds(grid, Math.round(seed.column), Math.round(seed.row)) || !accepts(start)) return { mask, size: 0, overflowed: false };
  const queue = new Int32Array(Math.min(limit + 1, grid.columns * grid.rows));
  let head = 0;
  let tail = 0;
  queue[tail++] = start;
  mask[start] = 1;
  while (head < tail) {
    const index = queue[head++]!;
    const column = index % grid.columns;
    const row = (index - column) / grid.columns;
    for (const [dc, dr] of NEIGHBOURS_4) {
      const c = column + dc;
      const r = row + dr;
      if (!inBounds(grid, c, r)) continue;
      const next = pixelIndex(grid, c, r);
      if (mask[next] || !accepts(next)) continue;
      if (tail > limit) return { mask, size: tail, overflowed: true };
      mask[next] = 1;
      queue[tail++] = next;
    }
  }
  return { mask, size: tail, overflowed: false };
}

/** The mask with every hole (background not connected to the image border) filled. */
export function fillHoles(grid: Grid, mask: Mask): Mask {
  const outside = new Uint8Array(mask.length);
  const queue = new Int32Array(mask.length);
  let tail = 0;
  const visit = (index: number) => {
    if (mask[index] || outside[index]) return;
    outside[index] = 1;
    queue[tail++] = index;
  };
  for (let column = 0; column < grid.columns; column++) {
    visit(pixelIndex(grid, column, 0));
    visit(pixelIndex(grid, column, grid.rows - 1));
  }
  for (let row = 0; row < grid.rows; row++) {
    visit(pixelIndex(grid, 0, row));
    visit(pixelIndex(grid, grid.columns - 1, row));
  }
  for (let head = 0; head < tail; head++) {
    const index = queue[head]!;
    const column = index % grid.columns;
    const row = (index - column) / grid.columns;
    for (const [dc, dr] of NEIGHBOURS_4) {
      if (inBounds(grid, column + dc, row + dr)) visit(pixelIndex(grid, column + dc, row + dr));
    }
  }
  const filled: Mask = new Uint8Array(mask.length);
  for (let index = 0; index < mask.length; index++) filled[index] = outside[index] ? 0 : 1;
  return filled;
}

/** Squared-distance transform of one line (Felzenszwalb & Huttenlocher 2012), `step` mm between samples. */
function distanceLine(f: Float64Array, step: number): Float64Array {
  const n = f.length;
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  const s2 = step * step;
  for (let q = 1; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (f[v[k]!] === Infinity) {
      v[k] = q;
      continue;
    }
    let s = (f[q]! + s2 * q * q - (f[v[k]!]! + s2 * v[k]! * v[k]!)) / (2 * s2 * (q - v[k]!));
    while (k > 0 && s <= z[k]!) {
      k--;
      s = (f[q]! + s2 * q * q - (f[v[k]!]! + s2 * v[k]! * v[k]!)) / (2 * s2 * (q - v[k]!));
    }
    if (f[v[k]!] === Infinity) {
      v[k] = q;
      continue;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (f[v[0]!] === Infinity) return d.fill(Infinity);
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const dq = (q - v[k]!) * step;
    d[q] = dq * dq + f[v[k]!]!;
  }
  return d;
}

/** Exact Euclidean distance (mm) from every pixel to the nearest pixel of `mask` (0 inside it). */
export function distanceMmFrom(image: SliceImage, mask: Mask): Float32Array {
  const { columns, rows } = image;
  const squared = new Float64Array(columns * rows);
  const line = new Float64Array(columns);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) line[column] = mask[row * columns + column] ? 0 : Infinity;
    squared.set(distanceLine(line, image.columnSpacingMm), row * columns);
  }
  const out = new Float32Array(columns * rows);
  const columnLine = new Float64Array(rows);
  for (let column = 0; column < columns; column++) {
    for (let row = 0; row < rows; row++) columnLine[row] = squared[row * columns + column]!;
    const result = distanceLine(columnLine, image.rowSpacingMm);
    for (let row = 0; row < rows; row++) out[row * columns + column] = Math.sqrt(result[row]!);
  }
  return out;
}

/** Dilation by a disc of `radiusMm`, in physical units (anisotropic pixels get an ellipse of pixels). */
export function dilate(image: SliceImage, mask: Mask, radiusMm: number): Mask {
  const distance = distanceMmFrom(image, mask);
  return maskWhere(distance.length, (index) => distance[index]! <= radiusMm + 1e-9);
}

/** Erosion by a disc of `radiusMm`: the complement of the dilated complement. */
export function erode(image: SliceImage, mask: Mask, radiusMm: number): Mask {
  const grown = dilate(image, maskWhere(mask.length, (index) => !mask[index]), radiusMm);
  return maskWhere(mask.length, (index) => !grown[index]);
}

/** Connected components (4-connected) as labels 1..n per pixel (0 outside the mask), with their sizes. */
export function labelComponents(grid: Grid, mask: Mask): { labels: Int32Array; sizes: number[] } {
  const labels = new Int32Array(mask.length);
  const sizes: number[] = [0];
  const queue = new Int32Array(mask.length);
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const label = sizes.length;
    let tail = 0;
    queue[tail++] = start;
    labels[start] = label;
    for (let head = 0; head < tail; head++) {
      const index = queue[head]!;
      const column = index % grid.columns;
      const row = (index - column) / grid.columns;
      for (const [dc, dr] of NEIGHBOURS_4) {
        if (!inBounds(grid, column + dc, row + dr)) continue;
        const next = pixelIndex(grid, column + dc, row + dr);
        if (!mask[next] || labels[next]) continue;
        labels[next] = label;
        queue[tail++] = next;
      }
    }
    sizes.push(tail);
  }
  return { labels, sizes };
}

/** The 4-connected components of a mask, largest first. */
export function components(grid: Grid, mask: Mask): Mask[] {
  const { labels, sizes } = labelComponents(grid, mask);
  const order = sizes.map((size, label) => ({ size, label })).slice(1).sort((a, b) => b.size - a.size);
  return order.map(({ label }) => maskWhere(labels.length, (index) => labels[index] === label));
}

export const countOf = (mask: Mask): number => mask.reduce((sum, value) => sum + value, 0);

/** Pixels of `mask` with at least one 4-neighbour outside it (or on the image border). */
export function boundaryPixels(grid: Grid, mask: Mask): PixelPoint[] {
  const points: PixelPoint[] = [];
  for (let index = 0; index < mask.length; index++) {
    if (!mask[index]) continue;
    const column = index % grid.columns;
    const row = (index - column) / grid.columns;
    const onEdge = NEIGHBOURS_4.some(([dc, dr]) => !inBounds(grid, column + dc, row + dr) || !mask[pixelIndex(grid, column + dc, row + dr)]);
    if (onEdge) points.push({ column, row });
  }
  return points;
}
