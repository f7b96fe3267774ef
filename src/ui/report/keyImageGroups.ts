import type { KeyImage } from '../../../workers/report/reportModel';

/** The calipers of one lesion at one timepoint that lie on the same image: one thumbnail. */
export interface KeyImageGroup {
  key: string;
  lesionLabel: string;
  timepoint: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frameNumber: number | null;
  /** whole first, then the viable part */
  parts: KeyImage[];
}

/**
 * Groups the report's key images by lesion, timepoint and image, ordered by lesion (in the order
 * given) and then by timepoint, so that a lesion's course reads from left to right.
 */
export function groupKeyImages(keyImages: readonly KeyImage[], lesionOrder: readonly string[], timepointOrder: readonly string[]): KeyImageGroup[] {
  const groups = new Map<string, KeyImageGroup>();
  for (const image of keyImages) {
    const key = `${image.lesionLabel}|${image.timepoint}|${image.sopInstanceUid}|${image.frameNumber ?? 0}`;
    const group = groups.get(key);
    if (group) group.parts.push(image);
    else
      groups.set(key, {
        key,
        lesionLabel: image.lesionLabel,
        timepoint: image.timepoint,
        seriesInstanceUid: image.seriesInstanceUid,
        sopInstanceUid: image.sopInstanceUid,
        frameNumber: image.frameNumber,
        parts: [image],
      });
  }
  const rank = (order: readonly string[], value: string) => {
    const index = order.indexOf(value);
    return index === -1 ? order.length : index;
  };
  return [...groups.values()]
    .map((group) => ({ ...group, parts: [...group.parts].sort((a, b) => (a.part === b.part ? 0 : a.part === 'whole' ? -1 : 1)) }))
    .sort(
      (a, b) =>
        rank(lesionOrder, a.lesionLabel) - rank(lesionOrder, b.lesionLabel) ||
        a.lesionLabel.localeCompare(b.lesionLabel) ||
        rank(timepointOrder, a.timepoint) - rank(timepointOrder, b.timepoint),
    );
}
