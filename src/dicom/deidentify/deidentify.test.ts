import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shiftDa, shiftDt } from './dates';
import { actionFor, createDeidentifier } from './deidentify';
import { parseDicomTree, writeDicomTree } from './elementTree';
import { hmacSha1, runKeys } from './keys';
import { PROFILE } from './profile';

const hex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');

describe('the action of each element (table rows first, then the rules)', () => {
  it.each([
    ['PatientName (table)', 0x00100010, 'PN', 'DOE^JANE', 'D'],
    ['PatientBirthDate (table)', 0x00100030, 'DA', '19500101', 'Z'],
    ['StudyDate (table, Modified Dates option)', 0x00080020, 'DA', '20240110', 'C'],
    ['AccessionNumber (table)', 0x00080050, 'SH', 'ACC1', 'Z'],
    ['InstitutionName (table)', 0x00080080, 'LO', 'General Hospital', 'X'],
    ['SOPInstanceUID (table)', 0x00080018, 'UI', '1.2.3.4', 'U'],
    ['ReferencedSOPInstanceUID (table)', 0x00081155, 'UI', '1.2.3.4', 'U'],
    ['SOPClassUID (table, kept)', 0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2', 'K'],
    ['ContentSequence (table, cleaned item by item)', 0x0040a730, 'SQ', '', 'C'],
    ['a private element', 0x00091001, 'LO', 'ACME', 'X'],
    ['a private creator', 0x00130010, 'LO', 'CTP', 'X'],
    ['a group length', 0x00080000, 'UL', '', 'X'],
    ['overlay data', 0x60003000, 'OW', '', 'X'],
    ['curve data', 0x50003000, 'OW', '', 'X'],
    ['an unlisted Patient attribute', 0x00102201, 'LO', 'dog', 'X'],
    ['an unlisted Visit attribute', 0x00380300, 'LO', 'Ward 3', 'X'],
    ['an unlisted person name', 0x00700084, 'PN', 'QIICR', 'Z'],
    ['an unlisted UID (Creator Version UID)', 0x00089123, 'UI', '1.2.3.4.5', 'U'],
    ['an unlisted registry UID (Referenced Transfer Syntax UID in File)', 0x00041512, 'UI', '1.2.840.10008.1.2.1', 'K'],
    ['an unlisted date', 0x00181012, 'DA', '20240110', 'C'],
    ['an unlisted date-time', 0x00189516, 'DT', '20240110101010', 'C'],
    ['a value of undeclared VR', 0x00181999, 'UN', '', 'X'],
    ['a geometric attribute', 0x00200032, 'DS', '-180\\-180\\-176', 'K'],
    ['a description of the acquisition', 0x00181210, 'SH', 'STANDARD', 'K'],
  ])('%s → %s', (_name, tag, vr, value, action) => {
    expect(actionFor(tag, vr, value)).toBe(action);
  });

  it('keys every table row by 8 upper-case hex digits and gives it a PS3.15 action code', () => {
    for (const [tag, row] of Object.entries(PROFILE)) {
      expect(tag).toMatch(/^[0-9A-F]{8}$/);
      expect(['D', 'Z', 'X', 'K', 'C', 'U']).toContain(row.action);
    }
  });
});

describe('dates move by whole days; times stay', () => {
  it.each([
    ['20240110', -770, '20211201'],
    ['20240301', -1, '20240229'],
    ['20230301', -1, '20230228'],
    ['20240110\\20240410', -10, '20231231\\20240331'],
    ['', -10, ''],
    ['20240231', -10, null],
    ['2024.01.10', -10, null],
    ['2024', -10, null],
  ])('DA %j by %d days → %j', (value, days, expected) => {
    expect(shiftDa(value, days)).toBe(expected);
  });

  it.each([
    ['20240110101530.123456+0100', -770, '20211201101530.123456+0100'],
    ['20240110', -1, '20240109'],
    ['2024', -1, null],
  ])('DT %j by %d days → %j', (value, days, expected) => {
    expect(shiftDt(value, days)).toBe(expected);
  });

  it('keeps the interval between two dates of a patient', () => {
    const day = (value: string) => Date.UTC(Number(value.slice(0, 4)), Number(value.slice(4, 6)) - 1, Number(value.slice(6)));
    const offset = runKeys('secret').dateOffsetDays('PATIENT');
    const [baseline, followUp] = ['20240110', '20240710'].map((value) => shiftDa(value, offset)!);
    expect((day(followUp!) - day(baseline!)) / 86_400_000).toBe(182);
  });
});

describe('keys of a run', () => {
  it('computes HMAC-SHA-1 like RFC 2202 (test cases 1 and 2)', () => {
    expect(hex(hmacSha1(new Uint8Array(20).fill(0x0b), new TextEncoder().encode('Hi There')))).toBe('b617318655057264e28bc0b6fb378c8ef146be00');
    expect(hex(hmacSha1(new TextEncoder().encode('Jefe'), new TextEncoder().encode('what do ya want for nothing?')))).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
  });

  it('gives the same original the same new UID under one secret, another under another', () => {
    const keys = runKeys('one');
    const uid = keys.uid('1.2.3.4');
    expect(uid).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    expect(keys.uid('1.2.3.4')).toBe(uid);
    expect(keys.uid('1.2.3.5')).not.toBe(uid);
    expect(runKeys('two').uid('1.2.3.4')).not.toBe(uid);
  });

  it('moves dates back by 1 to 10 years, the same for the same patient', () => {
    const keys = runKeys('one');
    const offsets = Array.from({ length: 200 }, (_, index) => keys.dateOffsetDays(`patient ${index}`));
    expect(Math.max(...offsets)).toBeLessThanOrEqual(-365);
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(-(365 + 3288));
    expect(keys.dateOffsetDays('patient 7')).toBe(offsets[7]);
  });
});

describe('one file', () => {
  const file = new Uint8Array(readFileSync('sample-data/hcc048-baseline-ct/IM001.dcm'));

  it('is parsed and written back with every element as it was (a round trip with no change)', () => {
    const tree = parseDicomTree(file);
    if ('code' in tree) throw new Error(tree.code);
    const again = parseDicomTree(writeDicomTree(tree));
    expect(again).toEqual(tree);
  });

  it('is the same bytes under the same secret, and the fixed offset applies', () => {
    const a = createDeidentifier({ secret: 's', dateOffsetDays: -100 }).file(file);
    const b = createDeidentifier({ secret: 's', dateOffsetDays: -100 }).file(file);
    if (a.kind !== 'written' || b.kind !== 'written') throw new Error('not written');
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.dateOffsetDays).toBe(-100);
  });

  it.each([
    ['empty', new Uint8Array(0), 'empty'],
    ['without its preamble', file.subarray(128), 'malformed'],
    ['no DICM marker', new Uint8Array(300), 'not-dicom'],
    ['cut in half', file.subarray(0, file.length / 2), 'truncated'],
  ])('is skipped when %s', (_name, bytes, code) => {
    const outcome = createDeidentifier({ secret: 's' }).file(bytes);
    expect(outcome.kind === 'skipped' ? outcome.problem.code : outcome.kind).toBe(code);
  });

  it('refuses a zero or fractional fixed offset (it would keep or garble the real dates)', () => {
    expect(() => createDeidentifier({ secret: 's', dateOffsetDays: 0 })).toThrow(RangeError);
    expect(() => createDeidentifier({ secret: 's', dateOffsetDays: 1.5 })).toThrow(RangeError);
  });
});

describe('the library runs in a browser too', () => {
  it('imports no Node module (the app can de-identify with the same code)', () => {
    const sources = readdirSync('src/dicom/deidentify').filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    const nodeImports = sources.flatMap((name) =>
      [...readFileSync(`src/dicom/deidentify/${name}`, 'utf8').matchAll(/from '([^']+)'/g)]
        .map((match) => match[1]!)
        .filter((module) => module.startsWith('node:') || ['fs', 'path', 'crypto', 'os', 'buffer', 'zlib'].includes(module))
        .map((module) => `${name}: ${module}`),
    );
    expect(sources.length).toBeGreaterThan(0);
    expect(nodeImports).toEqual([]);
  });
});
