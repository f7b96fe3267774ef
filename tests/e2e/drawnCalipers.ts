import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';

type Role = 'baseline' | 'follow-up';
type Point2 = [number, number];

/** One axis of a caliper as the page paints it: client pixels, and the stroke the browser computed. */
export interface DrawnAxis {
  from: Point2;
  to: Point2;
  stroke: string;
  strokeWidth: string;
  /** 'none' for a solid line */
  dash: string;
}

const layerOf = (page: Page, role: Role) => page.locator(`[data-testid="viewport-${role}"] svg.svg-layer`);

/**
 * The long and short axis of a shown caliper, from the viewport's SVG layer, where Cornerstone draws
 * them: the read's state (nadirCalipers) says what should be shown, this says what was drawn. Empty
 * until both lines exist. Styles are computed ones, so a stylesheet overriding them shows here.
 */
export async function drawnAxes(page: Page, role: Role, key: string): Promise<DrawnAxis[]> {
  return layerOf(page, role).evaluate((layer, uid) => {
    const box = layer.getBoundingClientRect();
    const lines = [1, 2].map((axis) => [...layer.querySelectorAll('line')].find((line) => line.dataset.id === `${uid}-line-${axis}`));
    if (lines.some((line) => !line)) return [];
    return lines.map((line) => {
      const at = (name: string) => Number(line!.getAttribute(name));
      const style = getComputedStyle(line!);
      return {
        from: [box.left + at('x1'), box.top + at('y1')] as Point2,
        to: [box.left + at('x2'), box.top + at('y2')] as Point2,
        stroke: style.stroke,
        strokeWidth: style.strokeWidth,
        dash: style.strokeDasharray,
      };
    });
  }, `nadir:${key}`);
}

/** Whether a drawn segment runs between two client points (either way round), within `tolerancePx`. */
export function joins(axis: DrawnAxis, a: Point2, b: Point2, tolerancePx: number): boolean {
  const gap = (p: Point2, q: Point2) => Math.hypot(p[0] - q[0], p[1] - q[1]);
  return Math.min(Math.max(gap(axis.from, a), gap(axis.to, b)), Math.max(gap(axis.from, b), gap(axis.to, a))) < tolerancePx;
}

const CHANGED = 90; // summed over the three channels, of 765
const NEIGHBOURHOOD_PX = 2;

/**
 * The share of points along a segment (client pixels) where the screen differs from the same screen
 * with the viewport's SVG layer hidden: what the reader sees of the caliper, whatever its colour (a
 * white line on a bright lesion shows by its dark edge). Hiding goes through the CSSOM, as the CSP allows.
 */
export async function visibleShareAlong(page: Page, role: Role, a: Point2, b: Point2): Promise<number> {
  const layer = layerOf(page, role);
  const shot = async () => PNG.sync.read(await page.screenshot());
  const shown = await shot();
  await layer.evaluate((element) => element.style.setProperty('visibility', 'hidden'));
  const hidden = await shot();
  await layer.evaluate((element) => element.style.removeProperty('visibility'));
  const differs = (x: number, y: number) => {
    const offset = (y * shown.width + x) * 4;
    return [0, 1, 2].reduce((sum, channel) => sum + Math.abs(shown.data[offset + channel]! - hidden.data[offset + channel]!), 0) > CHANGED;
  };
  const samples = Array.from({ length: 17 }, (_, index) => 0.1 + index * 0.05);
  const seen = samples.filter((t) => {
    const [x, y] = [Math.round(a[0] + (b[0] - a[0]) * t), Math.round(a[1] + (b[1] - a[1]) * t)];
    for (let dy = -NEIGHBOURHOOD_PX; dy <= NEIGHBOURHOOD_PX; dy++) for (let dx = -NEIGHBOURHOOD_PX; dx <= NEIGHBOURHOOD_PX; dx++) if (differs(x + dx, y + dy)) return true;
    return false;
  });
  return seen.length / samples.length;
}
