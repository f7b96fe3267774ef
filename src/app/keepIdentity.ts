import type { ImageSeries, NonImageSeries, Study } from '../state/studyModel';

/**
 * Studies organised again after more files arrived (a PACS opening adds the other timepoints once
 * the baseline and follow-up show), with every series and study whose content did not change kept
 * as the same object: a viewport showing it is not rebuilt, and its decoding is not started again.
 */
export function keepIdentity(previous: readonly Study[], next: readonly Study[]): Study[] {
  const before = new Map(previous.map((study) => [study.studyInstanceUid, study]));
  return next.map((study) => {
    const old = before.get(study.studyInstanceUid);
    if (!old) return study;
    const imageSeries = study.imageSeries.map((series) => old.imageSeries.find((kept) => sameImageSeries(kept, series)) ?? series);
    const otherSeries = study.otherSeries.map((series) => old.otherSeries.find((kept) => sameOtherSeries(kept, series)) ?? series);
    const unchanged =
      sameStudyHeader(old, study) &&
      imageSeries.length === old.imageSeries.length &&
      otherSeries.length === old.otherSeries.length &&
      imageSeries.every((series, index) => series === old.imageSeries[index]) &&
      otherSeries.every((series, index) => series === old.otherSeries[index]);
    return unchanged ? old : { ...study, imageSeries, otherSeries };
  });
}

const sameStudyHeader = (a: Study, b: Study) =>
  a.patientName === b.patientName && a.patientId === b.patientId && a.date === b.date && a.description === b.description;

/** The same series: the same files (objects, not names) in the same order, the same frames. */
function sameImageSeries(a: ImageSeries, b: ImageSeries): boolean {
  return (
    a.seriesInstanceUid === b.seriesInstanceUid &&
    a.description === b.description &&
    a.slices.length === b.slices.length &&
    a.slices.every((slice, index) => slice.instance.file === b.slices[index]!.instance.file && slice.frameNumber === b.slices[index]!.frameNumber)
  );
}

function sameOtherSeries(a: NonImageSeries, b: NonImageSeries): boolean {
  return (
    a.seriesInstanceUid === b.seriesInstanceUid &&
    a.instances.length === b.instances.length &&
    a.instances.every((instance, index) => instance.file === b.instances[index]!.file)
  );
}
