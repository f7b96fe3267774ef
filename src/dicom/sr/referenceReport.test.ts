import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dciodvfy, dsrdump } from '../../../tests/dicomValidators';
import { FIXTURE_SESSION, STUDY } from '../../../tests/fixtures/reportRead';
import { engineOutput, writeOptions } from '../../../tests/fixtures/srSession';
import { assessPatient } from '../../../workers/engine';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { namedByLabel } from '../../../workers/testing/namedByLabel';
import { readPart10, text } from './dcmjsFacade';
import { PURPOSE_SERIES, READ_PURPOSE_CODES, READ_PURPOSE_CONCEPT } from './items/reference';
import { nadirReadsIn, ordinaryReads, readsOfReader, signedReadsOf, teachingReadsOf } from './nadirReads';
import { readMeasurementReports } from './readMeasurementReports';
import { quizReadsAmong, referenceReadAmong, referenceReadId, writePurposeReport } from './referenceReport';
import { writeMeasurementReport } from './writeMeasurementReport';

const KEYS = ['bl', 'fu1', 'fu2'] as const;
const output = engineOutput();
const reference = KEYS.map((key) => writePurposeReport('reference', FIXTURE_SESSION, output, STUDY[key], writeOptions(key)));
const dir = mkdtempSync(join(tmpdir(), 'nadir-reference-sr-'));
const paths = KEYS.map((key, index) => {
  const path = join(dir, `reference-${key}.dcm`);
  writeFileSync(path, new Uint8Array(reference[index]!));
  return path;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a reference read as DICOM SR (issue 16)', () => {
  it('keeps its codes within SH and LO', () => {
    for (const code of [READ_PURPOSE_CONCEPT, ...Object.values(READ_PURPOSE_CODES)]) {
      expect(code.value.length, code.value).toBeLessThanOrEqual(16);
      expect(code.meaning.length, code.meaning).toBeLessThanOrEqual(64);
    }
  });

  it.each(KEYS.map((key, index) => [key, index] as const))('%s passes dciodvfy with 0 errors and dsrdump shows the purpose', (_key, index) => {
    const { errors, summary } = dciodvfy(paths[index]!);
    console.log(`dciodvfy reference ${_key}: ${summary}`);
    expect(errors).toEqual([]);
    const dump = dsrdump(paths[index]!);
    expect(dump.status).toBe(0);
    expect(dump.stdout).toContain('(READ-PURPOSE,99NADIR,"Purpose of the read")');
    expect(dump.stdout).toContain('(REFERENCE-READ,99NADIR,"Reference read of a teaching case")');
  });

  it('names its series for a PACS user', () => {
    const dataset = readPart10(reference[1]!);
    expect([text(dataset, 'SeriesDescription'), text(dataset, 'SeriesNumber')]).toEqual([`${PURPOSE_SERIES.reference.description} FU1`, String(PURPOSE_SERIES.reference.number)]);
  });

  it('reads back as the same read, marked as the reference, with no problem', () => {
    const imported = readMeasurementReports(reference);
    expect(imported.problems).toEqual([]);
    expect(imported.studies.map((study) => study.purpose)).toEqual(['reference', 'reference', 'reference']);
    const outcome = referenceReadAmong(nadirReadsIn(paths.map((path, index) => ({ name: path, bytes: reference[index]! }))), FIXTURE_SESSION.patientId);
    if (!outcome.ok) throw new Error(outcome.message);
    const read = outcome.read;
    expect(read.readId).toBe(referenceReadId(FIXTURE_SESSION.patientId));
    expect(read.readerName).toBe(FIXTURE_SESSION.readerName);
    expect(read.timepoints).toEqual(FIXTURE_SESSION.timepoints);
    const lesionText = (session: typeof read) => session.lesions.map((lesion) => [lesion.label, lesion.role, lesion.organ, lesion.isLymphNode].join(' ')).sort();
    expect(lesionText(read)).toEqual(lesionText(FIXTURE_SESSION));
    // every caliper length exactly, so the engine gives the same verdicts from it
    const again = assessPatient(toExchangeInput(read));
    expect(namedByLabel(again, read.lesions)).toEqual(namedByLabel({ ok: true, output }, FIXTURE_SESSION.lesions));
  });

  it('is never offered as an ordinary read: not as the reader’s own, not to adjudicate', () => {
    const ordinary = KEYS.map((key) => writeMeasurementReport(FIXTURE_SESSION, output, STUDY[key], writeOptions(key)));
    const files = [...reference, ...ordinary].map((bytes, index) => ({ name: `sr-${index}.dcm`, bytes }));
    const reads = nadirReadsIn(files);
    // the same reader, the same patient: two reads, told apart by purpose
    expect(reads.map((read) => read.purpose).sort()).toEqual(['reference', null].sort());
    expect(readsOfReader(reads, FIXTURE_SESSION.patientId, FIXTURE_SESSION.readerName).map((read) => read.purpose)).toEqual([null]);
    expect(ordinaryReads(reads)).toHaveLength(1);
    expect(teachingReadsOf(reads, FIXTURE_SESSION.patientId, 'reference')).toHaveLength(1);
    expect(teachingReadsOf(reads, 'another patient', 'reference')).toHaveLength(0);
    const signed = KEYS.map((key) => writePurposeReport('reference', FIXTURE_SESSION, output, STUDY[key], { ...writeOptions(key), verification: { verifierName: 'Dr Teacher', at: new Date('2024-07-12T11:00:00Z') } }));
    const signedReads = nadirReadsIn(signed.map((bytes, index) => ({ name: `signed-${index}.dcm`, bytes })));
    expect(signedReads[0]?.signedBy).toBe('Dr Teacher');
    expect(signedReadsOf(signedReads, FIXTURE_SESSION.patientId)).toEqual([]);
  });

  it('refuses a reference that is missing or damaged, saying why', () => {
    expect(referenceReadAmong([], 'P1')).toEqual({ ok: false, message: 'no reference read of patient P1 is stored as SR' });
    const ordinary = writeMeasurementReport(FIXTURE_SESSION, output, STUDY.bl, writeOptions('bl'));
    expect(referenceReadAmong(nadirReadsIn([{ name: 'plain.dcm', bytes: ordinary }]), null).ok).toBe(false);
    // a quiz read is a learner's, never a reference
    const quiz = writePurposeReport('quiz', FIXTURE_SESSION, output, STUDY.bl, writeOptions('bl'));
    expect(readMeasurementReports([quiz]).studies[0]?.purpose).toBe('quiz');
    expect(referenceReadAmong(nadirReadsIn([{ name: 'quiz.dcm', bytes: quiz }]), null).ok).toBe(false);
  });

  it('reads learners’ quiz reads back one per learner, never as a reference or an ordinary read', () => {
    const learners = ['Ann Example', 'Bob Example'];
    const files = learners.flatMap((learner) =>
      KEYS.map((key) => ({ name: `${learner}-${key}.dcm`, bytes: writePurposeReport('quiz', { ...FIXTURE_SESSION, readerName: learner }, output, STUDY[key], writeOptions(key)) })),
    );
    const reads = nadirReadsIn([...files, ...paths.map((path, index) => ({ name: path, bytes: reference[index]! }))]);
    const quiz = quizReadsAmong(reads, FIXTURE_SESSION.patientId);
    expect(quiz.map((found) => found.learner).sort()).toEqual(learners);
    expect(quiz.every((found) => found.problems.length === 0 && found.read.timepoints.length === 3 && found.read.lesions.length === FIXTURE_SESSION.lesions.length)).toBe(true);
    expect(ordinaryReads(reads)).toEqual([]);
    // the reference is still the reference, whatever quiz reads lie beside it
    const outcome = referenceReadAmong(reads, FIXTURE_SESSION.patientId);
    expect(outcome.ok && outcome.readerName).toBe(FIXTURE_SESSION.readerName);
  });

  it('writes a quiz read stopped early: a timepoint with nothing recorded is still valid DICOM and reads back', () => {
    const early = { ...FIXTURE_SESSION, readerName: 'Ann Example', observations: { [STUDY.bl]: FIXTURE_SESSION.observations[STUDY.bl]!, [STUDY.fu1]: {}, [STUDY.fu2]: {} } };
    const files = KEYS.map((key) => writePurposeReport('quiz', early, output, STUDY[key], writeOptions(key)));
    const path = join(dir, 'quiz-fu1-empty.dcm');
    writeFileSync(path, new Uint8Array(files[1]!));
    expect(dciodvfy(path).errors).toEqual([]);
    expect(dsrdump(path).status).toBe(0);
    const [found] = quizReadsAmong(nadirReadsIn(files.map((bytes, index) => ({ name: `early-${index}.dcm`, bytes }))), null);
    expect(found?.problems).toEqual([]);
    expect(found?.read.timepoints.map((timepoint) => timepoint.studyInstanceUid)).toEqual(KEYS.map((key) => STUDY[key]));
    expect(Object.keys(found?.read.observations[STUDY.fu1] ?? {})).toEqual([]);
  });
});
