import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDicomWebClient, type DicomWebClient } from '../../src/datasources/dicomWeb';
import { nadirReadsIn } from '../../src/dicom/sr/nadirReads';
import { engineOutput, SESSION, writeOptions } from '../fixtures/srSession';
import { writeMeasurementReport } from '../../src/dicom/sr/writeMeasurementReport';
import { HCC_048, hccPacsFixture, OTHER_PATIENT } from './fixtures';
import { startOrthanc, uploadFiles, type RunningOrthanc } from './orthanc';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

// The DICOMweb client (Node's fetch) against a real Orthanc with the DICOMweb plugin, on loopback.
describe('DICOMweb client against Orthanc', () => {
  let dir: string;
  let orthanc: RunningOrthanc;
  let client: DicomWebClient;
  let uploaded: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nadir-orthanc-'));
    uploaded = hccPacsFixture(dir);
    orthanc = await startOrthanc(join(dir, 'orthanc'));
    const upload = await uploadFiles(orthanc.port, uploaded);
    expect(upload.failures).toEqual([]);
    client = createDicomWebClient((url, init) => fetch(url, init), orthanc.dicomWebUrl);
  });

  afterAll(async () => {
    await orthanc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds both studies of HCC_048 by patient ID, with their attributes', async () => {
    const { studies, truncated } = await client.searchStudies({ patientId: HCC_048.patientId });
    expect(truncated).toBe(false);
    const byDate = [...studies].sort((a, b) => (a.studyDate ?? '').localeCompare(b.studyDate ?? ''));
    expect(byDate).toMatchObject([
      { studyInstanceUid: HCC_048.baselineStudyUid, patientName: 'HCC_048', studyDate: HCC_048.baselineDate, modalities: ['CT'], numberOfInstances: 89 },
      { studyInstanceUid: HCC_048.followUpStudyUid, studyDate: HCC_048.followUpDate, numberOfInstances: 41 },
    ]);
    expect([...byDate[1]!.modalities].sort()).toEqual(['CT', 'SR']);
  });

  it('narrows by name (from its start, any case) and by date range', async () => {
    const uids = async (query: Parameters<DicomWebClient['searchStudies']>[0]) =>
      (await client.searchStudies(query)).studies.map((study) => study.studyInstanceUid).sort();
    expect(await uids({})).toHaveLength(3);
    expect(await uids({ patientName: 'qin' })).toEqual([OTHER_PATIENT.studyUid]);
    expect(await uids({ patientName: 'HCC' })).toEqual([HCC_048.followUpStudyUid, HCC_048.baselineStudyUid].sort());
    expect(await uids({ patientName: 'HCC', studyDateFrom: '2001-08-01', studyDateTo: '2001-08-31' })).toEqual([HCC_048.baselineStudyUid]);
    expect(await uids({ studyDateFrom: '2001-11-01' })).toEqual([HCC_048.followUpStudyUid]);
    expect(await uids({ studyDateTo: '2000-01-01' })).toEqual([OTHER_PATIENT.studyUid]);
    expect(await uids({ patientId: 'HCC_04' })).toEqual([]);
  });

  it('retrieves both studies whole, SR included, byte for byte as uploaded', async () => {
    let last: [number, number] = [0, 0];
    const fetched = await client.retrieveStudies([HCC_048.baselineStudyUid, HCC_048.followUpStudyUid], (done, total) => (last = [done, total]));
    expect(fetched.failures).toEqual([]);
    expect(fetched.files).toHaveLength(130);
    expect(last).toEqual([130, 130]);
    expect(fetched.files.every((file) => /^PACS\/[\d.]+\/[\d.]+\/[\d.]+\.dcm$/.test(file.name))).toBe(true);
    const retrieved = await Promise.all(fetched.files.map(async (file) => sha256(new Uint8Array(await file.blob.arrayBuffer()))));
    const originals = uploaded.filter((path) => !path.includes('dcmqi_sr')).map((path) => sha256(readFileSync(path)));
    expect(retrieved.sort()).toEqual(originals.sort());
  });

  it('names an unknown study in the failures', async () => {
    expect(await client.retrieveStudies(['1.2.3.4.5.6.7'], () => {})).toEqual({
      files: [],
      failures: [{ fileName: 'PACS/1.2.3.4.5.6.7', message: 'the server lists no series in this study' }],
    });
  });

  it('turns an HTTP error of the server into a clear error', async () => {
    const wrongRoot = createDicomWebClient((url, init) => fetch(url, init), `${orthanc.url}/no-such-root`);
    await expect(wrongRoot.searchStudies({})).rejects.toThrow(`the DICOMweb server at ${orthanc.url}/no-such-root answered HTTP 404`);
  });

  // Last: it adds a patient to the PACS.
  it('stores SRs with STOW-RS, and they come back byte for byte, as the read they hold', async () => {
    const output = engineOutput();
    const files = (['bl', 'fu1', 'fu2'] as const).map((key) => {
      const options = writeOptions(key);
      return { name: `${key}.dcm`, sopInstanceUid: options.instanceUids.sop, bytes: writeMeasurementReport(SESSION, output, options.study.studyInstanceUid, options) };
    });
    const result = await client.storeInstances(files);
    expect(result).toEqual({ stored: files.map((file) => file.sopInstanceUid), failed: [] });

    const { studies } = await client.searchStudies({ patientId: 'NADIR-P042' });
    expect(studies.map((study) => study.modalities)).toEqual([['SR'], ['SR'], ['SR']]);
    const fetched = await client.retrieveStudies(studies.map((study) => study.studyInstanceUid), () => {});
    const bytes = await Promise.all(fetched.files.map(async (file) => sha256(new Uint8Array(await file.blob.arrayBuffer()))));
    expect(bytes.sort()).toEqual(files.map((file) => sha256(new Uint8Array(file.bytes))).sort());

    const reads = nadirReadsIn(await Promise.all(fetched.files.map(async (file) => ({ name: file.name, bytes: await file.blob.arrayBuffer() }))));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ patientId: 'NADIR-P042', readerName: SESSION.readerName });
    expect(reads[0]!.reports.problems).toEqual([]);
    expect(reads[0]!.reports.lesions.map((lesion) => lesion.label).sort()).toEqual(SESSION.lesions.map((lesion) => lesion.label).sort());
  });

  it('says so when the server refuses a request, and nothing is stored', async () => {
    const notDicom = { name: 'note.txt', sopInstanceUid: '1.2.3.4', bytes: new TextEncoder().encode('not a DICOM file').buffer };
    // Orthanc refuses a request with a part it cannot parse as a whole (HTTP 400), storing nothing.
    await expect(client.storeInstances([notDicom])).rejects.toThrow(`the DICOMweb server at ${orthanc.dicomWebUrl} answered HTTP 400 Bad Request to the store request: nothing was stored`);
    expect((await client.searchStudies({})).studies).toHaveLength(6);
  });
});
