import { useLayoutEffect, useRef, useState } from 'react';
import type { ShownMeasurement } from '../../viewer/measurementLayer';
import { formatAxesMm } from '../../../workers/domain/lengths';

type Box = { left: number; top: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

/**
 * Where a label goes down to so as not to cover a label placed before it: two readers' calipers of
 * one lesion in the adjudication view end at nearly the same point, and B's label hid A's. Only the
 * earlier labels count (they are placed first), so the labels settle in one pass each.
 */
function belowEarlierLabels(label: HTMLElement, left: number, top: number, width: number, height: number, roomHeight: number): number {
  const earlier: Box[] = [];
  for (let sibling = label.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
    if (sibling instanceof HTMLElement && sibling.classList.contains('measurement-label') && sibling.style.visibility !== 'hidden') {
      earlier.push({ left: sibling.offsetLeft, top: sibling.offsetTop, width: sibling.offsetWidth, height: sibling.offsetHeight });
    }
  }
  let placed = top;
  for (let moved = true; moved; ) {
    moved = false;
    for (const box of earlier) {
      if (overlap({ left, top: placed, width, height }, box)) {
        placed = box.top + box.height + 1;
        moved = true;
      }
    }
  }
  // pushed past the bottom of the image, it would be cut: it stays where it was anchored instead
  return placed + height <= roomHeight ? placed : top;
}

/**
 * A caliper's name and axes beside one end of its long axis: right of the end for the whole lesion,
 * left for the viable part (at the other end), so that the two never overlap. Near the edge of the
 * image the label goes to the other side, and where neither side has room it is pushed inside:
 * a narrow viewport (1024 px wide screens) must not cut "L1 viable 20.0 × 12.1 mm" to "e 20.0 × 1".
 * A label wider than the image (the series a caliper was drawn on named after it) wraps before that
 * name, never inside the measurement. A label that would cover one placed before it goes below it.
 */
export function MeasurementLabel({ item, at }: { item: ShownMeasurement; at: readonly [number, number] }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const label = ref.current;
    const frame = label?.offsetParent as HTMLElement | null;
    if (!label || !frame?.clientWidth) return;
    // whole pixels up: placed at its rounded-down width, a label one fraction too wide for its place wraps
    const width = Math.ceil(label.getBoundingClientRect().width);
    const height = label.offsetHeight;
    const room = frame.clientWidth;
    const [right, leftSide] = [at[0] + 6, at[0] - 6 - width];
    const fits = (x: number) => x >= 0 && x + width <= room;
    const preferred = item.part === 'whole' ? [right, leftSide] : [leftSide, right];
    const left = preferred.find(fits) ?? Math.max(0, Math.min(preferred[0]!, room - width));
    const top = belowEarlierLabels(label, left, at[1] - 6, width, height, frame.clientHeight);
    setPlace((previous) => (previous?.left === left && previous.top === top ? previous : { left, top }));
  });
  return (
    <span
      ref={ref}
      className={`measurement-label ${item.part}${item.selected ? ' selected' : ''}${item.drawnOnLabel ? ' projected' : ''}${item.reference ? ' reference' : ''}${item.adjudicatedRead ? ` read-${item.adjudicatedRead.toLowerCase()}` : ''}`}
      // placed once its width is known: the first frame is invisible rather than in the wrong place
      style={{ left: `${place?.left ?? 0}px`, top: `${place?.top ?? at[1] - 6}px`, visibility: place === null ? 'hidden' : undefined }}
      data-testid="measurement-label"
      title={item.drawnOnLabel ? `Measured on series ${item.drawnOnLabel}; shown dashed on this series, on the slice nearest its plane` : undefined}
    >
      <span className="measured">
        {item.label} {formatAxesMm(item.measurement.longAxisMm, item.measurement.shortAxisMm)} mm
      </span>
      {item.drawnOnLabel && <span className="drawn-on"> (on {item.drawnOnLabel})</span>}
    </span>
  );
}
