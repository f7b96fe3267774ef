import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDicomWebClient, type DescribedInstance, type DicomWebClient } from '../../src/datasources/dicomWeb';
import { readDicomJsonInstance } from '../../src/dicom/dicomJson';
import { readDicomFile } from '../../src/dicom/readDicomFile';
import { nadirReadsIn } from '../../src/dicom/sr/nadirReads';
import { engineOutput, SESSION, writeOptions } from '../fixtures/srSession';
import { writeMeasurementReport } from '../../src/dicom/sr/writeMeasurementReport';
import { HCC_048, hccPacsFixture, OTHER_PATIENT } from './fixtures';
import { startOrthanc, uploadFiles, type RunningOrthanc } from './orthanc';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Every instance of the studies, as Nadir opens them: metadata first, then each instance whole. */
async function retrieveAll(client: DicomWebClient, studyUids: readonly string[]) {
  const described: DescribedInstance[] = [];
  for (const studyUid of studyUids) {
    const metadata = await client.retrieveMetadata(studyUid, () => {});
    expect(metadata.failures).toEqual([]);
    described.push(...metadata.instances);
  }
  // six at a time, as a browser asks one origin: 130 at once is more than Orthanc's threads keep open
  const retrieved: (DescribedInstance & { bytes: Uint8Array })[] = [];
  let next = 0;
  const worker = async () => {
    while (next < described.length) {
      const instance = described[next++]!;
      retrieved.push({ ...instance, bytes: new Uint8Array(await (await client.retrieveInstance(instance)).arrayBuffer()) });
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return retrieved;
}

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

  it('describes both studies from series metadata as their files describe themselves, and retrieves each instance byte for byte', async () => {
    let last: [number, number] = [0, 0];
    const baseline = await client.retrieveMetadata(HCC_048.baselineStudyUid, (done, total) => (last = [done, total]));
    expect(last).toEqual([1, 1]);
    expect(baseline.instances).toHaveLength(HCC_048.baselineInstances);
    const retrieved = await retrieveAll(client, [HCC_048.baselineStudyUid, HCC_048.followUpStudyUid]);
    expect(retrieved).toHaveLength(130);
    expect(retrieved.every((instance) => /^PACS\/[\d.]+\/[\d.]+\/[\d.]+\.dcm$/.test(instance.name))).toBe(true);
    const originals = uploaded.filter((path) => !path.includes('dcmqi_sr')).map((path) => sha256(readFileSync(path)));
    expect(retrieved.map((instance) => sha256(instance.bytes)).sort()).toEqual(originals.sort());
    // Orthanc's metadata read by the metadata rules gives what the file gives (but the transfer syntax, not in it)
    for (const instance of retrieved) {
      const fromMetadata = readDicomJsonInstance(instance.dataset, instance.name);
      const fromFile = readDicomFile(instance.bytes, instance.name);
      expect(fromMetadata.kind).toBe(fromFile.kind);
      if (fromMetadata.kind === 'unreadable' || fromFile.kind === 'unreadable') throw new Error(`${instance.name} unreadable`);
      expect({ ...fromMetadata.metadata, transferSyntaxUid: '' }).toEqual({ ...fromFile.metadata, transferSyntaxUid: '' });
    }
  });

  it('names an unknown study in the failures', async () => {
    expect(await client.retrieveMetadata('1.2.3.4.5.6.7', () => {})).toEqual({
      instances: [],
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
    const fetched = await retrieveAll(client, studies.map((study) => study.studyInstanceUid));
    expect(fetched.map((instance) => sha256(instance.bytes)).sort()).toEqual(files.map((file) => sha256(new Uint8Array(file.bytes))).sort());

    const reads = nadirReadsIn(fetched.map((instance) => ({ name: instance.name, bytes: instance.bytes.slice().buffer })));
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
