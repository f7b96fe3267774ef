import { useLayoutEffect, useRef, useState } from 'react';
import type { ShownMeasurement } from '../../viewer/measurementLayer';
import { formatAxesMm } from '../../../workers/domain/lengths';

/**
 * A caliper's name and axes beside one end of its long axis: right of the end for the whole lesion,
 * left for the viable part (at the other end), so that the two never overlap. Near the edge of the
 * image the label goes to the other side, and where neither side has room it is pushed inside:
 * a narrow viewport (1024 px wide screens) must not cut "L1 viable 20.0 × 12.1 mm" to "e 20.0 × 1".
 */
export function MeasurementLabel({ item, at }: { item: ShownMeasurement; at: readonly [number, number] }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [left, setLeft] = useState<number | null>(null);
  useLayoutEffect(() => {
    const label = ref.current;
    const room = (label?.offsetParent as HTMLElement | null)?.clientWidth;
    if (!label || !room) return;
    const width = label.offsetWidth;
    const [right, leftSide] = [at[0] + 6, at[0] - 6 - width];
    const fits = (x: number) => x >= 0 && x + width <= room;
    const preferred = item.part === 'whole' ? [right, leftSide] : [leftSide, right];
    const chosen = preferred.find(fits) ?? Math.max(0, Math.min(preferred[0]!, room - width));
    setLeft((previous) => (previous === chosen ? previous : chosen));
  });
  return (
    <span
      ref={ref}
      className={`measurement-label ${item.part}${item.selected ? ' selected' : ''}${item.drawnOnLabel ? ' projected' : ''}${item.reference ? ' reference' : ''}${item.adjudicatedRead ? ` read-${item.adjudicatedRead.toLowerCase()}` : ''}`}
      // placed once its width is known: the first frame is invisible rather than in the wrong place
      style={{ left: `${left ?? 0}px`, top: `${at[1] - 6}px`, visibility: left === null ? 'hidden' : undefined }}
      data-testid="measurement-label"
      title={item.drawnOnLabel ? `Measured on series ${item.drawnOnLabel}; shown dashed on this series, on the slice nearest its plane` : undefined}
    >
      {item.label} {formatAxesMm(item.measurement.longAxisMm, item.measurement.shortAxisMm)} mm
      {item.drawnOnLabel && <span className="drawn-on"> (on {item.drawnOnLabel})</span>}
    </span>
  );
}
