import { beforeAll, describe, expect, it } from 'vitest';
import { exportedPhantomSegRead, type PhantomSegExport } from '../../../tests/fixtures/phantomSegExport';
import { isNotice, type ImportProblem } from '../../../workers/read/importChecks';
import type { LesionMask, LesionVolume, ReadSession } from '../../../workers/read/model';
import { assessPatient } from '../../../workers/engine';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { readPart10, writePart10, sequence, type Dataset } from '../sr/dcmjsFacade';
import { writeReadReports } from '../sr/exportRead';
import { readMeasurementReports, sessionFromReports } from '../sr/readMeasurementReports';
import { checkReports } from '../sr/srChecks';
import { NADIR_IMPLEMENTATION_CLASS_UID } from '../sr/writeMeasurementReport';
import { CODES, sameCode } from '../sr/codes';
import { conceptOf } from '../sr/contentItem';
import { asImportProblem, attachSegmentations, describeSegmentationNotRead, readReportsWithSegmentations, segSourcesOf } from './importSegmentations';
import { parseSegmentation } from './readSegmentation';
import { SEG_PROBLEMS, type SegProblemId } from './segProblems';

/**
 * SR import with the SEGs its volumes reference (issue 14 §3): the phantom read's L1, exported as the
 * app exports it (SR + SEG), imported back as a second reader or an adjudicator imports it.
 */

let exported: PhantomSegExport;
let sr: ArrayBuffer;
let seg: ArrayBuffer;
let segUid: string;
/** The exported mask with its slices in the loaded series' reading order: the order of the app's stack, which click-to-measure keeps (the fixture's segmentation goes by height) */
let mask: LesionMask;
beforeAll(async () => {
  exported = await exportedPhantomSegRead();
  sr = exported.reports.files.find((file) => file.kind === 'SR')!.bytes;
  const segFile = exported.reports.files.find((file) => file.kind === 'SEG')!;
  [seg, segUid] = [segFile.bytes, segFile.sopInstanceUid];
  const order = exported.studies[0]!.imageSeries[0]!.slices.map((slice) => slice.instance.metadata.sopInstanceUid);
  mask = { ...exported.mask, slices: [...exported.mask.slices].sort((a, b) => order.indexOf(a.sopInstanceUid) - order.indexOf(b.sopInstanceUid)) };
}, 120_000);

const PATIENT = { patientId: 'PHANTOM-NET-01', patientName: 'NADIR^PHANTOM-NET-01' };

/** The files imported as the app imports chosen files: the read rebuilt, and the problems the review lists. */
function imported(files: ArrayBuffer[], sources = segSourcesOf(exported.studies)): { session: ReadSession; problems: ImportProblem[] } {
  const read = readReportsWithSegmentations(files, sources);
  const names = read.srFiles.map((index) => `file${index + 1}.dcm`);
  const session = sessionFromReports(read.reports, { readId: 'imported', createdAt: '2026-12-04T00:00:00Z', criteria: ['RECIST1.1'] });
  const problems = [...checkReports(read.reports, names, PATIENT, null), ...read.notRead.map((notRead) => asImportProblem(notRead, names[notRead.file]!))];
  return { session, problems };
}

const volumeOfL1 = (session: ReadSession): LesionVolume | undefined => {
  const observation = Object.values(session.observations[exported.session.timepoints[0]!.studyInstanceUid] ?? {})[0];
  return observation?.status === 'present' ? observation.volume : undefined;
};

/** A file of the export, read, changed by `edit` and written again (the SR's seal does not cover its references to the SEG: the SEG is checked instead). */
function rewritten(bytes: ArrayBuffer, edit: (dataset: Dataset) => Dataset): ArrayBuffer {
  const { _fileMeta: _meta, ...dataset } = readPart10(bytes);
  return writePart10(edit(dataset), { implementationClassUid: NADIR_IMPLEMENTATION_CLASS_UID, implementationVersionName: 'TAMPERED' });
}

/** The content tree with `edit` applied to every item's children, depth first. */
const editTree = (items: Dataset[], edit: (items: Dataset[]) => Dataset[]): Dataset[] =>
  edit(items).map((item) => (item.ContentSequence ? { ...item, ContentSequence: editTree(sequence(item, 'ContentSequence'), edit) } : item));
const editContent = (edit: (items: Dataset[]) => Dataset[]) => (dataset: Dataset) => ({ ...dataset, ContentSequence: editTree(sequence(dataset, 'ContentSequence'), edit) });

/** The SR naming another segment for the whole lesion. */
const srNamingSegment = (segment: number) =>
  rewritten(sr, editContent((items) => items.map((item) => (sameCode(conceptOf(item), CODES.referencedSegment) && item.RelationshipType === 'CONTAINS' ? { ...item, ReferencedSOPSequence: sequence(item, 'ReferencedSOPSequence').map((sop) => ({ ...sop, ReferencedSegmentNumber: segment })) } : item))));
/** The SR without its Source series for segmentation item (a damaged reference). */
const srWithoutSourceSeries = () => rewritten(sr, editContent((items) => items.filter((item) => !sameCode(conceptOf(item), CODES.sourceSeriesForSegmentation))));
/** The SEG with one frame fewer described than it holds. */
const segWithFrameCountMismatch = () => rewritten(seg, (dataset) => ({ ...dataset, PerFrameFunctionalGroupsSequence: sequence(dataset, 'PerFrameFunctionalGroupsSequence').slice(0, -1) }));

describe('importing an SR with the SEG its volume references', () => {
  it('gives L1 back the very mask that was exported, with its volume values, and names no problem', () => {
    const { session, problems } = imported([sr, seg]);
    expect(problems).toEqual([]);
    const volume = volumeOfL1(session);
    const { mask: _mask, ...values } = volumeOfL1(exported.session)!;
    expect(volume).toEqual({ ...values, mask });
    expect(mask.slices).toHaveLength(exported.mask.slices.length);
  });

  it('reads the SEG whichever order the files are chosen in', () => {
    expect(volumeOfL1(imported([seg, sr]).session)?.mask).toEqual(mask);
  });

  it('the read imported exports its SEG again: the same mask, in a new SEG the new SR references', async () => {
    const { session } = imported([sr, seg]);
    const reply = assessPatient(toExchangeInput(session));
    if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
    const again = await writeReadReports(session, reply.output, exported.studies, new Date('2026-12-04T12:00:00Z'));
    const newSeg = again.files.find((file) => file.kind === 'SEG');
    expect(again.skipped).toEqual([]);
    expect(newSeg && parseSegmentation(newSeg.bytes).ok).toBe(true);
    const reimported = readReportsWithSegmentations([again.files.find((file) => file.kind === 'SR')!.bytes, newSeg!.bytes], segSourcesOf(exported.studies));
    expect(reimported.notRead).toEqual([]);
    expect(volumeOfL1(sessionFromReports(reimported.reports, { readId: 'x', createdAt: '', criteria: [] }))?.mask).toEqual(mask);
  });
});

describe('a segmentation that cannot be imported is a notice: the read imports with its volume values, the mask named as missing', () => {
  const cases: { name: string; files: () => ArrayBuffer[]; loaded?: boolean; problem: SegProblemId; detail: RegExp }[] = [
    { name: 'the SEG is not among the files', files: () => [sr], problem: 'segNotFound', detail: /^SEG [\d.]+: the SEG is not found$/ },
    { name: 'the series it segments is not loaded', files: () => [sr, seg], loaded: false, problem: 'sourceNotLoaded', detail: /the series it segments is not loaded \([\d.]+\)/ },
    { name: 'the report names a segment the SEG does not hold', files: () => [srNamingSegment(7), seg], problem: 'segmentMissing', detail: /segment 7/ },
    { name: 'the report’s reference is damaged (no source series)', files: () => [srWithoutSourceSeries(), seg], problem: 'referenceDamaged', detail: /^the report’s reference to its SEG is incomplete .*\(the series segmented\)$/ },
    { name: 'the SEG is damaged (a frame description missing)', files: () => [sr, segWithFrameCountMismatch()], problem: 'frameCountMismatch', detail: /number of frames/ },
  ];
  it.each(cases)('$name: $problem', ({ files, loaded = true, problem, detail }) => {
    const { session, problems } = imported(files(), loaded ? segSourcesOf(exported.studies) : []);
    expect(problems.map((found) => [found.rule, found.item, isNotice(found)])).toEqual([['segmentationNotRead', 'lesion L1 at BL', true]]);
    expect(problems[0]!.detail).toMatch(detail);
    expect(problems[0]!.detail).toContain(SEG_PROBLEMS[problem]);
    if (problem !== 'referenceDamaged') expect(problems[0]!.detail).toContain(segUid);
    const volume = volumeOfL1(session);
    expect(volume?.volumeMl).toBe(exported.phantom.volume.volumeMl);
    expect(volume?.mask).toBeUndefined();
  });

  it('sliceCountMismatch: a SEG on another number of slices than the report’s volume is not the segmentation it was measured on', () => {
    const reports = readMeasurementReports([sr]);
    const study = reports.studies[0]!;
    const [trackingUid, observation] = Object.entries(study.observations)[0]!;
    if (observation.status !== 'present' || !observation.volume) throw new Error('fixture changed');
    study.observations[trackingUid] = { ...observation, volume: { ...observation.volume, sliceCount: observation.volume.sliceCount + 1 } };
    const { reports: withMasks, notRead } = attachSegmentations(reports, [seg], segSourcesOf(exported.studies));
    expect(notRead.map((entry) => [entry.label, entry.timepoint, entry.problem.id])).toEqual([['L1', 'BL', 'sliceCountMismatch']]);
    expect(describeSegmentationNotRead(notRead[0]!)).toMatch(/^L1’s segmentation at BL, SEG [\d.]+: the segment is on another number of slices than the report’s volume \(\d+ slices, the report’s volume \d+\)$/);
    const kept = withMasks.studies[0]!.observations[trackingUid]!;
    expect(kept.status === 'present' && kept.volume).toEqual({ ...observation.volume, sliceCount: observation.volume.sliceCount + 1 });
  });
});

