import type { ImageSeries, Slice } from '../state/studyModel';
import type { ImageReference } from '../../workers/read/model';

/** Both ways between Cornerstone image ids and the slices (and image references) they show. */
export interface ImageIndex {
  sliceOf(imageId: string): Slice | undefined;
  imageIdOf(reference: ImageReference): string | undefined;
  register(series: ImageSeries, imageIds: readonly string[]): void;
  /** every series registered (the latest registration of each), with its image ids: a study's other phases, for click-to-measure's mean HU */
  registered(): readonly RegisteredSeries[];
}

export interface RegisteredSeries {
  readonly series: ImageSeries;
  readonly imageIds: readonly string[];
}

const referenceKey = (sopInstanceUid: string, frameNumber: number | null) => `${sopInstanceUid}#${frameNumber ?? 0}`;

export function createImageIndex(): ImageIndex {
  const slices = new Map<string, Slice>();
  const imageIds = new Map<string, string>();
  // by Series Instance UID: a series opened again (a closed opening's files can no longer be retrieved) is the new one
  const all = new Map<string, RegisteredSeries>();
  return {
    sliceOf: (imageId) => slices.get(imageId),
    imageIdOf: (reference) => imageIds.get(referenceKey(reference.sopInstanceUid, reference.frameNumber)),
    register(series, ids) {
      all.delete(series.seriesInstanceUid);
      all.set(series.seriesInstanceUid, { series, imageIds: ids });
      series.slices.forEach((slice, index) => {
        const imageId = ids[index]!;
        slices.set(imageId, slice);
        imageIds.set(referenceKey(slice.instance.metadata.sopInstanceUid, slice.frameNumber), imageId);
      });
    },
    registered: () => [...all.values()],
  };
}
