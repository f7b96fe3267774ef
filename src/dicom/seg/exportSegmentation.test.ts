import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dciodvfy, dsrdump } from '../../../tests/dicomValidators';
import { exportedPhantomSegRead } from '../../../tests/fixtures/phantomSegExport';
import type { ReadSession } from '../../../workers/read/model';
import { CODES, sameCode } from '../sr/codes';
import { children, conceptOf, numValueOf, valueType } from '../sr/contentItem';
import { readPart10, sequence, text, type Dataset } from '../sr/dcmjsFacade';
import type { ReadReports } from '../sr/exportRead';
import { readMeasurementReports } from '../sr/readMeasurementReports';
import { SEGMENTATION_STORAGE } from './writeSegmentation';

/**
 * The read's export with a click-to-measure volume: the SR of the timepoint and, beside it, the DICOM
 * SEG of the lesion's mask, which the SR references (TID 1411 items). The phantom's baseline arterial
 * series is loaded as the app loads it; L1's mask is the real algorithm's (tests/fixtures/phantomSegExport.ts).
 */
const dir = mkdtempSync(join(tmpdir(), 'nadir-seg-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const groupOf = (sr: Dataset) => {
  const measurements = sequence(sr, 'ContentSequence').find((item) => sameCode(conceptOf(item), CODES.imagingMeasurements))!;
  return children(children(measurements)[0]!);
};

describe('exporting a read whose lesion has a segmentation', () => {
  let reports: ReadReports;
  let session: ReadSession;
  let sourceSeriesUid: string;
  let volumeMl: number;
  const paths = { sr: join(dir, 'sr.dcm'), seg: join(dir, 'seg.dcm') };

  beforeAll(async () => {
    const exported = await exportedPhantomSegRead();
    ({ reports, session } = exported);
    sourceSeriesUid = exported.studies[0]!.imageSeries[0]!.seriesInstanceUid;
    volumeMl = exported.phantom.volume.volumeMl;
    writeFileSync(paths.sr, new Uint8Array(reports.files.find((file) => file.kind === 'SR')!.bytes));
    writeFileSync(paths.seg, new Uint8Array(reports.files.find((file) => file.kind === 'SEG')!.bytes));
  }, 120_000);

  it('writes the SEG beside the SR, in the same study', () => {
    expect(reports.skipped).toEqual([]);
    expect(reports.files.map((file) => [file.kind, file.timepoint, file.fileName])).toEqual([
      ['SEG', 'BL', 'nadir-seg-PHANTOM-NET-01-BL-L1.dcm'],
      ['SR', 'BL', 'nadir-sr-PHANTOM-NET-01-BL-Dr_Seg.dcm'],
    ]);
    const seg = readPart10(reports.files[0]!.bytes);
    expect(text(seg, 'SOPInstanceUID')).toBe(reports.files[0]!.sopInstanceUid);
    expect(text(seg, 'StudyInstanceUID')).toBe(session.timepoints[0]!.studyInstanceUid);
    expect(text(seg, 'PatientID')).toBe('PHANTOM-NET-01');
  });

  it('the SR finds the segmentation: Referenced Segment (the SEG, segment 1), its source series, the viable volume from segment 2, the SEG in the evidence', () => {
    const sr = readPart10(reports.files[1]!.bytes);
    const segUid = reports.files[0]!.sopInstanceUid;
    const items = groupOf(sr);
    const referenced = items.find((item) => sameCode(conceptOf(item), CODES.referencedSegment))!;
    expect(valueType(referenced)).toBe('IMAGE');
    const sop = sequence(referenced, 'ReferencedSOPSequence')[0]!;
    expect([text(sop, 'ReferencedSOPClassUID'), text(sop, 'ReferencedSOPInstanceUID'), text(sop, 'ReferencedSegmentNumber')]).toEqual([SEGMENTATION_STORAGE, segUid, '1']);
    const source = items.find((item) => sameCode(conceptOf(item), CODES.sourceSeriesForSegmentation))!;
    expect(text(source, 'UID')).toBe(sourceSeriesUid);
    const viable = items.find((item) => sameCode(conceptOf(item), CODES.viableVolume))!;
    expect(text(sequence(children(viable)[0]!, 'ReferencedSOPSequence')[0]!, 'ReferencedSegmentNumber')).toBe('2');
    const evidence = sequence(sr, 'CurrentRequestedProcedureEvidenceSequence').flatMap((study) => sequence(study, 'ReferencedSeriesSequence').flatMap((series) => sequence(series, 'ReferencedSOPSequence')));
    expect(evidence.map((entry) => text(entry, 'ReferencedSOPInstanceUID'))).toContain(segUid);
    // read back, the volume is the same and nothing is a problem (the mask stays in the SEG)
    const back = readMeasurementReports([reports.files[1]!.bytes]);
    expect(back.problems).toEqual([]);
    expect(numValueOf(items.find((item) => sameCode(conceptOf(item), CODES.volume)))).toBe(volumeMl);
    expect(back.lesions).toHaveLength(1);
  });

  it('both pass dciodvfy with 0 errors; dcmdump reads the SEG and dsrdump the SR', () => {
    for (const [what, path] of Object.entries(paths)) {
      const { errors, summary } = dciodvfy(path);
      console.log(`dciodvfy exported ${what.toUpperCase()}: ${summary}`);
      expect(errors, what).toEqual([]);
    }
    const dump = spawnSync('dcmdump', ['-q', paths.seg], { encoding: 'utf8' });
    expect(dump.status).toBe(0);
    expect(dump.stdout).toMatch(/\(0008,0016\) UI =SegmentationStorage/);
    expect(dump.stdout).toMatch(/\(0062,0001\) CS \[BINARY\]/);
    const sr = dsrdump(paths.sr);
    expect(sr.status).toBe(0);
    expect(sr.stdout).toMatch(/Referenced Segment/);
  });
});
