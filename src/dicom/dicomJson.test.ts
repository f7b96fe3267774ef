import { readdirSync, readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { dicomJsonAttributes, readDicomJsonInstance, retrievedFileProblem } from './dicomJson';
import { describeProblem } from './fileProblems';
import { describeRefusal } from './plausibility';
import { readDicomFile } from './readDicomFile';

const corpus = new URL('../../../shared/dicom/', import.meta.url);

/** A file and its DICOM JSON as dcmjs writes it (the format of WADO-RS metadata, PS3.18 §F.2). */
function fileAndJson(path: string) {
  const bytes = readFileSync(new URL(path, corpus));
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const message = dcmjs.data.DicomMessage.readFile(view.slice().buffer);
  // a server's metadata carries neither the file meta group nor the pixel data (it is bulk data)
  const json = JSON.parse(JSON.stringify(message.dict)) as Record<string, unknown>;
  delete json['7FE00010'];
  return { file: readDicomFile(view, path), json };
}

const SERIES = ['series/hcc-tace-seg_HCC_048_baseline_ct_rle', 'series/hcc-tace-seg_HCC_048_SYNTHETIC-followup_ct_jpegls', 'series/dcmqi_ct-3slice_abdomen'];

describe('readDicomJsonInstance reads metadata as readDicomFile reads the file', () => {
  it.each(SERIES)('every slice of %s gives the same instance metadata (but the transfer syntax, not in metadata)', (dir) => {
    const names = readdirSync(new URL(`${dir}/`, corpus)).filter((name) => name.endsWith('.dcm'));
    expect(names.length).toBeGreaterThan(2);
    for (const name of names) {
      const { file, json } = fileAndJson(`${dir}/${name}`);
      const fromJson = readDicomJsonInstance(json, `${dir}/${name}`);
      expect(file.kind).toBe('image');
      expect(fromJson.kind).toBe('image');
      if (file.kind === 'unreadable' || fromJson.kind === 'unreadable') continue;
      expect({ ...fromJson.metadata, transferSyntaxUid: '' }).toEqual({ ...file.metadata, transferSyntaxUid: '' });
    }
  });

  it('an SR is a non-image object, with its study and series', () => {
    const { file, json } = fileAndJson('sr/highdicom_sr_document_TID1500.dcm');
    const fromJson = readDicomJsonInstance(json, 'sr');
    expect(fromJson.kind).toBe('non-image');
    if (fromJson.kind !== 'non-image' || file.kind !== 'non-image') throw new Error('not read');
    expect(fromJson.metadata.seriesInstanceUid).toBe(file.metadata.seriesInstanceUid);
    expect(fromJson.metadata.modality).toBe('SR');
  });
});

/** A small CT instance as Orthanc's WADO-RS metadata gives it (numbers as JSON numbers, names as objects). */
const orthancCt = (): Record<string, unknown> => ({
  '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
  '00080018': { vr: 'UI', Value: ['1.2.3.4.5'] },
  '00080020': { vr: 'DA', Value: ['20010812'] },
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] },
  '0020000D': { vr: 'UI', Value: ['1.2.3'] },
  '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
  '00200013': { vr: 'IS', Value: [7] },
  '00200032': { vr: 'DS', Value: [-180, -180, -176] },
  '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
  '00280010': { vr: 'US', Value: [512] },
  '00280011': { vr: 'US', Value: [512] },
  '00280030': { vr: 'DS', Value: [0.703125, 0.703125] },
  '00180050': { vr: 'DS', Value: [2.5] },
  '00281052': { vr: 'DS', Value: [-1024] },
  '00281053': { vr: 'DS', Value: [1] },
  '00280101': { vr: 'US', Value: [16] },
  '00280103': { vr: 'US', Value: [1] },
});

const problemOf = (json: Record<string, unknown>) => {
  const result = readDicomJsonInstance(json, 'PACS/x');
  return result.kind === 'unreadable' ? describeProblem(result.problem) : `opened as ${result.kind}`;
};

describe('readDicomJsonInstance: values of an untrusted server', () => {
  it('reads geometry, spacing, names and numbers given as numbers or as text', () => {
    const json = orthancCt();
    json['00280030'] = { vr: 'DS', Value: ['0.703125', '0.703125'] };
    json['00200013'] = { vr: 'IS', Value: ['7'] };
    const result = readDicomJsonInstance(json, 'PACS/x');
    if (result.kind !== 'image') throw new Error(result.kind);
    expect(result.metadata).toMatchObject({
      sopInstanceUid: '1.2.3.4.5',
      patientName: 'DOE^JANE',
      studyDate: '2001-08-12',
      instanceNumber: 7,
      rows: 512,
      imagePositionPatient: [-180, -180, -176],
      pixelSpacingMm: [0.703125, 0.703125],
      sliceThicknessMm: 2.5,
      densityCalibrated: true,
      refusedValues: [],
    });
  });

  it('refuses implausible values and names them as for a file', () => {
    const json = orthancCt();
    json['00280030'] = { vr: 'DS', Value: ['abc', 0.7] };
    json['00200037'] = { vr: 'DS', Value: [1, 0, 0, 1, 0, 0] };
    json['00281053'] = { vr: 'DS', Value: [0] };
    json['00180050'] = { vr: 'DS', Value: [{ evil: true }] };
    const result = readDicomJsonInstance(json, 'PACS/x');
    if (result.kind !== 'image') throw new Error(result.kind);
    expect(result.metadata.pixelSpacingMm).toBeNull();
    expect(result.metadata.imageOrientationPatient).toBeNull();
    expect(result.metadata.densityCalibrated).toBe(false);
    expect(result.metadata.refusedValues.map(describeRefusal)).toEqual([
      expect.stringMatching(/^pixel spacing "abc\\0.7" is not a length/),
      'image orientation is not a finite, valid value: shown without its place in the patient',
      expect.stringMatching(/^rescale slope 0 and intercept -1024/),
    ]);
  });

  it('names an instance without valid UIDs: nothing unchecked is put into a URL', () => {
    const json = orthancCt();
    json['00080018'] = { vr: 'UI', Value: ['1.2/../../studies'] };
    expect(problemOf(json)).toBe("damaged DICOM file: the server's metadata gives no valid SOP Instance UID");
    delete json['00080018'];
    expect(problemOf(json)).toBe("damaged DICOM file: the server's metadata gives no valid SOP Instance UID");
    const noSeries = orthancCt();
    noSeries['0020000E'] = { vr: 'UI', Value: ['1.2.3.4 '.repeat(20)] };
    expect(problemOf(noSeries)).toBe("damaged DICOM file: the server's metadata gives no valid Series Instance UID");
  });

  it('names an image without rows or columns, and a transfer syntax Nadir cannot decode', () => {
    const json = orthancCt();
    delete json['00280010'];
    expect(problemOf(json)).toBe('no image in this file (no pixel data; modality CT)');
    const mpeg = { ...orthancCt(), '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.4.100'] } };
    expect(problemOf(mpeg)).toBe('unsupported transfer syntax: MPEG2 Main Profile @ Main Level (1.2.840.10008.1.2.4.100)');
  });

  it('names frame counts no image could have instead of making that many slices', () => {
    const json = { ...orthancCt(), '00280008': { vr: 'IS', Value: [1e9] } };
    expect(problemOf(json)).toMatch(/^damaged DICOM file: the server's metadata announces 1,000,000,000 frames/);
  });

  it('reads no inherited property and tolerates lower-case tags, wrong shapes and empty elements', () => {
    const attributes = dicomJsonAttributes(JSON.parse('{"__proto__": {"Value": ["x"]}, "0020000d": {"vr": "UI", "Value": ["1.2"]}, "00100020": {"vr": "LO"}, "00280010": {"vr": "US", "Value": "512"}, "00280011": {"vr": "US", "Value": ["512"]}}'));
    expect(attributes.string('x0020000d')).toBe('1.2');
    expect(attributes.string('x00100020')).toBeUndefined();
    expect(attributes.elements.x00100020).toBe(true);
    expect(attributes.uint16('x00280010')).toBeUndefined();
    expect(attributes.uint16('x00280011')).toBeUndefined();
    expect(attributes.string('x__proto__')).toBeUndefined();
    expect(attributes.floatString('x00200037')).toBeUndefined();
  });
});

describe('retrievedFileProblem: the retrieved file must be the instance the metadata described', () => {
  const { file, json } = fileAndJson('series/hcc-tace-seg_HCC_048_baseline_ct_rle/IM001.dcm');
  const described = readDicomJsonInstance(json, 'PACS/a');
  if (described.kind !== 'image' || file.kind !== 'image') throw new Error('not read');

  it('accepts the same instance', () => {
    expect(retrievedFileProblem(described.metadata, file)).toBeNull();
  });

  it('names another instance, other geometry or another size, and a damaged file as a file would be named', () => {
    const other = readDicomFile(new Uint8Array(readFileSync(new URL('series/hcc-tace-seg_HCC_048_baseline_ct_rle/IM002.dcm', corpus))), 'b');
    expect(retrievedFileProblem(described.metadata, other)).toBe("the retrieved file does not match the server's metadata (SOP Instance UID, image position): not shown");
    const resized = { ...file, metadata: { ...file.metadata, rows: 256, pixelSpacingMm: [1.4, 1.4] as [number, number] } };
    expect(retrievedFileProblem(described.metadata, resized)).toBe("the retrieved file does not match the server's metadata (rows, pixel spacing): not shown");
    expect(retrievedFileProblem(described.metadata, { kind: 'unreadable', problem: { code: 'truncated', fileSizeBytes: 10, neededBytes: 20 } })).toBe(
      'truncated at byte 10: the data runs to byte 20',
    );
    expect(retrievedFileProblem(described.metadata, { kind: 'non-image', metadata: file.metadata })).toMatch(/non-image object/);
  });
});
