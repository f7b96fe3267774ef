import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import pako from 'pako';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RunResult } from '../scripts/deidentify';
import { dicomParser } from '../src/dicom/dicomParserInterop';
import { writeMeasurementReport } from '../src/dicom/sr/writeMeasurementReport';
import { readMeasurementReports } from '../src/dicom/sr/readMeasurementReports';
import { nadirReadsIn } from '../src/dicom/sr/nadirReads';
import { referenceReadAmong } from '../src/dicom/sr/referenceReport';
import { dciodvfy } from './dicomValidators';
import { FIXTURE_SESSION, STUDY } from './fixtures/reportRead';
import { engineOutput, writeOptions } from './fixtures/srSession';

/**
 * `npm run deidentify` over the phantom, the real HCC_048 CT and a folder of SR, SEG and images from
 * ../shared/dicom, checked by tools that share no code with it: dcmdump (DCMTK) for what remains in the
 * headers, dciodvfy (dicom3tools) for validity, dicom-parser for the pixel data.
 */

const PHANTOM = 'sample-data/phantom-net-01';
const HCC = 'sample-data/hcc048-baseline-ct';
const SHARED = new URL('../../shared/dicom', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'nadir-deid-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

const digestOf = (folder: string) =>
  filesUnder(folder).map((name) => `${name} ${createHash('sha256').update(readFileSync(join(folder, name))).digest('hex')}`);

interface DumpElement {
  tag: string;
  vr: string;
  value: string;
}

interface Dump {
  text: string;
  elements: DumpElement[];
}

const ELEMENT_LINE = /^\s*\(([0-9a-f]{4},[0-9a-f]{4})\) ([A-Z]{2}) (?:\[(.*?)\]|=(\S+)|(-?[\d.e+-]+(?:\\-?[\d.e+-]+)*))/;

const UN_HEX_LINE = /^\s*\(([0-9a-f]{4},[0-9a-f]{4})\) UN ((?:[0-9a-f]{2}\\)*[0-9a-f]{2})\s/;

/** A UN value as dcmdump shows it (hex bytes), as text: a name written as UN is still a name. */
const unText = (hex: string) => String.fromCharCode(...hex.split('\\').map((byte) => parseInt(byte, 16))).replace(/[\0 ]+$/, '');

function parseDump(text: string): Dump {
  const elements = text.split('\n').flatMap((line) => {
    const un = UN_HEX_LINE.exec(line);
    if (un) return [{ tag: un[1]!, vr: 'UN', value: unText(un[2]!) }];
    const match = ELEMENT_LINE.exec(line);
    // `=Name` is dcmdump's name of a registry UID (a SOP class, a transfer syntax): no instance value
    return match && match[4] === undefined ? [{ tag: match[1]!, vr: match[2]!, value: match[3] ?? match[5] ?? '' }] : [];
  });
  // the decoded UN values join the text that is scanned for leaks
  const decoded = elements.filter((element) => element.vr === 'UN').map((element) => `[${element.value}]`);
  return { text: [text, ...decoded].join('\n'), elements };
}

/** dcmdump of many files, every element at every depth; one process per 100 files. */
function dumpAll(paths: readonly string[]): Map<string, Dump> {
  const dumps = new Map<string, Dump>();
  for (let start = 0; start < paths.length; start += 100) {
    const chunk = paths.slice(start, start + 100);
    // -M +R 64: values over 64 kB (pixel data) are not loaded; every text value is, in full (+L)
    const result = spawnSync('dcmdump', ['+F', '+L', '-M', '+R', '64', '-q', ...chunk], { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
    if (result.error) throw new Error(`dcmdump could not run (scripts/install-system-deps.sh installs dcmtk): ${result.error.message}`);
    const parts = result.stdout.split(/^# dcmdump \(\d+\/\d+\): /m).slice(1);
    parts.forEach((part, index) => dumps.set(chunk[index]!, parseDump(part)));
  }
  return dumps;
}

const dump = (path: string): Dump => dumpAll([path]).get(path)!;

const IDENTIFYING_TAGS = new Set([
  '0010,0010', '0010,0020', '0010,0030', '0010,1040', '0010,2154', '0008,0050', '0008,0080', '0008,0081', '0008,1010', '0008,1040',
  '0008,1030', '0008,103e', '0018,1000', '0020,0010', '0020,4000', '0040,1001', '0012,0051',
]);
/** UIDs the profile keeps: they name classes and coding schemes, not instances. */
const KEPT_UID_TAGS = new Set(['0002,0012', '0008,010c', '0008,010d', '0008,0117', '0008,0118']);

/**
 * The values of a dump that must not survive de-identification. A value that the file also holds in
 * an attribute the profile keeps is not one (an Instance Creator UID equal to the Implementation
 * Class UID names the software, not the patient).
 */
function identifyingValues(elements: readonly DumpElement[]): string[] {
  const kept = new Set(elements.filter(({ tag }) => KEPT_UID_TAGS.has(tag)).map(({ value }) => value));
  const values = elements.flatMap(({ tag, vr, value }) => {
    const privateGroup = parseInt(tag.slice(0, 4), 16) % 2 === 1;
    if (vr === 'UI') return KEPT_UID_TAGS.has(tag) || value.startsWith('1.2.840.10008.') ? [] : value.split('\\');
    if (vr === 'PN' || vr === 'DA' || IDENTIFYING_TAGS.has(tag)) return value.split('\\');
    // a standard UID, name or date written as UN (the identifying tags above cover IDs)
    if (vr === 'UN' && !privateGroup && /^(\d+\.){3,}\d+$|^\d{8}$/.test(value)) return KEPT_UID_TAGS.has(tag) || value.startsWith('1.2.840.10008.') ? [] : [value];
    // private text with a letter in it and some length: numbers like 0.000000 recur everywhere
    if (privateGroup && /^(LO|SH|LT|ST|UT)$/.test(vr) && value.length >= 6 && /[A-Za-z]/.test(value)) return [value];
    return [];
  });
  return [...new Set(values.map((value) => value.trim()).filter((value) => value.length >= 3 && !kept.has(value)))];
}

/**
 * Whether an original value is in a dump: anywhere in the text as a token (a UID inside a longer UID
 * does not count); a value under 6 characters only as a whole value, since "QIICR" (an organisation
 * named as content creator) rightly stays inside the manufacturer's URL.
 */
function occurrences(text: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = value.length >= 6 ? `(?<![\\w.])${escaped}(?![\\w.])` : `(?<=[\\[\\\\])${escaped}(?=[\\]\\\\])`;
  return new RegExp(pattern).test(text);
}

/** dciodvfy's errors with values that de-identification changes on purpose (UIDs, dates) masked. */
function normalizedErrors(path: string): Set<string> {
  return new Set(dciodvfy(path).errors.map((error) => error.replace(/\d+(\.\d+){2,}/g, '<UID>').replace(/\b\d{8}\b/g, '<DATE>')));
}

function pixelBytes(path: string): Uint8Array | null {
  const bytes = new Uint8Array(readFileSync(path));
  // a deflated data set is inflated first: its pixel data must then be the same as well
  const inflater = (deflated: Uint8Array, position: number) => {
    const body = pako.inflateRaw(deflated.subarray(position));
    const whole = new Uint8Array(position + body.length);
    whole.set(deflated.subarray(0, position));
    whole.set(body, position);
    return whole;
  };
  const dataSet = dicomParser.parseDicom(bytes, { inflater });
  const parsed = dataSet.byteArray;
  const pixel = dataSet.elements.x7fe00010;
  if (!pixel) return null;
  if (!pixel.encapsulatedPixelData) return parsed.subarray(pixel.dataOffset, pixel.dataOffset + pixel.length);
  const last = pixel.fragments!.at(-1)!;
  return parsed.subarray(pixel.dataOffset, last.position + last.length);
}

/** A few files per series for the slower checks: first, middle and last of each folder; every file of a small folder. */
function sample(names: readonly string[]): string[] {
  if (names.length <= 20) return [...names];
  const byFolder = new Map<string, string[]>();
  for (const name of names) byFolder.set(dirname(name), [...(byFolder.get(dirname(name)) ?? []), name]);
  return [...byFolder.values()].flatMap((list) => [...new Set([list[0]!, list[Math.floor(list.length / 2)]!, list.at(-1)!])]);
}

interface Case {
  input: string;
  output: string;
  before: string[];
  result: RunResult;
  dicomFiles: string[];
  inputDumps: Map<string, Dump>;
  outputDumps: Map<string, Dump>;
}

const cases: Record<'phantom' | 'hcc' | 'mixed', Case> = {} as Record<'phantom' | 'hcc' | 'mixed', Case>;

/** SR + the SEG and RWVM it references, a SEG + the three CT slices it references, a loaded file, a damaged one. */
function buildMixedInput(folder: string): void {
  const copies: [string, string][] = [
    ['sr/dcmqi_sr-example_TID1500_sr.dcm', 'sr-example/sr.dcm'],
    ['sr/dcmqi_sr-example_seg.dcm', 'sr-example/seg.dcm'],
    ['sr/dcmqi_sr-example_rwvm.dcm', 'sr-example/rwvm.dcm'],
    ['sr/dcmqi_liver_SEG.dcm', 'ct-3slice/liver-seg.dcm'],
    ['series/dcmqi_ct-3slice_abdomen/01.dcm', 'ct-3slice/01.dcm'],
    ['series/dcmqi_ct-3slice_abdomen/02.dcm', 'ct-3slice/02.dcm'],
    ['series/dcmqi_ct-3slice_abdomen/03.dcm', 'ct-3slice/03.dcm'],
    ['sr/pydicom_test-SR.dcm', 'other/deep-sr.dcm'],
    ['syntaxes/misc/image_dfl_deflated.dcm', 'other/deflated.dcm'],
    ['syntaxes/mr_small_pydicom/MR_small_explicit-be.dcm', 'other/big-endian.dcm'],
    ['malformed/explicit_VR-UN.dcm', 'other/explicit-vr-un.dcm'],
  ];
  for (const [from, to] of copies) {
    mkdirSync(dirname(join(folder, to)), { recursive: true });
    copyFileSync(join(SHARED, from), join(folder, to));
  }
  // a phantom slice loaded with identifiers, in nested sequences too, and burned-in annotation
  const loaded = join(folder, 'other/loaded.dcm');
  copyFileSync(join(PHANTOM, '01-baseline-ct/series-002-ct-arterial/IM010.dcm'), loaded);
  const modifications = [
    '(0010,1040)=1 Main Street Springfield', '(0008,1070)=Operator^Olga', '(0008,1010)=STATION7', '(0018,1000)=SN-12345',
    '(0008,0050)=ACC123456', '(0020,0010)=STUDY42', '(0010,2154)=555-0100', '(0008,0080)=General Hospital',
    '(0008,1050)=Doctor^Performing', '(0020,4000)=seen by Mr Smith', '(0028,0301)=YES', '(0010,0030)=19500101',
    '(0040,0275)[0].(0040,1001)=REQ777', '(0040,0275)[0].(0032,1032)=Requesting^Rita',
  ];
  const modified = spawnSync('dcmodify', ['-nb', ...modifications.flatMap((modification) => ['-i', modification]), loaded], { encoding: 'utf8' });
  if (modified.status !== 0) throw new Error(`dcmodify failed: ${modified.stderr}`);
  // an SR as Nadir writes it (a reader's name in the content tree)
  const nadirSr = writeMeasurementReport(FIXTURE_SESSION, engineOutput(), STUDY.fu1, writeOptions('fu1'));
  writeFileSync(join(folder, 'other/nadir-sr.dcm'), new Uint8Array(nadirSr));
  const whole = readFileSync(join(PHANTOM, '01-baseline-ct/series-002-ct-arterial/IM001.dcm'));
  writeFileSync(join(folder, 'other/truncated.dcm'), whole.subarray(0, Math.floor(whole.length / 2)));
  writeFileSync(join(folder, 'other/notes.txt'), 'not a DICOM file\n');
}

beforeAll(async () => {
  if (!existsSync(join(PHANTOM, 'generator-stamp.json'))) throw new Error('run `npm run sample-data` first');
  const mixed = join(work, 'mixed-input');
  buildMixedInput(mixed);
  for (const [key, input] of [['phantom', PHANTOM], ['hcc', HCC], ['mixed', mixed]] as const) {
    const output = join(work, `${key}-output`);
    const before = digestOf(input);
    const result = await run([input, output, '--secret', `test-${key}`]);
    const dicomFiles = existsSync(output) ? filesUnder(output) : [];
    const inputDumps = dumpAll(dicomFiles.map((name) => join(input, name)));
    const outputDumps = dumpAll(dicomFiles.map((name) => join(output, name)));
    cases[key] = { input, output, before, result, dicomFiles, inputDumps, outputDumps };
  }
}, 60_000);

describe.each(['phantom', 'hcc', 'mixed'] as const)('npm run deidentify over %s', (key) => {
  it('leaves the input folder byte-identical', () => {
    expect(digestOf(cases[key].input)).toEqual(cases[key].before);
  });

  it('writes every readable DICOM file at its relative path, and nothing else', () => {
    const { input, dicomFiles, result } = cases[key];
    const readable = filesUnder(input).filter((name) => name.endsWith('.dcm') && name !== 'other/truncated.dcm');
    expect(dicomFiles).toEqual(readable);
    expect(result.stdout).toContain(`${readable.length} DICOM files written`);
  });

  it('leaves none of the original identifying values or UIDs anywhere in the dcmdump of the output', () => {
    const { input, output, dicomFiles, inputDumps, outputDumps } = cases[key];
    const leaks = dicomFiles.flatMap((name) => {
      const originals = identifyingValues(inputDumps.get(join(input, name))!.elements);
      const text = outputDumps.get(join(output, name))!.text;
      return originals.filter((value) => occurrences(text, value)).map((value) => `${name}: ${value}`);
    });
    expect(leaks).toEqual([]);
  });

  it('marks every file: Patient Identity Removed YES, 113100 and 113107', () => {
    const { output, dicomFiles } = cases[key];
    for (const name of sample(dicomFiles)) {
      const { elements } = cases[key].outputDumps.get(join(output, name))!;
      const values = (tag: string) => elements.filter((element) => element.tag === tag).map((element) => element.value);
      expect(values('0012,0062'), name).toEqual(['YES']);
      expect(values('0008,0100').filter((code) => code.startsWith('1131')), name).toEqual(['113100', '113107']);
      expect(values('0028,0303'), name).toEqual(['MODIFIED']);
    }
  });

  it('adds no dciodvfy error to any file sampled (UIDs and dates masked)', () => {
    const { input, output, dicomFiles } = cases[key];
    const added = sample(dicomFiles).flatMap((name) => {
      const before = normalizedErrors(join(input, name));
      return [...normalizedErrors(join(output, name))].filter((error) => !before.has(error)).map((error) => `${name}: ${error}`);
    });
    expect(added).toEqual([]);
  });

  it('copies the pixel data byte for byte (compressed fragments included)', () => {
    const { input, output, dicomFiles } = cases[key];
    for (const name of sample(dicomFiles)) {
      const original = pixelBytes(join(input, name));
      const copy = pixelBytes(join(output, name));
      expect(copy === null ? null : Buffer.from(copy).equals(Buffer.from(original ?? [])), name).toBe(original === null ? null : true);
    }
  });
});

describe('dates, references and the exit code', () => {
  const firstStudyDate = (folder: string, study: string) => {
    const name = filesUnder(join(folder, study)).find((file) => file.endsWith('.dcm'))!;
    const value = dump(join(folder, study, name)).elements.find((element) => element.tag === '0008,0020')!.value;
    return Date.UTC(Number(value.slice(0, 4)), Number(value.slice(4, 6)) - 1, Number(value.slice(6, 8)));
  };

  it('moves every phantom study date by the one offset the summary names, so follow-up intervals are unchanged', () => {
    const { output, result } = cases.phantom;
    const offsetDays = Number(/dates moved by (-?\d+) days/.exec(result.stdout)![1]);
    const studies = ['01-baseline-ct', '02-fu1-ct', '03-fu2-ct', '04-baseline-mr', '05-fu1-mr'];
    for (const study of studies) {
      expect((firstStudyDate(output, study) - firstStudyDate(PHANTOM, study)) / 86_400_000, study).toBe(offsetDays);
    }
    expect(offsetDays).toBeLessThanOrEqual(-365);
    expect(result.stdout.match(/patient ANON-/g)).toHaveLength(1);
  });

  it('keeps the SR and SEG references resolving to the de-identified instances', () => {
    const { input, output } = cases.mixed;
    const pairs: [string, string[]][] = [
      ['sr-example/sr.dcm', ['sr-example/seg.dcm', 'sr-example/rwvm.dcm']],
      ['ct-3slice/liver-seg.dcm', ['ct-3slice/01.dcm', 'ct-3slice/02.dcm', 'ct-3slice/03.dcm']],
    ];
    const valuesOf = (path: string, tag: string) => dump(path).elements.filter((element) => element.tag === tag).map((element) => element.value);
    for (const [referring, referenced] of pairs) {
      for (const target of referenced) {
        const originalUid = valuesOf(join(input, target), '0008,0018')[0]!;
        const newUid = valuesOf(join(output, target), '0008,0018')[0]!;
        expect(valuesOf(join(input, referring), '0008,1155'), target).toContain(originalUid);
        expect(newUid).toMatch(/^2\.25\.\d+$/);
        expect(valuesOf(join(output, referring), '0008,1155'), `${referring} → ${target}`).toContain(newUid);
      }
      // the study and series the SEG names are those of its images, after de-identification too
      const studyOf = (folder: string, name: string) => valuesOf(join(folder, name), '0020,000d')[0];
      expect(studyOf(output, referenced[0]!) === studyOf(output, referring)).toBe(studyOf(input, referenced[0]!) === studyOf(input, referring));
    }
  });

  it("retakes the content checksum of Nadir's reports: the de-identified phantom reference is still its reference, the Nadir SR imports without a problem", () => {
    const bytesOf = (path: string) => {
      const bytes = readFileSync(path);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    };
    const referenceFiles = readdirSync(join(cases.phantom.output, 'reference-read')).map((name) => join(cases.phantom.output, 'reference-read', name));
    expect(referenceFiles).toHaveLength(3);
    const reports = readMeasurementReports(referenceFiles.map(bytesOf));
    expect(reports.problems).toEqual([]);
    // retaken, not dropped: each report still carries a checksum, and it is not the original's
    const originals = readMeasurementReports(referenceFiles.map((path) => bytesOf(path.replace(cases.phantom.output, cases.phantom.input))));
    expect(reports.recorded.map((report) => report.seal.stored === report.seal.computed)).toEqual([true, true, true]);
    expect(reports.recorded.map((report) => report.seal.stored)).not.toEqual(originals.recorded.map((report) => report.seal.stored));
    const outcome = referenceReadAmong(nadirReadsIn(referenceFiles.map((path) => ({ name: path, bytes: bytesOf(path) }))), null);
    expect(outcome.ok).toBe(true);
    expect(readMeasurementReports([bytesOf(join(cases.mixed.output, 'other/nadir-sr.dcm'))]).problems).toEqual([]);
  });

  it('names the unreadable file, skips it, flags burned-in annotation and exits 1', () => {
    const { result } = cases.mixed;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/skipped other\/truncated\.dcm: truncated/);
    expect(result.stdout).toMatch(/SKIPPED, could not be read \(not copied\) \(1\):\n {2}other\/truncated\.dcm/);
    expect(result.stdout).toMatch(/FLAGGED, Burned In Annotation is YES[^\n]*\n {2}other\/loaded\.dcm/);
    expect(result.stdout).toMatch(/not DICOM, not copied \(1\):\n {2}other\/notes\.txt/);
    expect(cases.phantom.result.code).toBe(0);
    expect(cases.hcc.result.code).toBe(0);
  });

  it.each([
    [['only-one'], /an input and an output folder are needed/],
    [[PHANTOM, join(PHANTOM, 'inside')], /outside the input folder/],
    [[PHANTOM, join(work, 'x'), '--date-offset-days', '0'], /whole, non-zero number of days/],
    [[PHANTOM, join(work, 'x'), '--colour'], /unknown option --colour/],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('exits 1 from the command line when a DICOM file was skipped, 0 when none was', () => {
    const input = join(work, 'cli-input');
    mkdirSync(input);
    copyFileSync(join(HCC, 'IM001.dcm'), join(input, 'IM001.dcm'));
    const command = (output: string) => spawnSync('npx', ['tsx', 'scripts/deidentify.ts', input, output], { encoding: 'utf8' });
    expect(command(join(work, 'cli-output-1')).status).toBe(0);
    writeFileSync(join(input, 'IM002.dcm'), readFileSync(join(HCC, 'IM002.dcm')).subarray(0, 1000));
    const failed = command(join(work, 'cli-output-2'));
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/skipped IM002\.dcm/);
    expect(filesUnder(join(work, 'cli-output-2'))).toEqual(['IM001.dcm']);
  });

  it('refuses an output folder that is not empty', async () => {
    const result = await run([HCC, cases.hcc.output]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not empty/);
  });
});
