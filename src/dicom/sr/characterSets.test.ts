import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dciodvfy, dsrdump } from '../../../tests/dicomValidators';
import type { ReadSession } from '../../../workers/read/model';
import { READER_NAME_MESSAGES, readerNameProblem, type ReaderNameProblem } from '../../../workers/read/readerName';
import { FIXTURE_SESSION, STUDY } from '../../../tests/fixtures/reportRead';
import { encodingOf, redecode, windows1252Bytes } from './characterSets';
import { nadirReadsIn } from './nadirReads';
import { readMeasurementReports, sessionFromReports } from './readMeasurementReports';
import { engineOutput, writeOptions } from '../../../tests/fixtures/srSession';
import { personNameOf, writeMeasurementReport } from './writeMeasurementReport';

const dir = mkdtempSync(join(tmpdir(), 'nadir-charset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture read with a reader, labels and organ text in several scripts. */
const ACCENTED: ReadSession = {
  ...FIXTURE_SESSION,
  readerName: 'Dr Jürgen Müller-Łukasiewicz',
  lesions: FIXTURE_SESSION.lesions.map((lesion, index) => ({
    ...lesion,
    label: `${lesion.label}-é${index}`,
    organ: ['foie, segment VIII (dôme)', 'Leber – Segment IVa', 'ганглий', '肝臓'][index % 4]!,
  })),
};

describe('character sets', () => {
  it.each([
    ['ISO_IR 192', 'utf-8'],
    ['ISO_IR 100', 'windows-1252'],
    ['ISO 2022 IR 100', 'windows-1252'],
    ['ISO_IR 144', 'iso-8859-5'],
    ['', 'windows-1252'],
    ['GB18030', 'gb18030'],
    ['ISO_IR 999', null],
  ])('maps %j to %j', (term, label) => expect(encodingOf(term)).toBe(label));

  it('recovers every byte that dcmjs decoded as latin1 (windows-1252), and decodes it again', () => {
    const all = new Uint8Array(256).map((_, byte) => byte);
    const decoded = new TextDecoder('windows-1252').decode(all);
    expect([...windows1252Bytes(decoded)!]).toEqual([...all]);
    const utf8 = new TextDecoder('latin1').decode(new TextEncoder().encode('Müller ÆØÅ ☃ 肝臓'));
    expect(redecode(utf8, 'utf-8')).toBe('Müller ÆØÅ ☃ 肝臓');
    expect(redecode('plain ASCII', 'utf-8')).toBe('plain ASCII');
  });

  it('reads a non-ASCII read back from its SRs exactly: reader, labels, organ text, patient name', () => {
    const output = engineOutput(ACCENTED);
    const files = (['bl', 'fu1', 'fu2'] as const).map((key) => {
      const options = writeOptions(key);
      return writeMeasurementReport(ACCENTED, output, STUDY[key], { ...options, study: { ...options.study, patientName: 'Øster^Zoë' } });
    });
    const imported = readMeasurementReports(files);
    expect(imported.problems).toEqual([]);
    expect(imported.studies.map((study) => study.readerName)).toEqual(Array(3).fill(ACCENTED.readerName));
    expect(imported.studies[0]!.patientName).toBe('Øster^Zoë');
    const rebuilt = sessionFromReports(imported, { readId: ACCENTED.readId, createdAt: ACCENTED.createdAt, criteria: ACCENTED.criteria });
    for (const lesion of ACCENTED.lesions) {
      const back = rebuilt.lesions.find((candidate) => candidate.label === lesion.label);
      expect(back, lesion.label).toBeDefined();
      expect(back!.organ).toBe(lesion.organ);
    }
    // and such a reader is offered their own read back
    const reads = nadirReadsIn(files.map((bytes, index) => ({ name: `sr-${index}.dcm`, bytes })));
    expect(reads.map((read) => read.readerName)).toEqual([ACCENTED.readerName]);
  });

  it('writes UTF-8 that the validators accept', () => {
    const options = writeOptions('fu1');
    const path = join(dir, 'accented.dcm');
    writeFileSync(path, new Uint8Array(writeMeasurementReport(ACCENTED, engineOutput(ACCENTED), STUDY.fu1, options)));
    expect(dciodvfy(path).errors).toEqual([]);
    const dump = dsrdump(path);
    expect(dump.stdout).toContain('Jürgen Müller');
    expect(dump.stdout).toContain('Leber – Segment IVa');
  });
});

describe('reader names as DICOM person names', () => {
  const table: [string, ReaderNameProblem | null][] = [
    ['Dr Jane Doe', null],
    ['Jürgen Müller', null],
    ['x'.repeat(64), null],
    ['é'.repeat(64), null],
    ['  ', 'empty'],
    ['x'.repeat(65), 'tooLong'],
    ['Doe^Jane', 'delimiter'],
    ['Doe=Jane', 'delimiter'],
    ['Doe\\Jane', 'delimiter'],
    ['Doe\tJane', 'control'],
  ];
  it.each(table)('%j: %s', (name, problem) => {
    expect(readerNameProblem(name)).toBe(problem);
    if (problem) expect(READER_NAME_MESSAGES[problem].length).toBeGreaterThan(10);
  });

  it('writes a valid name whole as the family-name component and refuses one that is not', () => {
    expect(personNameOf('Jürgen Müller')).toBe('Jürgen Müller^');
    expect(personNameOf('Reader^Rita')).toBe('Reader^Rita'); // stored before names were checked: already a PN
    expect(() => personNameOf('Doe=Jane')).toThrow(/cannot contain/);
    expect(() => personNameOf(`${'x'.repeat(65)}^Jane`)).toThrow(/at most 64/);
    expect(() => personNameOf('x'.repeat(65))).toThrow(/at most 64/);
  });
});
