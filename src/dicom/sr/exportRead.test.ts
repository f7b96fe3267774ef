import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../../workers/engine';
import type { Point3, ReadSession } from '../../../workers/read/model';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { readDicomFile } from '../readDicomFile';
import { organizeStudies } from '../studies';
import { numbers, readPart10, sequence, text } from './dcmjsFacade';
import { writeReadReports } from './exportRead';
import { readMeasurementReports } from './readMeasurementReports';

// The bundled HCC_048 baseline: slice 45 is axial, 0.703125 mm pixels, first pixel centre at (−180, −180, −286).
const path = new URL('../../../sample-data/hcc048-baseline-ct/IM045.dcm', import.meta.url);
const bytes = new Uint8Array(readFileSync(path));

function studiesWith(blob: Blob) {
  const result = readDicomFile(bytes, 'IM045.dcm');
  return organizeStudies([{ file: { name: 'IM045.dcm', blob }, result }]).studies;
}

function readOn(studies: ReturnType<typeof studiesWith>): ReadSession {
  const study = studies[0]!;
  const series = study.imageSeries[0]!;
  const header = series.slices[0]!.instance.metadata;
  const at = (column: number, row: number): Point3 => [-180 + column * 0.703125, -180 + row * 0.703125, -286];
  const image = { studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: series.seriesInstanceUid, sopInstanceUid: header.sopInstanceUid, frameNumber: null };
  return {
    schemaVersion: 1,
    readId: 'export-test',
    patientId: 'HCC_048',
    patientName: 'HCC_048',
    readerName: 'Dr Export',
    createdAt: '2026-11-22T17:00:00Z',
    timepoints: [{ studyInstanceUid: study.studyInstanceUid, date: '2001-08-12', modality: 'CT', sliceThicknessMm: 2.5 }],
    lesions: [{ id: 'les-1', label: 'L1', role: 'target', organ: 'liver segment VII', isLymphNode: false, firstStudyUid: study.studyInstanceUid, splitFrom: null }],
    observations: {
      [study.studyInstanceUid]: {
        'les-1': { status: 'present', whole: { longAxisMm: 70.3125, shortAxisMm: 42.1875, longAxis: [at(200, 250), at(300, 250)], shortAxis: [at(250, 220), at(250, 280)], image }, enhancing: { kind: 'notMeasured' }, meanHU: null },
      },
    },
    criteria: ['RECIST1.1', 'WHO'],
  };
}

describe('the SRs of a read, from the loaded studies', () => {
  it.each([
    ['a file read whole', new Blob([bytes])],
    // the header was read once, with the file: the SR export does not open the file again
    ['a file whose bytes are gone by export time', new Blob([])],
  ])('copies the patient and study from the images and puts each axis on its image (%s)', async (_what, blob) => {
    const studies = studiesWith(blob);
    const session = readOn(studies);
    const reply = assessPatient(toExchangeInput(session));
    if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
    const reports = await writeReadReports(session, reply.output, studies, new Date('2026-11-22T17:00:00Z'));
    expect(reports.skipped).toEqual([]);
    expect(reports.files.map((file) => [file.timepoint, file.fileName])).toEqual([['BL', 'nadir-sr-HCC_048-BL-Dr_Export.dcm']]);
    const dataset = readPart10(reports.files[0]!.bytes);
    expect([text(dataset, 'PatientID'), text(dataset, 'StudyDate'), text(dataset, 'StudyInstanceUID')]).toEqual(['HCC_048', '20010812', studies[0]!.studyInstanceUid]);
    expect(text(dataset, 'SOPInstanceUID')).toBe(reports.files[0]!.sopInstanceUid);
    // the long axis from column 200 to 300 on row 250: SR image coordinates of pixel centres add 0.5
    const measurements = sequence(dataset, 'ContentSequence').find((item) => text(sequence(item, 'ConceptNameCodeSequence')[0] ?? {}, 'CodeValue') === '126010')!;
    const longAxis = sequence(sequence(measurements, 'ContentSequence')[0]!, 'ContentSequence').find((item) => text(item, 'ValueType') === 'NUM')!;
    const scoord = sequence(longAxis, 'ContentSequence').find((item) => text(item, 'ValueType') === 'SCOORD')!;
    expect(numbers(scoord, 'GraphicData')).toEqual([200.5, 250.5, 300.5, 250.5]);
    const back = readMeasurementReports([reports.files[0]!.bytes]);
    expect(back.problems).toEqual([]);
    expect(back.studies[0]!.readerName).toBe('Dr Export');
  });

  it('names a timepoint whose study is not loaded instead of writing it', async () => {
    const studies = studiesWith(new Blob([bytes]));
    const session = readOn(studies);
    const reply = assessPatient(toExchangeInput(session));
    if (!reply.ok) throw new Error('no output');
    const reports = await writeReadReports(session, reply.output, [], new Date());
    expect(reports).toEqual({ files: [], skipped: [{ kind: 'SR', timepoint: 'BL', reason: 'its study (2001-08-12) is not loaded' }] });
  });
});
