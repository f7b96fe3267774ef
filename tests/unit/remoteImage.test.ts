import { readdirSync, readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import type { DicomWebClient } from '../../src/datasources/dicomWeb';
import type { DicomFileReader } from '../../src/dicom/fileReader';
import { readDicomFile } from '../../src/dicom/readDicomFile';
import type { InstanceFile, RemoteFile } from '../../src/state/studyModel';
import { openStudyMetadataFirst } from '../../src/app/pacsStudy';

// A server's image is retrieved once: unchecked for the viewer, whose slice decoders check a file as
// they open it and then ask the file whether what they read is what the metadata described; checked
// in the file reader for everything else (exports, SR). Here with real slices of the corpus and their
// metadata as a server gives it (src/app may not parse DICOM itself: lint boundaries).
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
    const client = {
      retrieveMetadata: async () => ({ instances: files.map((file, index) => ({ ...file.ref, name: `slice${index}.dcm`, dataset: file.dataset })), failures: [] }),
      retrieveInstance: async ({ sopUid }: { sopUid: string }) => {
        retrievals.push(sopUid);
        return new Blob([files.find((file) => file.ref.sopUid === sopUid)!.bytes]);
      },
    } as unknown as DicomWebClient;
    const reader = {
      check: async ({ name, blob }: { name: string; blob: Blob }) => {
        checks.push(name);
        const bytes = await blob.arrayBuffer();
        return { result: readDicomFile(new Uint8Array(bytes), name), bytes };
      },
    } as unknown as DicomFileReader;
    return { retrievals, checks, opening: openStudyMetadataFirst(client, files[0]!.ref.studyUid, reader, () => {}) };
  }
  const remote = (file: InstanceFile): RemoteFile => {
    if ('blob' in file) throw new Error('expected an instance still on the server');
    return file;
  };

  it('is retrieved once for the viewer, unchecked (its slice decoder checks it), and once checked for anything else', async () => {
    const { retrievals, checks, opening } = open();
    const file = remote((await opening).described[0]!.file);
    const unchecked = await file.retrieveUnchecked();
    expect(checks).toEqual([]);
    expect(await file.retrieve()).toBe(unchecked);
    expect(checks).toEqual(['slice0.dcm']);
    expect(retrievals).toEqual([files[0]!.ref.sopUid]);
  });

  it('lets its bytes go once the viewer has read them into its decoder, and retrieves them again if asked', async () => {
    const { retrievals, opening } = open();
    const file = remote((await opening).described[0]!.file);
    // the opening slice retrieved early, then taken by the decoder: one retrieval
    const early = file.retrieveUnchecked();
    expect(await file.retrieveUnchecked()).toBe(await early);
    file.release();
    // the decoded image dropped from Cornerstone's cache: read again from the server
    await file.retrieveUnchecked();
    expect(retrievals).toEqual([files[0]!.ref.sopUid, files[0]!.ref.sopUid]);
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
