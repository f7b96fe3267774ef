import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dciodvfy, dsrdump } from '../../../tests/dicomValidators';
import { phantomL1Segmentation } from '../../../tests/fixtures/phantomSegmentation';
import { assessPatient } from '../../../workers/engine';
import type { Point3, ReadSession } from '../../../workers/read/model';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { readDicomFile } from '../readDicomFile';
import { organizeStudies } from '../studies';
import { CODES, sameCode } from '../sr/codes';
import { children, conceptOf, numValueOf, valueType } from '../sr/contentItem';
import { readPart10, sequence, text, type Dataset } from '../sr/dcmjsFacade';
import { writeReadReports, type ReadReports } from '../sr/exportRead';
import { readMeasurementReports } from '../sr/readMeasurementReports';
import { SEGMENTATION_STORAGE } from './writeSegmentation';

/**
 * The read's export with a click-to-measure volume: the SR of the timepoint and, beside it, the DICOM
 * SEG of the lesion's mask, which the SR references (TID 1411 items). The phantom's baseline arterial
 * series is loaded as the app loads it (readDicomFile, organizeStudies); L1's mask is the real
 * algorithm's.
 */
const SERIES_DIR = new URL('../../../sample-data/phantom-net-01/01-baseline-ct/series-002-ct-arterial/', import.meta.url).pathname;
const truth = JSON.parse(readFileSync(new URL('../../../sample-data/phantom-net-01/01-baseline-ct/ground-truth.json', import.meta.url), 'utf8')) as {
  lesions: { id: string; longAxisMm: number; shortAxisMm: number; longAxisEndpointsMm: [Point3, Point3]; shortAxisEndpointsMm: [Point3, Point3]; largestSlice: { seriesDescription: string; sopInstanceUID: string }[] }[];
};
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

  beforeAll(() => {
    const files = readdirSync(SERIES_DIR).map((name) => {
      const bytes = new Uint8Array(readFileSync(join(SERIES_DIR, name)));
      return { file: { name, blob: new Blob([bytes]) }, result: readDicomFile(bytes, name) };
    });
    const { studies } = organizeStudies(files);
    const study = studies[0]!;
    const series = study.imageSeries[0]!;
    const phantom = phantomL1Segmentation();
    sourceSeriesUid = series.seriesInstanceUid;
    volumeMl = phantom.volume.volumeMl;
    const l1 = truth.lesions.find((lesion) => lesion.id === 'L1')!;
    const image = { studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: series.seriesInstanceUid, sopInstanceUid: l1.largestSlice.find((slice) => /ARTERIAL/.test(slice.seriesDescription))!.sopInstanceUID, frameNumber: null };
    session = {
      schemaVersion: 1,
      readId: 'seg-export',
      patientId: 'PHANTOM-NET-01',
      patientName: 'NADIR^PHANTOM-NET-01',
      readerName: 'Dr Seg',
      createdAt: '2026-12-03T12:00:00Z',
      timepoints: [{ studyInstanceUid: study.studyInstanceUid, date: '2024-01-10', modality: 'CT', sliceThicknessMm: 5 }],
      lesions: [{ id: 'les-1', label: 'L1', role: 'target', organ: 'liver segment VII', isLymphNode: false, firstStudyUid: study.studyInstanceUid, splitFrom: null }],
      observations: {
        [study.studyInstanceUid]: {
          'les-1': {
            status: 'present',
            whole: { longAxisMm: l1.longAxisMm, shortAxisMm: l1.shortAxisMm, longAxis: l1.longAxisEndpointsMm, shortAxis: l1.shortAxisEndpointsMm, image },
            enhancing: { kind: 'notMeasured' },
            meanHU: null,
            volume: { volumeMl: phantom.volume.volumeMl, enhancingVolumeMl: phantom.volume.enhancingVolumeMl, sliceCount: phantom.volume.sliceIndices.length, mask: phantom.lesion.mask },
          },
        },
      },
      criteria: ['RECIST1.1'],
    };
    const reply = assessPatient(toExchangeInput(session));
    if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
    return writeReadReports(session, reply.output, studies, new Date('2026-12-03T12:00:00Z')).then((written) => {
      reports = written;
      writeFileSync(paths.sr, new Uint8Array(reports.files.find((file) => file.kind === 'SR')!.bytes));
      writeFileSync(paths.seg, new Uint8Array(reports.files.find((file) => file.kind === 'SEG')!.bytes));
    });
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
