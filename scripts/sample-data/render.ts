// Rasterizes the phantom: cross-sections of ellipsoids and cylinders, painted with anti-aliased edges.
import type { Ellipsoid, LesionDesign, LesionState, Phase, Shape, StudyDesign } from './design';
import { ANATOMY, LESIONS } from './design';

export interface Ellipse2D {
  cx: number;
  cy: number;
  semiA: number;
  semiB: number;
  cos: number;
  sin: number;
}

/** A slice's pixel grid in the body frame: pixel (column i, row j) has its centre at (x0 + i·s, y0 + j·s). */
export interface BodyGrid {
  rows: number;
  columns: number;
  pixelSpacingMm: number;
  x0: number;
  y0: number;
}

const DEG = Math.PI / 180;

export function crossSection(shape: Shape, z: number): Ellipse2D | null {
  const cos = Math.cos(shape.thetaDeg * DEG);
  const sin = Math.sin(shape.thetaDeg * DEG);
  if (shape.kind === 'cylinder') {
    if (z < shape.zMin || z > shape.zMax) return null;
    return { cx: shape.cx, cy: shape.cy, semiA: shape.semiA, semiB: shape.semiB, cos, sin };
  }
  const t = (z - shape.cz) / shape.semiZ;
  if (Math.abs(t) >= 1) return null;
  const scale = Math.sqrt(1 - t * t);
  return { cx: shape.cx, cy: shape.cy, semiA: shape.semiA * scale, semiB: shape.semiB * scale, cos, sin };
}

/** The whole lesion and (unless the whole lesion enhances) its viable part, as body-frame ellipsoids. */
export function lesionEllipsoids(lesion: LesionDesign, lesionState: LesionState): { outer: Ellipsoid; viable: Ellipsoid | null } {
  const { centre, thetaDeg } = lesion;
  const outer: Ellipsoid = {
    kind: 'ellipsoid', cx: centre.x, cy: centre.y, cz: centre.z,
    semiA: lesionState.longAxisMm / 2, semiB: lesionState.shortAxisMm / 2, semiZ: lesionState.zExtentMm / 2, thetaDeg,
  };
  if (lesionState.viable === 'whole') return { outer, viable: null };
  const part = lesionState.viable;
  const viable: Ellipsoid = {
    kind: 'ellipsoid',
    cx: centre.x + part.offsetAlongLongAxisMm * Math.cos(thetaDeg * DEG),
    cy: centre.y + part.offsetAlongLongAxisMm * Math.sin(thetaDeg * DEG),
    cz: centre.z,
    semiA: part.longAxisMm / 2, semiB: part.shortAxisMm / 2, semiZ: part.zExtentMm / 2, thetaDeg,
  };
  return { outer, viable };
}

/** Normalized squared radius of a body-frame point in an ellipse (< 1 inside). */
export function ellipseQ(e: Ellipse2D, x: number, y: number): number {
  const dx = x - e.cx;
  const dy = y - e.cy;
  const u = dx * e.cos + dy * e.sin;
  const v = -dx * e.sin + dy * e.cos;
  return (u * u) / (e.semiA * e.semiA) + (v * v) / (e.semiB * e.semiB);
}

/**
 * Paints an ellipse over `image`. Edge pixels get partial coverage from a first-order signed distance
 * (1 - q) / |grad q|, so a threshold half-way between inside and outside finds the true boundary.
 */
export function paintEllipse(image: Float32Array, grid: BodyGrid, e: Ellipse2D, value: number): void {
  const { rows, columns, pixelSpacingMm: s, x0, y0 } = grid;
  const a2 = e.semiA * e.semiA;
  const b2 = e.semiB * e.semiB;
  const halfX = Math.sqrt(a2 * e.cos * e.cos + b2 * e.sin * e.sin) + s;
  const halfY = Math.sqrt(a2 * e.sin * e.sin + b2 * e.cos * e.cos) + s;
  const iMin = Math.max(0, Math.floor((e.cx - halfX - x0) / s));
  const iMax = Math.min(columns - 1, Math.ceil((e.cx + halfX - x0) / s));
  const jMin = Math.max(0, Math.floor((e.cy - halfY - y0) / s));
  const jMax = Math.min(rows - 1, Math.ceil((e.cy + halfY - y0) / s));
  for (let j = jMin; j <= jMax; j++) {
    const dy = y0 + j * s - e.cy;
    const rowOffset = j * columns;
    for (let i = iMin; i <= iMax; i++) {
      const dx = x0 + i * s - e.cx;
      const u = dx * e.cos + dy * e.sin;
      const v = -dx * e.sin + dy * e.cos;
      const q = (u * u) / a2 + (v * v) / b2;
      if (q > 1.5) continue;
      const gu = u / a2;
      const gv = v / b2;
      const gradient = 2 * Math.sqrt(gu * gu + gv * gv);
      const distance = gradient > 0 ? (1 - q) / gradient : Infinity;
      const coverage = distance / s + 0.5;
      if (coverage <= 0) continue;
      const index = rowOffset + i;
      const current = image[index] ?? 0;
      image[index] = coverage >= 1 ? value : current + coverage * (value - current);
    }
  }
}

/** One noise-free slice (in HU or MR signal) at body-frame z. */
export function renderSlice(grid: BodyGrid, study: StudyDesign, phase: Phase, zBody: number, background: number): Float32Array {
  const image = new Float32Array(grid.rows * grid.columns).fill(background);
  for (const structure of ANATOMY) {
    const section = crossSection(structure.shape, zBody);
    if (section) paintEllipse(image, grid, section, structure.value[phase]);
  }
  for (const lesion of LESIONS) {
    const lesionState = lesion.states[study.timepoint];
    if (!lesionState) continue;
    const { outer, viable } = lesionEllipsoids(lesion, lesionState);
    const outerSection = crossSection(outer, zBody);
    if (!outerSection) continue;
    paintEllipse(image, grid, outerSection, (viable ? lesion.necroticValue : lesion.viableValue)[phase]);
    const viableSection = viable ? crossSection(viable, zBody) : null;
    if (viableSection) paintEllipse(image, grid, viableSection, lesion.viableValue[phase]);
  }
  return image;
}

/** Name of the topmost structure (anatomy or lesion part) at a body-frame point, or null for air. */
export function structureAt(study: StudyDesign, x: number, y: number, z: number): string | null {
  let found: string | null = null;
  for (const structure of ANATOMY) {
    const section = crossSection(structure.shape, z);
    if (section && ellipseQ(section, x, y) < 1) found = structure.name;
  }
  for (const lesion of LESIONS) {
    const lesionState = lesion.states[study.timepoint];
    if (!lesionState) continue;
    const { outer, viable } = lesionEllipsoids(lesion, lesionState);
    const outerSection = crossSection(outer, z);
    if (outerSection && ellipseQ(outerSection, x, y) < 1) found = `${lesion.id}`;
    const viableSection = viable ? crossSection(viable, z) : null;
    if (viableSection && ellipseQ(viableSection, x, y) < 1) found = `${lesion.id}`;
  }
  return found;
}
