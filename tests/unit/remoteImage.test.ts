import { readdirSync, readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import type { DicomWebClient } from '../../src/datasources/dicomWeb';
import type { DicomFileReader } from '../../src/dicom/fileReader';
import { readDicomFile } from '../../src/dicom/readDicomFile';
import type { InstanceFile, RemoteFile } from '../../src/state/studyModel';
import { openStudyMetadataFirst } from '../../src/app/pacsStudy';

// A server's image is retrieved unchecked for the viewer, as bytes it owns (moved to a slice decoder,
// which checks the file as it opens it and then asks the file whether what it read is what the
// metadata described), and checked in the file reader for everything else (exports, SR). Here with
// real slices of the corpus and their metadata as a server gives it (src/app may not parse DICOM
// itself: lint boundaries).
describe('openStudyMetadataFirst: an image still on the server', () => {
  const corpus = new URL('../../../shared/dicom/series/hcc-tace-seg_HCC_048_baseline_ct_rle/', import.meta.url);
  const names = readdirSync(corpus).filter((name) => name.endsWith('.dcm')).slice(0, 2);
  const files = names.map((name) => {
    const bytes = readFileSync(new URL(name, corpus));
    const message = dcmjs.data.DicomMessage.readFile(new Uint8Array(bytes).buffer);
    // WADO-RS metadata: no file meta group, no pixel data (bulk data)
    const dataset = JSON.parse(JSON.stringify(message.dict)) as Record<string, unknown>;
    delete dataset['7FE00010'];
    const uid = (tag: string) => (dataset[tag] as { Value: string[] }).Value[0]!;
    return { bytes: new Uint8Array(bytes), dataset, ref: { studyUid: uid('0020000D'), seriesUid: uid('0020000E'), sopUid: uid('00080018') } };
  });

  function open() {
    const retrievals: string[] = [];
    const checks: string[] = [];
    const failNext: string[] = [];
    const client = {
      retrieveMetadata: async () => ({ instances: files.map((file, index) => ({ ...file.ref, name: `slice${index}.dcm`, dataset: file.dataset })), failures: [] }),
      retrieveInstance: async ({ sopUid }: { sopUid: string }) => {
        retrievals.push(`${sopUid} as a file`);
        return new Blob([files.find((file) => file.ref.sopUid === sopUid)!.bytes]);
      },
      retrieveInstanceBytes: async ({ sopUid }: { sopUid: string }) => {
        retrievals.push(`${sopUid} as bytes`);
        if (failNext.length > 0) throw new Error(failNext.shift());
        return files.find((file) => file.ref.sopUid === sopUid)!.bytes.slice().buffer;
      },
    } as unknown as DicomWebClient;
    const reader = {
      check: async ({ name, blob }: { name: string; blob: Blob }) => {
        checks.push(name);
        const bytes = await blob.arrayBuffer();
        return { result: readDicomFile(new Uint8Array(bytes), name), bytes };
      },
    } as unknown as DicomFileReader;
    return { retrievals, checks, failNext, opening: openStudyMetadataFirst(client, files[0]!.ref.studyUid, reader, () => {}) };
  }
  const remote = (file: InstanceFile): RemoteFile => {
    if ('blob' in file) throw new Error('expected an instance still on the server');
    return file;
  };

  it('is taken by the viewer unchecked (its slice decoder checks it), and retrieved checked for anything else', async () => {
    const { retrievals, checks, opening } = open();
    const file = remote((await opening).described[0]!.file);
    const sop = files[0]!.ref.sopUid;
    expect(new Uint8Array(await file.take())).toEqual(files[0]!.bytes);
    expect(checks).toEqual([]);
    // the viewer's bytes are moved to a worker: an export asks for its own, checked
    expect(new Uint8Array(await (await file.retrieve()).arrayBuffer())).toEqual(files[0]!.bytes);
    expect(checks).toEqual(['slice0.dcm']);
    expect(retrievals).toEqual([`${sop} as bytes`, `${sop} as a file`]);
  });

  it('serves a take from the prefetch before it, and keeps nothing once taken', async () => {
    const { retrievals, opening } = open();
    const file = remote((await opening).described[0]!.file);
    const sop = files[0]!.ref.sopUid;
    // the opening slice retrieved early, then taken by the decoder: one retrieval
    file.prefetch();
    file.prefetch();
    await file.take();
    expect(retrievals).toEqual([`${sop} as bytes`]);
    // the decoded image dropped from Cornerstone's cache: read again from the server
    await file.take();
    expect(retrievals).toEqual([`${sop} as bytes`, `${sop} as bytes`]);
  });

  it('tells a failed prefetch at the take that follows it, and retrieves again at the next', async () => {
    const { failNext, opening } = open();
    const file = remote((await opening).described[0]!.file);
    failNext.push('HTTP 503');
    file.prefetch();
    await expect(file.take()).rejects.toThrow('HTTP 503');
    expect(new Uint8Array(await file.take())).toEqual(files[0]!.bytes);
  });

  it('names a file that is not the instance its metadata described, and passes the one that is', async () => {
    const { opening } = open();
    const file = remote((await opening).described[0]!.file);
    const read = (index: number) => readDicomFile(files[index]!.bytes, `slice${index}.dcm`);
    expect(file.problemWith(read(0))).toBeNull();
    expect(file.problemWith(read(1))).toBe("the retrieved file does not match the server's metadata (SOP Instance UID, image position): not shown");
    expect(file.problemWith({ kind: 'unreadable', problem: { code: 'empty' } })).toMatch(/empty/);
  });
});
