import type { ShownMeasurement } from '../../viewer/measurementLayer';
import type { BidirectionalMeasurement, Point3 } from '../../../workers/read/model';

/**
 * The labels of one slice. A reference read's lesion whose whole and viable calipers are the same
 * measurement (NL1 of the phantom: the whole lesion enhances, measured on the portal and the arterial
 * series at one place) would show two labels over one caliper; it gets one, naming both parts.
 */
const SAME_MM = 0.01;

const close = (a: Point3, b: Point3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) <= SAME_MM;
const sameAxis = (a: readonly [Point3, Point3], b: readonly [Point3, Point3]) => (close(a[0], b[0]) && close(a[1], b[1])) || (close(a[0], b[1]) && close(a[1], b[0]));

/** The same axes at the same place, whatever image each was drawn on (a series of one frame of reference). */
export const sameMeasurement = (a: BidirectionalMeasurement, b: BidirectionalMeasurement) =>
  Math.abs(a.longAxisMm - b.longAxisMm) <= SAME_MM && Math.abs(a.shortAxisMm - b.shortAxisMm) <= SAME_MM && sameAxis(a.longAxis, b.longAxis) && sameAxis(a.shortAxis, b.shortAxis);

/** "reference|<lesion>|<study>|whole" → "reference|<lesion>|<study>" */
const lesionKey = (item: ShownMeasurement) => item.key.slice(0, item.key.lastIndexOf('|'));

export function labelledItems(items: readonly ShownMeasurement[]): ShownMeasurement[] {
  const merged = new Set<string>();
  const out: ShownMeasurement[] = [];
  for (const item of items) {
    if (merged.has(item.key)) continue;
    const twin =
      item.reference && item.part === 'whole'
        ? items.find((other) => other.reference && other.part === 'enhancing' && lesionKey(other) === lesionKey(item) && sameMeasurement(other.measurement, item.measurement))
        : undefined;
    if (!twin) {
      out.push(item);
      continue;
    }
    merged.add(twin.key);
    // shown natively here when either part was drawn on this series
    const native = item.drawnOnLabel === undefined || twin.drawnOnLabel === undefined;
    const { drawnOnLabel: _projected, ...whole } = item;
    out.push({ ...whole, label: `${item.label} (whole and viable)`, ...(native ? {} : { drawnOnLabel: item.drawnOnLabel }) });
  }
  return out;
}
